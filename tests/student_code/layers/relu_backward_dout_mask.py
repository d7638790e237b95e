"""Zeroes the negative upstream gradients instead of the inactive units."""
import numpy as np

PATH = "layers.relu_backward"
EXPECT = ["mask_on_dout"]


def relu_backward(dout, cache):
    x = cache
    dx = None
    dx = np.array(dout, copy=True)
    dx[dout < 0] = 0
    return dx
