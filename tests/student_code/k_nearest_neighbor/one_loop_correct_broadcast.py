"""One loop, broadcasting the test point against all training points."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_one_loop"
EXPECT = "correct"


def compute_distances_one_loop(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    for i in range(num_test):
        dists[i, :] = np.sqrt(np.sum((self.X_train - X[i, :]) ** 2, axis=1))
    return dists
