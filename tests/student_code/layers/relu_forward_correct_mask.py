"""Multiplies by the boolean mask."""
import numpy as np

PATH = "layers.relu_forward"
EXPECT = "correct"


def relu_forward(x):
    out = None
    out = x * (x > 0)
    cache = x
    return out, cache
