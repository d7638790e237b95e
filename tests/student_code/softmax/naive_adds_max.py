"""Means to shift by the max but adds it: scores += np.max(scores).

Verdict (hand check): adding a constant does not change the probabilities, so small scores give
the right values, but on the large-score case (about 1e3) exp(2 * s) overflows to inf and the loss
and dW are NaN, where the formula is finite."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_naive"
EXPECT = ["max_added"]


def softmax_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros_like(W)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores += np.max(scores)  # numeric stability
        exp_scores = np.exp(scores)
        total = np.sum(exp_scores)
        loss += np.log(total) - scores[y[i]]
        for j in range(num_classes):
            dW[:, j] += (exp_scores[j] / total - (j == y[i])) * X[i]
    loss = loss / num_train + reg * np.sum(W * W)
    dW = dW / num_train + 2 * reg * W
    return loss, dW
