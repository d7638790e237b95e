"""(1 + out)(1 - out), factored."""
import numpy as np

PATH = "layers.tanh_backward"
EXPECT = "correct"


def tanh_backward(dout, cache):
    out = cache
    dx = None
    dx = (1 + out) * (1 - out) * dout
    return dx
