"""Flattens with np.prod of the trailing dimensions; np.dot."""
import numpy as np

PATH = "layers.affine_forward"
EXPECT = "correct"


def affine_forward(x, w, b):
    out = None
    N = x.shape[0]
    D = int(np.prod(x.shape[1:]))
    out = np.dot(x.reshape(N, D), w) + b.reshape(1, -1)
    cache = (x, w, b)
    return out, cache
