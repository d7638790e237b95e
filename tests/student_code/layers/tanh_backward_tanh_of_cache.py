"""Treats the cache as the input x and applies tanh again.

Verdict (hand check): the cache holds tanh(x); 1 - tanh(tanh(x))**2 is not 1 - tanh(x)**2."""
import numpy as np

PATH = "layers.tanh_backward"
EXPECT = ["recomputed_from_output"]


def tanh_backward(dout, cache):
    out = cache
    dx = None
    t = np.tanh(cache)
    dx = dout * (1 - t ** 2)
    return dx
