"""np.where on x > 0."""
import numpy as np

PATH = "layers.relu_backward"
EXPECT = "correct"


def relu_backward(dout, cache):
    x = cache
    dx = None
    dx = np.where(x > 0, dout, 0.0)
    return dx
