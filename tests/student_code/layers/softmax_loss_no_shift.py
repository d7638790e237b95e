"""No max shift at all: exp of the raw scores.

Verdict (hand check): right for small scores; the hidden case with scores around 1e3 overflows
(inf / inf = NaN) where the formula is finite."""
import numpy as np

PATH = "layers.softmax_loss"
EXPECT = ["no_max_shift"]


def softmax_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    e = np.exp(x)
    p = e / e.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(e.sum(axis=1)) - x[np.arange(N), y])
    dx = p.copy()
    dx[np.arange(N), y] -= 1
    dx = dx / N
    return loss, dx
