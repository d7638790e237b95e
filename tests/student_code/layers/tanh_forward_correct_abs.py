"""A stable exponential form: sign(x) (1 - e) / (1 + e) with e = exp(-2|x|)."""
import numpy as np

PATH = "layers.tanh_forward"
EXPECT = "correct"


def tanh_forward(x):
    out = None
    e = np.exp(-2 * np.abs(x))
    out = np.sign(x) * (1 - e) / (1 + e)
    cache = out
    return out, cache
