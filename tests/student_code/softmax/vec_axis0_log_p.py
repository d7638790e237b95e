"""Vectorized, but normalized over the minibatch (axis=0), then -log of the probability."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_vectorized"
EXPECT = ["wrong_axis_sum", "log_of_p"]


def softmax_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = np.zeros(W.shape)
    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)
    exp_scores = np.exp(scores)
    probs = exp_scores / np.sum(exp_scores, axis=0)
    loss = -np.sum(np.log(probs[np.arange(num_train), y])) / num_train + reg * np.sum(W * W)
    dscores = probs.copy()
    dscores[np.arange(num_train), y] -= 1
    dW = X.T.dot(dscores) / num_train + 2 * reg * W
    return loss, dW
