"""np.linalg.norm with ord=1: the Manhattan distance.

Verdict (hand check): sum |X[i] - X_train[j]| instead of sqrt(sum (X[i] - X_train[j])**2)."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_two_loops"
EXPECT = ["l1_distance"]


def compute_distances_two_loops(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    for i in range(num_test):
        for j in range(num_train):
            dists[i, j] = np.linalg.norm(X[i] - self.X_train[j], ord=1)
    return dists
