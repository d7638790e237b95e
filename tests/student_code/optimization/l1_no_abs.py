"""The sum of the weights, without abs."""
import numpy as np

PATH = "optimization.l1_regularization"
EXPECT = ["abs_missing"]


def l1_regularization(W, reg):
    loss, dW = 0.0, np.zeros_like(W)
    loss = reg * np.sum(W)
    dW = reg * np.sign(W)
    return loss, dW
