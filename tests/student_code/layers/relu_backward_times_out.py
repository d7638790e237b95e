"""Recomputes the forward output and multiplies dout by it (dx = dout * out).

Verdict (hand check): relu'(x) is 1 for x > 0, not x: where x > 0 dx is dout * x instead of
dout (the numerical gradient of sum(dout * relu(x)) is dout there); zero elsewhere, as it should be."""
import numpy as np

PATH = "layers.relu_backward"
EXPECT = ["multiplied_by_output"]


def relu_backward(dout, cache):
    dx, x = None, cache
    out = np.maximum(0, x)
    dx = dout * out
    return dx
