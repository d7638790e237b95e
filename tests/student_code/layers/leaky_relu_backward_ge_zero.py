"""Slope 1 where x >= 0: the kink goes to the positive side."""
import numpy as np

PATH = "layers.leaky_relu_backward"
EXPECT = ["mask_ge_zero"]


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    dx = None
    dx = dout * np.where(x >= 0, 1, alpha)
    return dx
