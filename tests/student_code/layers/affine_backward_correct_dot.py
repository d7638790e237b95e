"""np.dot, reshape of dx back to x.shape."""
import numpy as np

PATH = "layers.affine_backward"
EXPECT = "correct"


def affine_backward(dout, cache):
    x, w, b = cache
    dx, dw, db = None, None, None
    N = x.shape[0]
    dx = np.dot(dout, w.T).reshape(x.shape)
    dw = np.dot(x.reshape(N, -1).T, dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db
