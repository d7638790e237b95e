"""Vectorized with np.where for the mask and einsum for the gradient."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_vectorized"
EXPECT = "correct"


def svm_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    N = X.shape[0]
    idx = np.arange(N)
    S = np.einsum("nd,dc->nc", X, W)
    M = S - S[idx, y].reshape(N, 1) + 1.0
    M[idx, y] = 0.0
    active = np.where(M > 0, 1.0, 0.0)
    loss = np.where(M > 0, M, 0.0).sum() / N + reg * (W ** 2).sum()
    coeff = active.copy()
    coeff[idx, y] = -active.sum(axis=1)
    dW = np.einsum("nd,nc->dc", X, coeff) / N + 2.0 * reg * W
    return loss, dW
