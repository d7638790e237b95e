"""exp(x) / (1 + exp(x)) everywhere: inf / inf at x = 1000."""
import numpy as np

PATH = "layers.sigmoid_forward"
EXPECT = ["exp_ratio_overflow"]


def sigmoid_forward(x):
    out = None
    ex = np.exp(x)
    out = ex / (1 + ex)
    cache = out
    return out, cache
