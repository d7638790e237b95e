"""LogGate: np.divide."""
import numpy as np

PATH = "graph.gates.LogGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    dx = np.divide(grad_output, ctx.saved_tensors[0])
    return dx
