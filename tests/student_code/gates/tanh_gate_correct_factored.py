"""TanhGate: (1 - out)(1 + out)."""
import numpy as np

PATH = "graph.gates.TanhGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    out = ctx.saved_tensors[0]
    dx = grad_output * (1.0 - out) * (1.0 + out)
    return dx
