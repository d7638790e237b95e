"""MaxGate: >= on both sides: a tie gives the whole gradient to each input."""
import numpy as np

PATH = "graph.gates.MaxGate.backward"
EXPECT = ["ties_full_to_both"]


def backward(ctx, grad_output):
    da, db = None, None
    a, b = ctx.saved_tensors
    da = unbroadcast(grad_output * (a >= b), ctx.a_shape)
    db = unbroadcast(grad_output * (b >= a), ctx.b_shape)
    return da, db
