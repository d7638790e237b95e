"""MulGate: np.multiply and np.shape of the saved inputs."""
import numpy as np

PATH = "graph.gates.MulGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    da, db = None, None
    a, b = ctx.saved_tensors
    da = unbroadcast(np.multiply(grad_output, b), np.shape(a))
    db = unbroadcast(np.multiply(grad_output, a), np.shape(b))
    return da, db
