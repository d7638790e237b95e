"""Copies dout and scales the non-positive side by out + alpha."""
import numpy as np

PATH = "layers.elu_backward"
EXPECT = "correct"


def elu_backward(dout, cache):
    x, out, alpha = cache
    dx = None
    dx = dout.copy()
    neg = x <= 0
    dx[neg] = dx[neg] * (out[neg] + alpha)
    return dx
