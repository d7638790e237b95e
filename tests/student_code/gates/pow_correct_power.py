"""PowGate: np.power."""
import numpy as np

PATH = "graph.gates.PowGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    (x,) = ctx.saved_tensors
    dx = ctx.p * np.power(x, ctx.p - 1) * grad_output
    return dx, None
