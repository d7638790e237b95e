"""Applies tanh to the cached output again."""
import numpy as np

PATH = "layers.tanh_backward"
EXPECT = ["recomputed_from_output"]


def tanh_backward(dout, cache):
    out = cache
    dx = None
    dx = dout * (1 - np.tanh(cache) ** 2)
    return dx
