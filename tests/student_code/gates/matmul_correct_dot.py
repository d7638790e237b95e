"""MatMulGate: np.dot with the transposes."""
import numpy as np

PATH = "graph.gates.MatMulGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    a, b = ctx.saved_tensors
    dout = np.reshape(grad_output, (a.shape[0], b.shape[1]))
    da, db = None, None
    da = np.dot(dout, b.T)
    db = np.dot(a.T, dout)
    return np.reshape(da, ctx.a_shape), np.reshape(db, ctx.b_shape)
