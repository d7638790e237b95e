"""AddGate: Sums the broadcast axes by hand (leading axes and stretched 1s)."""
import numpy as np

PATH = "graph.gates.AddGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    da, db = None, None
    g = np.asarray(grad_output, dtype=float)
    grads = []
    for shape in (ctx.a_shape, ctx.b_shape):
        extra = g.ndim - len(shape)
        axes = tuple(range(extra)) + tuple(extra + i for i, n in enumerate(shape) if n == 1 and g.shape[extra + i] != 1)
        s = g.sum(axis=axes, keepdims=False) if axes else g
        grads.append(float(s) if shape == () else np.reshape(s, shape))
    da, db = grads
    return da, db
