"""The mean of |W|."""
import numpy as np

PATH = "optimization.l1_regularization"
EXPECT = ["mean_not_sum"]


def l1_regularization(W, reg):
    loss, dW = 0.0, np.zeros_like(W)
    loss = reg * np.mean(np.abs(W))
    dW = reg * np.sign(W)
    return loss, dW
