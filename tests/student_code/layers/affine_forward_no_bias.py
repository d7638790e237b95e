"""Flattens correctly but forgets the bias."""
import numpy as np

PATH = "layers.affine_forward"
EXPECT = ["bias_missing"]


def affine_forward(x, w, b):
    out = None
    out = x.reshape(x.shape[0], -1).dot(w)
    cache = (x, w, b)
    return out, cache
