"""einsum for dx and dw."""
import numpy as np

PATH = "layers.affine_backward"
EXPECT = "correct"


def affine_backward(dout, cache):
    x, w, b = cache
    dx, dw, db = None, None, None
    x2 = x.reshape(x.shape[0], -1)
    dx = np.einsum("nm,dm->nd", dout, w).reshape(*x.shape)
    dw = np.einsum("nd,nm->dm", x2, dout)
    db = dout.sum(0)
    return dx, dw, db
