"""Forgets the factor alpha (right only for the default alpha = 1)."""
import numpy as np

PATH = "layers.elu_forward"
EXPECT = ["alpha_missing"]


def elu_forward(x, alpha=1.0):
    out = None
    out = np.where(x > 0, x, np.exp(np.minimum(x, 0)) - 1)
    cache = (x, out, alpha)
    return out, cache
