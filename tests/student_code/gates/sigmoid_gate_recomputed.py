"""SigmoidGate: Applies the sigmoid to the saved output again."""
import numpy as np

PATH = "graph.gates.SigmoidGate.backward"
EXPECT = ["recomputed_from_output"]


def backward(ctx, grad_output):
    dx = None
    (out,) = ctx.saved_tensors
    sig = 1.0 / (1.0 + np.exp(-out))
    dx = grad_output * sig * (1.0 - sig)
    return dx
