"""Loops without the max shift: exp overflows at large scores."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_naive"
EXPECT = ["no_max_shift"]


def softmax_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = np.zeros(W.shape)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        exp_scores = np.exp(scores)
        denom = np.sum(exp_scores)
        loss += np.log(denom) - scores[y[i]]
        for j in range(num_classes):
            dW[:, j] += (exp_scores[j] / denom - (j == y[i])) * X[i]
    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    return loss, dW
