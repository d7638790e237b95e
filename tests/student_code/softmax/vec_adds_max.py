"""Vectorized; the row max is added instead of subtracted.

Verdict (hand check): softmax is invariant to a per-row constant, so moderate scores give the
right loss and dW; at scores around 1e3 exp overflows (inf / inf = NaN)."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_vectorized"
EXPECT = ["max_added"]


def softmax_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros_like(W)
    N = X.shape[0]
    scores = X @ W
    scores = scores + np.max(scores, axis=1, keepdims=True)
    e = np.exp(scores)
    sums = e.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(sums[:, 0]) - scores[np.arange(N), y]) + reg * np.sum(W * W)
    p = e / sums
    p[np.arange(N), y] -= 1
    dW = X.T @ p / N + 2 * reg * W
    return loss, dW
