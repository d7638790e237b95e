"""Counts the active margins of each example and moves the correct column once per example.

Verdict (hand check): sum_j 1[margin_j > 0] * (-X[i]) = -count * X[i], the same gradient as
subtracting X[i] inside the loop; agrees with the numerical gradient."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_naive"
EXPECT = "correct"


def svm_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        active = 0
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - scores[y[i]] + 1
            if margin > 0:
                active += 1
                loss += margin
                dW[:, j] += X[i]
        dW[:, y[i]] -= active * X[i]
    loss = loss / num_train + reg * np.sum(W * W)
    dW = dW / num_train + 2 * reg * W
    return loss, dW
