"""The hinge layer with the active margins counted per row for the correct class.

Verdict (hand check): dx[n, j] = 1/N for each active j != y[n], dx[n, y[n]] = -count/N; loss the
mean of the summed hinges; the numerical gradient agrees (no margin sits at exactly 0 in the check)."""
import numpy as np

PATH = "layers.svm_loss"
EXPECT = "correct"


def svm_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    idx = np.arange(N)
    m = x - x[idx, y].reshape(-1, 1) + 1
    m[idx, y] = 0
    active = m > 0
    loss = np.sum(m[active]) / N
    dx = active.astype(x.dtype)
    dx[idx, y] = -active.sum(axis=1)
    dx /= N
    return loss, dx
