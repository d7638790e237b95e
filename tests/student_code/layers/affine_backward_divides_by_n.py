"""Averages dw and db over the batch inside the layer.

Verdict (hand check): the layer's gradients are sums over the examples (dout already carries
the loss's 1/N); dw and db here are 1/N of the numerical gradient of sum(dout * out)."""
import numpy as np

PATH = "layers.affine_backward"
EXPECT = ["averaged_over_N"]


def affine_backward(dout, cache):
    x, w, b = cache
    dx, dw, db = None, None, None
    N = x.shape[0]
    x_rows = x.reshape(N, -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x_rows.T @ dout / N
    db = np.mean(dout, axis=0)
    return dx, dw, db
