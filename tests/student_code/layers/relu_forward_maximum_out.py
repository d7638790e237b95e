"""np.maximum(x, 0, out=x): writes the result into the input.

Verdict (hand check): out is right, x comes back clipped. Caught only by the grader's check
that inputs come back unchanged (issue 16, item 1)."""
import numpy as np

PATH = "layers.relu_forward"
EXPECT = "correct"
MUTATES = ["x"]


def relu_forward(x):
    out = None
    out = np.maximum(x, 0, out=x)
    cache = x
    return out, cache
