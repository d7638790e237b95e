"""Masks with x >= 0 (gradient 1 at exactly 0), as some CS231n solutions do."""
import numpy as np

PATH = "layers.relu_backward"
EXPECT = ["mask_ge_zero"]


def relu_backward(dout, cache):
    x = cache
    dx = None
    dx = dout * (x >= 0)
    return dx
