"""MatMulGate: einsum, index by index."""
import numpy as np

PATH = "graph.gates.MatMulGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    a, b = ctx.saved_tensors
    dout = np.reshape(grad_output, (a.shape[0], b.shape[1]))
    da, db = None, None
    da = np.einsum("nm,dm->nd", dout, b)
    db = np.einsum("nd,nm->dm", a, dout)
    return np.reshape(da, ctx.a_shape), np.reshape(db, ctx.b_shape)
