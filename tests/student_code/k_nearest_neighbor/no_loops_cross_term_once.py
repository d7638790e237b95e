"""No loops: the cross term subtracted once (the factor 2 forgotten)."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_no_loops"
EXPECT = ["cross_term_not_doubled"]


def compute_distances_no_loops(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    sq = (X ** 2).sum(axis=1, keepdims=True) + (self.X_train ** 2).sum(axis=1) - np.dot(X, self.X_train.T)
    dists = np.sqrt(np.maximum(sq, 0.0))
    return dists
