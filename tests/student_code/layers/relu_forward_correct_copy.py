"""Copies x and zeroes the negative entries (x itself is not modified)."""
import numpy as np

PATH = "layers.relu_forward"
EXPECT = "correct"


def relu_forward(x):
    out = None
    out = x.copy()
    out[out < 0] = 0
    cache = x
    return out, cache
