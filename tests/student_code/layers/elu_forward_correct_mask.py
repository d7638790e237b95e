"""A copy of x with np.expm1 on the non-positive entries only."""
import numpy as np

PATH = "layers.elu_forward"
EXPECT = "correct"


def elu_forward(x, alpha=1.0):
    out = None
    out = x.copy()
    neg = x <= 0
    out[neg] = alpha * np.expm1(x[neg])
    cache = (x, out, alpha)
    return out, cache
