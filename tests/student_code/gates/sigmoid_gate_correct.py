"""SigmoidGate: s * (1 - s) from the saved output."""
import numpy as np

PATH = "graph.gates.SigmoidGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    s = ctx.saved_tensors[0]
    dx = grad_output * s * (1 - s)
    return dx
