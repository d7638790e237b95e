"""Two boolean masks, each branch evaluated only where it is stable."""
import numpy as np

PATH = "layers.sigmoid_forward"
EXPECT = "correct"


def sigmoid_forward(x):
    out = None
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1.0 + e)
    cache = out
    return out, cache
