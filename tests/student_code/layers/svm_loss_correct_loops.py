"""Loops over examples and classes."""
import numpy as np

PATH = "layers.svm_loss"
EXPECT = "correct"


def svm_loss(x, y):
    loss, dx = None, None
    N, C = x.shape
    loss = 0.0
    dx = np.zeros_like(x)
    for n in range(N):
        for j in range(C):
            if j == y[n]:
                continue
            margin = x[n, j] - x[n, y[n]] + 1
            if margin > 0:
                loss += margin
                dx[n, j] += 1
                dx[n, y[n]] -= 1
    loss /= N
    dx /= N
    return loss, dx
