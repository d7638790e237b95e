"""ReLUGate: Masks with x >= 0."""
import numpy as np

PATH = "graph.gates.ReLUGate.backward"
EXPECT = ["mask_ge_zero"]


def backward(ctx, grad_output):
    dx = None
    (x,) = ctx.saved_tensors
    dx = grad_output * (x >= 0)
    return dx
