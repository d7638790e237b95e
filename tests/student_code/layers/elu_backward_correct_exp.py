"""alpha * exp(x) on the negative side (exp of large x is computed but not selected)."""
import numpy as np

PATH = "layers.elu_backward"
EXPECT = "correct"


def elu_backward(dout, cache):
    x, out, alpha = cache
    dx = None
    with np.errstate(over="ignore"):
        dx = np.where(x > 0, dout, dout * alpha * np.exp(x))
    return dx
