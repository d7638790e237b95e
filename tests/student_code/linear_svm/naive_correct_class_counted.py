"""Loops over every class, the correct one included (no skip of j == y[i])."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_naive"
EXPECT = ["correct_class_counted"]


def svm_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    loss = 0.0
    num_classes = W.shape[1]
    num_train = X.shape[0]
    for i in range(num_train):
        scores = X[i].dot(W)
        for j in range(num_classes):
            margin = scores[j] - scores[y[i]] + 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss = loss / num_train + reg * np.sum(W * W)
    dW = dW / num_train + 2 * reg * W
    return loss, dW
