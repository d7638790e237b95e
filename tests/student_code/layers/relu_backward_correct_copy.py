"""Copies dout and zeroes it where x <= 0."""
import numpy as np

PATH = "layers.relu_backward"
EXPECT = "correct"


def relu_backward(dout, cache):
    x = cache
    dx = None
    dx = dout.copy()
    dx[x <= 0] = 0
    return dx
