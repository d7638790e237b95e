"""Works on dW.T (one row per class); the correct class's row is never touched.

Verdict (hand check): as naive_no_correct_column, the -X[i] for the correct class is absent;
the numerical gradient of the loss disagrees in the correct classes' columns only."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_naive"
EXPECT = ["correct_column_missing"]


def svm_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    dWt = dW.T
    for i in range(num_train):
        s = X[i] @ W
        for c in range(num_classes):
            if c != y[i] and s[c] - s[y[i]] + 1 > 0:
                loss += s[c] - s[y[i]] + 1
                dWt[c] += X[i]
    loss = loss / num_train + reg * np.sum(W ** 2)
    dW = dW / num_train + 2 * reg * W
    return loss, dW
