"""Loops over examples and units; the gradient goes to the first winning piece."""
import numpy as np

PATH = "layers.maxout_backward"
EXPECT = "correct"


def maxout_backward(dout, cache):
    x, w, b, z = cache
    dx, dw, db = None, None, None
    N = x.shape[0]
    D, M, k = w.shape
    xf = x.reshape(N, D)
    dxf = np.zeros((N, D))
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(N):
        for j in range(M):
            p = int(np.argmax(z[n, j]))
            dw[:, j, p] += xf[n] * dout[n, j]
            db[j, p] += dout[n, j]
            dxf[n] += w[:, j, p] * dout[n, j]
    dx = dxf.reshape(x.shape)
    return dx, dw, db
