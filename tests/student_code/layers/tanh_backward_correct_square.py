"""1 - np.square(out)."""
import numpy as np

PATH = "layers.tanh_backward"
EXPECT = "correct"


def tanh_backward(dout, cache):
    out = cache
    dx = None
    dx = dout * (1 - np.square(out))
    return dx
