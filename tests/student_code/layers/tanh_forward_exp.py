"""The definition with exponentials: inf / inf at |x| = 1000."""
import numpy as np

PATH = "layers.tanh_forward"
EXPECT = ["exp_formula_overflow"]


def tanh_forward(x):
    out = None
    out = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    cache = out
    return out, cache
