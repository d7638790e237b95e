"""Normalizes over the examples (axis=0) throughout.

Verdict (hand check): each column, not each row, sums to 1; the loss and dx both differ from
the formula."""
import numpy as np

PATH = "layers.softmax_loss"
EXPECT = ["wrong_axis_sum"]


def softmax_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    shifted = x - np.max(x, axis=1, keepdims=True)
    e = np.exp(shifted)
    norm = np.sum(e, axis=0, keepdims=True)
    loss = np.mean(np.log(norm[0, y]) - shifted[np.arange(N), y])
    dx = e / norm
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx
