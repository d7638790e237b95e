"""Uses the cached output directly."""
import numpy as np

PATH = "layers.sigmoid_backward"
EXPECT = "correct"


def sigmoid_backward(dout, cache):
    out = cache
    dx = None
    s = cache
    dx = dout * s * (1.0 - s)
    return dx
