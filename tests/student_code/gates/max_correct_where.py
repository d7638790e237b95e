"""MaxGate: Nested np.where for the local gradients 1, 0.5, 0."""
import numpy as np

PATH = "graph.gates.MaxGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    da, db = None, None
    a, b = ctx.saved_tensors
    local_a = np.where(a > b, 1.0, np.where(a == b, 0.5, 0.0))
    local_b = 1.0 - local_a
    da = unbroadcast(grad_output * local_a, ctx.a_shape)
    db = unbroadcast(grad_output * local_b, ctx.b_shape)
    return da, db
