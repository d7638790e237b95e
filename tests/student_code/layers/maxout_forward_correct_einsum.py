"""einsum over the flattened input, max over the last axis."""
import numpy as np

PATH = "layers.maxout_forward"
EXPECT = "correct"


def maxout_forward(x, w, b):
    out, z = None, None
    N = x.shape[0]
    z = np.einsum("nd,dmk->nmk", x.reshape(N, -1), w) + b[None, :, :]
    out = np.max(z, axis=-1)
    cache = (x, w, b, z)
    return out, cache
