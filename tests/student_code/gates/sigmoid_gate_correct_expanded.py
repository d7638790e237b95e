"""SigmoidGate: s - s**2, expanded."""
import numpy as np

PATH = "graph.gates.SigmoidGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    (s,) = ctx.saved_tensors
    dx = grad_output * (s - s * s)
    return dx
