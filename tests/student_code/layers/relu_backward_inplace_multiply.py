"""dout *= (x > 0), then returns dout: the upstream gradient array itself is masked.

Verdict (hand check): the values returned are right, but dout comes back changed (a caller that
reuses dout, e.g. a residual branch, gets it masked). Caught only by the grader's check that
inputs come back unchanged (issue 16, item 1)."""
import numpy as np

PATH = "layers.relu_backward"
EXPECT = "correct"
MUTATES = ["dout"]


def relu_backward(dout, cache):
    dx, x = None, cache
    dout *= (x > 0)
    dx = dout
    return dx
