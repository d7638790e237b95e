"""out - out**2, expanded."""
import numpy as np

PATH = "layers.sigmoid_backward"
EXPECT = "correct"


def sigmoid_backward(dout, cache):
    out = cache
    dx = None
    dx = (out - out ** 2) * dout
    return dx
