"""Copies dout and scales it by alpha where x <= 0."""
import numpy as np

PATH = "layers.leaky_relu_backward"
EXPECT = "correct"


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    dx = None
    dx = dout.copy()
    dx[x <= 0] *= alpha
    return dx
