"""Log-probabilities by log-sum-exp, the loss as a sum of the picked entries."""
import numpy as np

PATH = "layers.softmax_loss"
EXPECT = "correct"


def softmax_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    shifted = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted), axis=1, keepdims=True)
    log_probs = shifted - np.log(Z)
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx
