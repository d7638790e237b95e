"""ExpGate: Unpacks the saved output and multiplies."""
import numpy as np

PATH = "graph.gates.ExpGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    (y,) = ctx.saved_tensors
    dx = y * grad_output
    return dx
