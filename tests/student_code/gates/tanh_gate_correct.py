"""TanhGate: 1 - out * out."""
import numpy as np

PATH = "graph.gates.TanhGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    (out,) = ctx.saved_tensors
    dx = grad_output * (1 - out * out)
    return dx
