"""MulGate: Scales, then sums the broadcast axes by hand."""
import numpy as np

PATH = "graph.gates.MulGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    da, db = None, None
    a, b = ctx.saved_tensors
    grads = []
    for other, shape in ((b, ctx.a_shape), (a, ctx.b_shape)):
        g = np.asarray(grad_output * other, dtype=float)
        while g.ndim > len(shape):
            g = g.sum(axis=0)
        for i, n in enumerate(shape):
            if n == 1 and g.shape[i] != 1:
                g = g.sum(axis=i, keepdims=True)
        grads.append(float(g) if shape == () else g)
    da, db = grads
    return da, db
