"""Loops over examples; the probabilities as a vector, np.outer for the gradient."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_naive"
EXPECT = "correct"


def softmax_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = np.zeros(W.shape)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        f = X[i].dot(W)
        f -= np.max(f)
        log_sum = np.log(np.sum(np.exp(f)))
        loss += log_sum - f[y[i]]
        p = np.exp(f - log_sum)
        p[y[i]] -= 1
        dW += np.outer(X[i], p)
    loss = loss / num_train + reg * np.sum(W * W)
    dW = dW / num_train + 2 * reg * W
    return loss, dW
