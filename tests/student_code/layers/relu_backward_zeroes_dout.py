"""dx = dout, then dx[x <= 0] = 0: dx is dout itself, so the upstream gradient is overwritten.

Verdict (hand check): the returned values are right, but dout (an input) comes back changed:
the docstring's inputs are not modified, and a network that reuses dout gets it zeroed.
Caught only by the grader's check that inputs come back unchanged (issue 16, item 1)."""
import numpy as np

PATH = "layers.relu_backward"
EXPECT = "correct"
MUTATES = ["dout"]


def relu_backward(dout, cache):
    dx, x = None, cache
    dx = dout
    dx[x <= 0] = 0
    return dx
