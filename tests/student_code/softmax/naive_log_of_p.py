"""Loops with the max shift, then -log of the normalized probability (the notes' formula)."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_naive"
EXPECT = ["log_of_p"]


def softmax_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = np.zeros(W.shape)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores -= np.max(scores)
        probs = np.exp(scores) / np.sum(np.exp(scores))
        loss += -np.log(probs[y[i]])
        for j in range(num_classes):
            dW[:, j] += (probs[j] - (j == y[i])) * X[i]
    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    return loss, dW
