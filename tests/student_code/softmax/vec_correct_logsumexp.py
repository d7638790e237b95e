"""Vectorized log-sum-exp with keepdims and a one-hot matrix."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_vectorized"
EXPECT = "correct"


def softmax_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = np.zeros(W.shape)
    N = X.shape[0]
    scores = X.dot(W)
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_z = np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    log_probs = shifted - log_z
    loss = -np.mean(log_probs[np.arange(N), y]) + reg * np.sum(W * W)
    one_hot = np.zeros_like(scores)
    one_hot[np.arange(N), y] = 1
    dW = X.T.dot(np.exp(log_probs) - one_hot) / N + 2 * reg * W
    return loss, dW
