"""One loop; the row-wise squared norms with einsum."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_one_loop"
EXPECT = "correct"


def compute_distances_one_loop(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    for i in range(num_test):
        diff = self.X_train - X[i]
        dists[i] = np.sqrt(np.einsum("ij,ij->i", diff, diff))
    return dists
