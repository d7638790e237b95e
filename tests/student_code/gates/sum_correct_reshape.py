"""SumGate: Reshapes the upstream gradient to x's shape with 1 on the summed axes, then broadcasts."""
import numpy as np

PATH = "graph.gates.SumGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    kept = [1 if (ctx.axis is None or i == ctx.axis) else n for i, n in enumerate(ctx.x_shape)]
    dx = np.broadcast_to(np.reshape(grad_output, kept), ctx.x_shape).copy()
    if ctx.x_shape == ():
        dx = float(dx)
    return dx, None, None
