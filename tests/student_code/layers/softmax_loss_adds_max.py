"""The loss layer adds the row max instead of subtracting it.

Verdict (hand check): invariant for moderate scores; NaN where the hidden case has scores in
the thousands (exp overflows), where the formula is finite."""
import numpy as np

PATH = "layers.softmax_loss"
EXPECT = ["max_added"]


def softmax_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    z = x + np.max(x, axis=1, keepdims=True)
    ez = np.exp(z)
    sz = np.sum(ez, axis=1, keepdims=True)
    loss = np.mean(np.log(sz).ravel() - z[np.arange(N), y])
    dx = ez / sz
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx
