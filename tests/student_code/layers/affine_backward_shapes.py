"""Right values, wrong shapes: dx stays (N, D) and db keeps its summed axis."""
import numpy as np

PATH = "layers.affine_backward"
EXPECT = ["dx_not_reshaped", "db_keepdims"]


def affine_backward(dout, cache):
    x, w, b = cache
    dx, dw, db = None, None, None
    x_rows = x.reshape(x.shape[0], -1)
    dx = dout @ w.T
    dw = x_rows.T @ dout
    db = np.sum(dout, axis=0, keepdims=True)
    return dx, dw, db
