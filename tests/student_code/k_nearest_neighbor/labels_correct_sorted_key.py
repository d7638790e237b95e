"""Python's sorted (a stable sort) on the indices keyed by distance, then a dict of counts with
ties to the smaller label.

Verdict (hand check): sorted is stable, so equal distances keep the training order; max over
(count, -label) picks the most frequent label and the smaller one among ties: the docstring's rules."""
import numpy as np

PATH = "classifiers.k_nearest_neighbor.KNearestNeighbor.predict_labels"
EXPECT = "correct"


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
        order = sorted(range(num_train), key=lambda j: dists[i, j])
        closest_y = [int(self.y_train[j]) for j in order[:k]]
        counts = {}
        for label in closest_y:
            counts[label] = counts.get(label, 0) + 1
        y_pred[i] = max(counts, key=lambda label: (counts[label], -label))
    return y_pred
