"""The gradient points the wrong way."""
import numpy as np

PATH = "optimization.l1_regularization"
EXPECT = ["gradient_sign_flipped"]


def l1_regularization(W, reg):
    loss, dW = 0.0, np.zeros_like(W)
    loss = reg * np.sum(np.abs(W))
    dW = -reg * np.sign(W)
    return loss, dW
