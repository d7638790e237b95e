"""One loop, but np.sum without axis: one number for the whole row."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_one_loop"
EXPECT = ["sum_without_axis"]


def compute_distances_one_loop(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    for i in range(num_test):
        dists[i, :] = np.sqrt(np.sum(np.square(self.X_train - X[i])))
    return dists
