"""Loops with max(0, ...) for the loss and an indicator for the gradient; np.dot."""
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
        s = np.dot(X[i], W)
        for j in range(num_classes):
            if j != y[i]:
                m = s[j] - s[y[i]] + 1.0
                loss += max(0.0, m)
                indicator = 1.0 if m > 0 else 0.0
                dW[:, j] += indicator * X[i]
                dW[:, y[i]] -= indicator * X[i]
    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += reg * 2 * W
    return loss, dW
