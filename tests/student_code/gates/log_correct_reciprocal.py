"""LogGate: Multiplies by the reciprocal 1 / x."""
import numpy as np

PATH = "graph.gates.LogGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    x = ctx.saved_tensors[0]
    dx = grad_output * (1.0 / x)
    return dx
