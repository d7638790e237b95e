"""einsum on the flattened input."""
import numpy as np

PATH = "layers.affine_forward"
EXPECT = "correct"


def affine_forward(x, w, b):
    out = None
    rows = x.reshape(len(x), -1)
    out = np.einsum("nd,dm->nm", rows, w) + b
    cache = (x, w, b)
    return out, cache
