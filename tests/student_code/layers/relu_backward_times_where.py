"""dx = dout * np.where(x > 0, x, 0): the forward's output in place of the local gradient.

Verdict (hand check): as relu_backward_times_out; dx is dout * x on the active units."""
import numpy as np

PATH = "layers.relu_backward"
EXPECT = ["multiplied_by_output"]


def relu_backward(dout, cache):
    dx, x = None, cache
    dx = np.where(x > 0, x, 0) * dout
    return dx
