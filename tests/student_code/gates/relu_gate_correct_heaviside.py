"""ReLUGate: np.heaviside(x, 0): the step function with 0 at exactly 0."""
import numpy as np

PATH = "graph.gates.ReLUGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    (x,) = ctx.saved_tensors
    dx = grad_output * np.heaviside(x, 0.0)
    return dx
