"""Loops that average inside the loop and add the regularization once per example."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_naive"
EXPECT = ["reg_added_per_example"]


def softmax_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = np.zeros(W.shape)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        s = X[i].dot(W)
        s -= s.max()
        p = np.exp(s) / np.exp(s).sum()
        loss += (np.log(np.exp(s).sum()) - s[y[i]]) / num_train + reg * np.sum(W * W)
        p[y[i]] -= 1
        dW += np.outer(X[i], p) / num_train + 2 * reg * W
    return loss, dW
