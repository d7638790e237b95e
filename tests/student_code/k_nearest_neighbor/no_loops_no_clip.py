"""No loops: the expansion, square root straight away (tiny negatives become NaN)."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_no_loops"
EXPECT = ["no_clip"]


def compute_distances_no_loops(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    dists = np.sqrt(np.sum(X ** 2, axis=1)[:, np.newaxis] - 2 * X.dot(self.X_train.T)
                    + np.sum(self.X_train ** 2, axis=1))
    return dists
