"""TanhGate: Applies tanh to the saved output again."""
import numpy as np

PATH = "graph.gates.TanhGate.backward"
EXPECT = ["recomputed_from_output"]


def backward(ctx, grad_output):
    dx = None
    (out,) = ctx.saved_tensors
    dx = grad_output * (1 - np.tanh(out) ** 2)
    return dx
