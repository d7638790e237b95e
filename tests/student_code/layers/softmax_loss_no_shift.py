"""No max shift: exp(1000) overflows."""
import numpy as np

PATH = "layers.softmax_loss"
EXPECT = ["no_max_shift"]


def softmax_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    e = np.exp(x)
    probs = e / e.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[range(N), y]))
    dx = probs
    dx[range(N), y] -= 1
    dx = dx / N
    return loss, dx
