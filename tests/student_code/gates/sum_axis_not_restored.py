"""SumGate: Broadcasts the upstream gradient without putting the summed axis back."""
import numpy as np

PATH = "graph.gates.SumGate.backward"
EXPECT = ["axis_not_restored"]


def backward(ctx, grad_output):
    dx = None
    dx = np.broadcast_to(grad_output, ctx.x_shape).copy()
    return dx, None, None
