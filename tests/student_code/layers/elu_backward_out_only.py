"""Uses the cached output as the slope, forgetting + alpha."""
import numpy as np

PATH = "layers.elu_backward"
EXPECT = ["uses_out_without_alpha"]


def elu_backward(dout, cache):
    x, out, alpha = cache
    dx = None
    dx = np.where(x > 0, dout, dout * out)
    return dx
