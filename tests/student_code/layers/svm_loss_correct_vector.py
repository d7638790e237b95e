"""Vectorized with a count of the active margins per row."""
import numpy as np

PATH = "layers.svm_loss"
EXPECT = "correct"


def svm_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    correct = x[np.arange(N), y][:, None]
    margins = np.maximum(0, x - correct + 1)
    margins[np.arange(N), y] = 0
    loss = margins.sum() / N
    num_pos = (margins > 0).sum(axis=1)
    dx = (margins > 0).astype(x.dtype)
    dx[np.arange(N), y] -= num_pos
    dx /= N
    return loss, dx
