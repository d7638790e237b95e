"""Works with scores of shape (C, N) (classes first) and normalizes over axis 0, which is the
class axis there.

Verdict (hand check): the transpose of the usual computation, normalized over the classes;
the loss and dW equal the formula's and the numerical gradient."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_vectorized"
EXPECT = "correct"


def softmax_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros_like(W)
    N = X.shape[0]
    S = W.T @ X.T                      # (C, N)
    S = S - S.max(axis=0)
    log_norm = np.log(np.exp(S).sum(axis=0))
    loss = np.mean(log_norm - S[y, np.arange(N)]) + reg * np.sum(W * W)
    P = np.exp(S - log_norm)
    P[y, np.arange(N)] -= 1
    dW = (P @ X).T / N + 2 * reg * W
    return loss, dW
