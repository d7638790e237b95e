"""No loops: the expansion with keepdims and a clip at 0 (np.maximum)."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_no_loops"
EXPECT = "correct"


def compute_distances_no_loops(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    test_sq = np.sum(X ** 2, axis=1, keepdims=True)
    train_sq = np.sum(self.X_train ** 2, axis=1)
    cross = X.dot(self.X_train.T)
    dists = np.sqrt(np.maximum(test_sq + train_sq - 2 * cross, 0))
    return dists
