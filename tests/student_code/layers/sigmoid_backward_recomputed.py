"""Treats the cache as x and applies the sigmoid again."""
import numpy as np

PATH = "layers.sigmoid_backward"
EXPECT = ["recomputed_from_output"]


def sigmoid_backward(dout, cache):
    out = cache
    dx = None
    sig = 1 / (1 + np.exp(-cache))
    dx = dout * sig * (1 - sig)
    return dx
