"""reg * |W| left as an array."""
import numpy as np

PATH = "optimization.l1_regularization"
EXPECT = ["loss_not_summed"]


def l1_regularization(W, reg):
    loss, dW = 0.0, np.zeros_like(W)
    loss = reg * np.abs(W)
    dW = reg * np.sign(W)
    return loss, dW
