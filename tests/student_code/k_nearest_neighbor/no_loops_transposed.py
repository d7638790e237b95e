"""No loops, built from the training side: rows are training points."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_no_loops"
EXPECT = ["transposed"]


def compute_distances_no_loops(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    tr = np.sum(self.X_train * self.X_train, axis=1).reshape(-1, 1)
    te = np.sum(X * X, axis=1).reshape(1, -1)
    dists = np.sqrt(np.clip(tr + te - 2 * self.X_train @ X.T, 0, None))
    return dists
