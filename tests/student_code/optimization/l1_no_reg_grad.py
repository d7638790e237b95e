"""The gradient without reg."""
import numpy as np

PATH = "optimization.l1_regularization"
EXPECT = ["reg_missing_in_gradient"]


def l1_regularization(W, reg):
    loss, dW = 0.0, np.zeros_like(W)
    loss = reg * np.sum(np.abs(W))
    dW = np.sign(W)
    return loss, dW
