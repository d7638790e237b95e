"""AddGate: unbroadcast of a float copy of the upstream gradient."""
import numpy as np

PATH = "graph.gates.AddGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    da, db = None, None
    g = np.array(grad_output, dtype=np.float64)
    da = unbroadcast(g, ctx.a_shape)
    db = unbroadcast(g.copy(), ctx.b_shape)
    return da, db
