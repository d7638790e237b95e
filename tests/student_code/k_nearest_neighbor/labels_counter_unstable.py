"""The classic: default np.argsort and collections.Counter(...).most_common(1). The unstable sort is
no mistake (any order among equal distances is right); the Counter's tie rule is, and it is named
in whatever order the sort leaves equally far neighbours (the wrong version is replayed in numpy's
default order too)."""
from collections import Counter

import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.predict_labels"
EXPECT = ["counter_vote"]


def predict_labels(self, dists, k=1):
    if self.y_train is None:
        raise RuntimeError("The classifier has no training data yet: call train(X_train, y_train) first.")
    dists = np.asarray(dists)
    num_train = self.y_train.shape[0]
    if dists.ndim != 2 or dists.shape[1] != num_train:
        raise ValueError(f"dists must have shape (num_test, {num_train}), got {dists.shape}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= num_train:
        raise ValueError(f"k must be an integer with 1 <= k <= num_train = {num_train}, got k={k!r}")
    num_test = dists.shape[0]
    y_pred = np.zeros(num_test, dtype=np.int64)
    for i in range(num_test):
        closest_y = []
        closest_y = [self.y_train[j] for j in np.argsort(dists[i])[:k]]
        y_pred[i] = Counter(closest_y).most_common(1)[0][0]
    return y_pred
