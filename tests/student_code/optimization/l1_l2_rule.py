"""The L2 rule throughout."""
import numpy as np

PATH = "optimization.l1_regularization"
EXPECT = ["l2_loss", "l2_gradient"]


def l1_regularization(W, reg):
    loss, dW = 0.0, np.zeros_like(W)
    loss = reg * np.sum(W * W)
    dW = 2 * reg * W
    return loss, dW
