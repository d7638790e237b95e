"""out = x, then out[out < 0] = 0: the input itself is clipped.

Verdict (hand check): out is right, but x (and so the cache, which is x) comes back changed.
Caught only by the grader's check that inputs come back unchanged (issue 16, item 1)."""
import numpy as np

PATH = "layers.relu_forward"
EXPECT = "correct"
MUTATES = ["x"]


def relu_forward(x):
    out = None
    out = x
    out[out < 0] = 0
    cache = x
    return out, cache
