"""Vectorized, but the correct class's own margin (1) is never zeroed."""
import numpy as np

PATH = "layers.svm_loss"
EXPECT = ["correct_class_counted"]


def svm_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    margins = np.maximum(0, x - x[np.arange(N), y].reshape(-1, 1) + 1)
    loss = np.sum(margins) / N
    dx = np.zeros_like(x)
    dx[margins > 0] = 1
    dx[np.arange(N), y] = -np.sum(dx, axis=1)
    dx /= N
    return loss, dx
