"""tanh(x) = 2 sigma(2x) - 1 written as 2 / (1 + exp(-2x)) - 1 (finite at +-1000)."""
import numpy as np

PATH = "layers.tanh_forward"
EXPECT = "correct"


def tanh_forward(x):
    out = None
    out = 2.0 / (1.0 + np.exp(-2.0 * x)) - 1.0
    cache = out
    return out, cache
