"""Keeps the correct class's margin of 1 and subtracts N from the sum (the loss is right), but the
gradient mask is built from the same margins, so the correct class counts as one more active margin.

Verdict (hand check): the loss equals the formula (each example's extra 1 is removed); the
correct column of dscores is -(active + 1) instead of -active, so dW's correct columns get an
extra -X[n]/N (the numerical gradient disagrees there)."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_vectorized"
EXPECT = ["correct_class_in_gradient_mask"]


def svm_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    num_train = X.shape[0]
    scores = X.dot(W)
    correct_scores = scores[np.arange(num_train), y].reshape(num_train, 1)
    margins = np.maximum(0, scores - correct_scores + 1)
    loss = (np.sum(margins) - num_train) / num_train + reg * np.sum(W * W)
    binary = margins
    binary[margins > 0] = 1
    row_sum = np.sum(binary, axis=1)
    binary[np.arange(num_train), y] = -row_sum
    dW = X.T.dot(binary) / num_train + 2 * reg * W
    return loss, dW
