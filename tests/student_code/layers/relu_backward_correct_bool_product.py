"""dout times the boolean mask (numpy casts it to 0/1).

Verdict (hand check): dout where x > 0, 0 elsewhere (0 at exactly x = 0); a fresh array."""
import numpy as np

PATH = "layers.relu_backward"
EXPECT = "correct"


def relu_backward(dout, cache):
    dx, x = None, cache
    dx = dout * (x > 0)
    return dx
