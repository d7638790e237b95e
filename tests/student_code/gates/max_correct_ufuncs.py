"""MaxGate: np.greater and np.equal, the half written as a division."""
import numpy as np

PATH = "graph.gates.MaxGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    da, db = None, None
    a, b = ctx.saved_tensors
    tie = np.equal(a, b) / 2
    da = unbroadcast(grad_output * (np.greater(a, b) + tie), ctx.a_shape)
    db = unbroadcast(grad_output * (np.greater(b, a) + tie), ctx.b_shape)
    return da, db
