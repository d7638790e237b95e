"""AddGate: Passes the upstream gradient through unchanged, whatever the shapes."""
import numpy as np

PATH = "graph.gates.AddGate.backward"
EXPECT = ["no_unbroadcast"]


def backward(ctx, grad_output):
    da, db = None, None
    da = grad_output
    db = grad_output
    return da, db
