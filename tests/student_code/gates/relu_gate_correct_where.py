"""ReLUGate: np.where on x > 0."""
import numpy as np

PATH = "graph.gates.ReLUGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    (x,) = ctx.saved_tensors
    dx = np.where(x > 0, grad_output, 0.0)
    return dx
