"""A hand-written argmax with >=: equal scores go to the later (larger) class."""
import numpy as np

PATH = "classifiers.linear_classifier.LinearClassifier.predict"
EXPECT = ["ties_to_larger_class"]


def predict(self, X):
    if self.W is None:
        raise RuntimeError("This classifier has no weights yet: call train(X_train, y_train) first.")
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != self.W.shape[0]:
        raise ValueError(f"X must have shape (N, {self.W.shape[0]}) to match W {self.W.shape}, got {X.shape}")
    y_pred = np.zeros(X.shape[0], dtype=np.int64)
    scores = X @ self.W
    for i in range(X.shape[0]):
        best = 0
        for c in range(scores.shape[1]):
            if scores[i, c] >= scores[i, best]:
                best = c
        y_pred[i] = best
    return y_pred
