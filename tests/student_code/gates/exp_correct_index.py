"""ExpGate: np.multiply with saved_tensors[0]."""
import numpy as np

PATH = "graph.gates.ExpGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    dx = np.multiply(grad_output, ctx.saved_tensors[0])
    return dx
