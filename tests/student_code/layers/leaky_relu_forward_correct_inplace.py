"""Copies x and scales the non-positive entries in place."""
import numpy as np

PATH = "layers.leaky_relu_forward"
EXPECT = "correct"


def leaky_relu_forward(x, alpha=0.01):
    out = None
    out = x.copy()
    out[x <= 0] *= alpha
    cache = (x, alpha)
    return out, cache
