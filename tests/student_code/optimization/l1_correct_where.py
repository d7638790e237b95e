"""The subgradient built with np.where."""
import numpy as np

PATH = "optimization.l1_regularization"
EXPECT = "correct"


def l1_regularization(W, reg):
    loss, dW = 0.0, np.zeros_like(W)
    loss = reg * np.abs(W).sum()
    dW = np.where(W > 0, reg, np.where(W < 0, -reg, 0.0))
    return loss, dW
