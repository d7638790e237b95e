"""One loop, np.linalg.norm over the feature axis.

Verdict (hand check): row i holds the L2 distances from test point i to every training point."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_one_loop"
EXPECT = "correct"


def compute_distances_one_loop(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    for i in range(num_test):
        dists[i, :] = np.linalg.norm(self.X_train - X[i], axis=1)
    return dists
