"""np.clip with no upper bound.

Verdict (hand check): max(0, x) elementwise, a new array; x untouched."""
import numpy as np

PATH = "layers.relu_forward"
EXPECT = "correct"


def relu_forward(x):
    out = None
    out = np.clip(x, 0, None)
    cache = x
    return out, cache
