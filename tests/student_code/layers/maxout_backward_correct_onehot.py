"""A one-hot mask of the argmax, einsum for dx and dw."""
import numpy as np

PATH = "layers.maxout_backward"
EXPECT = "correct"


def maxout_backward(dout, cache):
    x, w, b, z = cache
    dx, dw, db = None, None, None
    N = x.shape[0]
    k = w.shape[2]
    winner = z.argmax(axis=2)
    onehot = (np.arange(k)[None, None, :] == winner[:, :, None])
    dz = onehot * dout[:, :, None]
    dw = np.einsum("nd,nmk->dmk", x.reshape(N, -1), dz)
    dx = np.einsum("nmk,dmk->nd", dz, w).reshape(x.shape)
    db = dz.sum(axis=0)
    return dx, dw, db
