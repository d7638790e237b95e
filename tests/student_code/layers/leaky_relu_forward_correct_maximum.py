"""np.maximum(alpha * x, x), valid for 0 <= alpha <= 1."""
import numpy as np

PATH = "layers.leaky_relu_forward"
EXPECT = "correct"


def leaky_relu_forward(x, alpha=0.01):
    out = None
    out = np.maximum(alpha * x, x)
    cache = (x, alpha)
    return out, cache
