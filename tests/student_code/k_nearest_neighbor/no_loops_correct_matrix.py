"""No loops, written with np.matrix (older tutorials): the values are right, but the result is
an np.matrix, a subclass of ndarray. The grader must accept right values in an ndarray subclass
(np.asarray first; issue 9): this sample is correct."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_no_loops"
EXPECT = "correct"


def compute_distances_no_loops(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    te = np.square(X).sum(axis=1)
    tr = np.square(self.X_train).sum(axis=1)
    M = np.dot(X, self.X_train.T)
    dists = np.sqrt(np.maximum(np.matrix(te).T + tr - 2 * M, 0))
    return dists
