"""Keeps the correct class's margin in the sum and subtracts N (one per example), and zeroes the
correct class in the mask before counting.

Verdict (hand check): sum of all margins minus N equals the sum over j != y; the mask has no
correct-class entry, so dW is the reference's; matches the numerical gradient."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_vectorized"
EXPECT = "correct"


def svm_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    num_train = X.shape[0]
    rows = np.arange(num_train)
    scores = X.dot(W)
    margins = np.maximum(0, scores - scores[rows, y][:, None] + 1)
    loss = (margins.sum() - num_train) / num_train + reg * np.sum(W * W)
    mask = (margins > 0).astype(float)
    mask[rows, y] = 0
    mask[rows, y] = -mask.sum(axis=1)
    dW = X.T.dot(mask) / num_train + 2 * reg * W
    return loss, dW
