"""Loops; counts the active margins and subtracts X[i] that many times after the class loop."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_naive"
EXPECT = "correct"


def svm_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    loss = 0.0
    num_classes = W.shape[1]
    num_train = X.shape[0]
    for i in range(num_train):
        scores = X[i] @ W
        correct = scores[y[i]]
        active = 0
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct + 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
                active += 1
        dW[:, y[i]] -= active * X[i]
    loss = loss / num_train + reg * np.sum(W ** 2)
    dW = dW / num_train + 2 * reg * W
    return loss, dW
