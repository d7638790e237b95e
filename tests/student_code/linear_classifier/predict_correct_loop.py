"""A loop over the examples, filling the given int64 array."""
import numpy as np

PATH = "classifiers.linear_classifier.LinearClassifier.predict"
EXPECT = "correct"


def predict(self, X):
    if self.W is None:
        raise RuntimeError("This classifier has no weights yet: call train(X_train, y_train) first.")
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != self.W.shape[0]:
        raise ValueError(f"X must have shape (N, {self.W.shape[0]}) to match W {self.W.shape}, got {X.shape}")
    y_pred = np.zeros(X.shape[0], dtype=np.int64)
    for i in range(X.shape[0]):
        y_pred[i] = np.argmax(X[i] @ self.W)
    return y_pred
