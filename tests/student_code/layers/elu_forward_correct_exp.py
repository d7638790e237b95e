"""exp(min(x, 0)) - 1 (no overflow; slightly less accurate than expm1 near 0)."""
import numpy as np

PATH = "layers.elu_forward"
EXPECT = "correct"


def elu_forward(x, alpha=1.0):
    out = None
    out = np.where(x > 0, x, alpha * (np.exp(np.minimum(x, 0)) - 1))
    cache = (x, out, alpha)
    return out, cache
