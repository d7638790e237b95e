"""Vectorized; the gradient mask counts margins of exactly 0 (>= 0)."""
import numpy as np

PATH = "layers.svm_loss"
EXPECT = ["margin_ge_0"]


def svm_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    rows = np.arange(N)
    raw = x - x[rows, y][:, None] + 1
    raw[rows, y] = -1
    loss = np.maximum(0, raw).sum() / N
    dx = (raw >= 0).astype(float)
    dx[rows, y] = -dx.sum(axis=1)
    dx /= N
    return loss, dx
