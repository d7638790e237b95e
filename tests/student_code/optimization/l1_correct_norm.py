"""np.linalg.norm with ord=1 of the flattened weights."""
import numpy as np

PATH = "optimization.l1_regularization"
EXPECT = "correct"


def l1_regularization(W, reg):
    loss, dW = 0.0, np.zeros_like(W)
    loss = reg * np.linalg.norm(W.ravel(), 1)
    dW = reg * np.sign(W)
    return loss, dW
