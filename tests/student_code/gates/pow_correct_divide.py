"""PowGate: p * x**p / x (the inputs are positive)."""
import numpy as np

PATH = "graph.gates.PowGate.backward"
EXPECT = "correct"


def backward(ctx, grad_output):
    dx = None
    x = ctx.saved_tensors[0]
    dx = grad_output * ctx.p * x ** ctx.p / x
    return dx, None
