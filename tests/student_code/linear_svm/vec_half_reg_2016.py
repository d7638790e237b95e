"""Vectorized with the 2016 starter code's 0.5 * reg * sum(W * W) and gradient reg * W.

Verdict (hand check): loss low by 0.5 * reg * sum(W**2), dW low by reg * W: another year's
convention, not this kit's (its docstring gives reg * sum(W * W))."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_vectorized"
EXPECT = ["half_reg"]


def svm_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    num_train = X.shape[0]
    scores = X.dot(W)
    margins = np.maximum(0, scores - scores[np.arange(num_train), y][:, None] + 1)
    margins[np.arange(num_train), y] = 0
    loss = np.sum(margins) / num_train
    loss += 0.5 * reg * np.sum(W * W)
    mask = np.zeros_like(margins)
    mask[margins > 0] = 1
    mask[np.arange(num_train), y] = -np.sum(mask, axis=1)
    dW = X.T.dot(mask) / num_train
    dW += reg * W
    return loss, dW
