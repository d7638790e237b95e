"""A mask z == max: every piece that ties for the maximum gets the gradient."""
import numpy as np

PATH = "layers.maxout_backward"
EXPECT = ["all_maxima_get_gradient"]


def maxout_backward(dout, cache):
    x, w, b, z = cache
    dx, dw, db = None, None, None
    N = x.shape[0]
    D, M, k = w.shape
    mask = (z == z.max(axis=2, keepdims=True)).astype(float)
    dz = mask * dout[:, :, np.newaxis]
    dz_flat = dz.reshape(N, M * k)
    dx = (dz_flat @ w.reshape(D, M * k).T).reshape(x.shape)
    dw = (x.reshape(N, D).T @ dz_flat).reshape(D, M, k)
    db = dz.sum(axis=0)
    return dx, dw, db
