"""Vectorized; the regularization added before dividing by N."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_vectorized"
EXPECT = ["reg_divided_by_N"]


def svm_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    N = X.shape[0]
    scores = X.dot(W)
    margins = np.maximum(0, scores - scores[np.arange(N), y][:, None] + 1)
    margins[np.arange(N), y] = 0
    loss = (np.sum(margins) + reg * np.sum(W * W)) / N
    ds = (margins > 0).astype(np.float64)
    ds[np.arange(N), y] -= ds.sum(axis=1)
    dW = (X.T.dot(ds) + 2 * reg * W) / N
    return loss, dW
