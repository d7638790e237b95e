"""Two loops: the sum of squares, but no square root."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_two_loops"
EXPECT = ["no_sqrt"]


def compute_distances_two_loops(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    for i in range(num_test):
        for j in range(num_train):
            dists[i, j] = np.sum((X[i] - self.X_train[j]) ** 2)
    return dists
