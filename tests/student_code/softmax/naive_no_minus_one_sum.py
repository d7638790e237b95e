"""Loops; the gradient misses the -1 of the correct class and the loss is not averaged."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_naive"
EXPECT = ["no_minus_one", "loss_not_averaged"]


def softmax_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = np.zeros(W.shape)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        s = X[i].dot(W)
        s = s - np.max(s)
        e = np.exp(s)
        loss += np.log(e.sum()) - s[y[i]]
        for j in range(num_classes):
            dW[:, j] += e[j] / e.sum() * X[i]
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    return loss, dW
