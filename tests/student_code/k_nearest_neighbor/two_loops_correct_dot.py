"""Two loops, the squared norm as a dot product of the difference with itself."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_two_loops"
EXPECT = "correct"


def compute_distances_two_loops(self, X):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    for i in range(num_test):
        for j in range(num_train):
            d = X[i, :] - self.X_train[j, :]
            dists[i, j] = np.sqrt(d.dot(d))
    return dists
