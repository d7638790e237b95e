"""Vectorized; the row sums kept as a column with [:, None], einsum for the gradient."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_vectorized"
EXPECT = "correct"


def softmax_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = np.zeros(W.shape)
    n = len(y)
    s = X @ W
    s = s - s.max(axis=1)[:, None]
    e = np.exp(s)
    z = e.sum(axis=1)
    loss = (np.log(z) - s[np.arange(n), y]).sum() / n + reg * (W * W).sum()
    g = e / z[:, None]
    g[np.arange(n), y] -= 1
    dW = np.einsum("nd,nc->dc", X, g) / n + 2 * reg * W
    return loss, dW
