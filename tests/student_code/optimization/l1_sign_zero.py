"""The sign taken as +1 at exactly 0."""
import numpy as np

PATH = "optimization.l1_regularization"
EXPECT = ["sign_of_zero_is_one"]


def l1_regularization(W, reg):
    loss, dW = 0.0, np.zeros_like(W)
    loss = reg * np.sum(np.abs(W))
    dW = reg * np.where(W >= 0, 1.0, -1.0)
    return loss, dW
