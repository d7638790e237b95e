"""A slope array from np.where, times dout."""
import numpy as np

PATH = "layers.leaky_relu_backward"
EXPECT = "correct"


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    dx = None
    slope = np.where(x > 0, 1.0, alpha)
    dx = dout * slope
    return dx
