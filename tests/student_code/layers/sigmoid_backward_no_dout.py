"""Returns the local gradient only.

Verdict (hand check): out * (1 - out) without the chain rule's dout factor."""
import numpy as np

PATH = "layers.sigmoid_backward"
EXPECT = ["forgot_dout"]


def sigmoid_backward(dout, cache):
    out = cache
    dx = None
    dx = out * (1 - out)
    return dx
