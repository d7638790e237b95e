"""SumGate: Ones of x's shape times the upstream gradient with its axis put back."""
import numpy as np

PATH = "graph.gates.SumGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    g = grad_output
    if ctx.axis is not None and not ctx.keepdims:
        g = np.expand_dims(g, ctx.axis)
    dx = np.ones(ctx.x_shape) * g
    if ctx.x_shape == ():
        dx = float(dx)
    return dx, None, None
