"""The loss layer's gradient: 1/N at every active margin, nothing at the correct class.

Verdict (hand check): d loss / d x[n, y[n]] = -(active margins of row n) / N is left at 0."""
import numpy as np

PATH = "layers.svm_loss"
EXPECT = ["correct_column_missing"]


def svm_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    correct = x[np.arange(N), y][:, None]
    margins = np.maximum(0, x - correct + 1.0)
    margins[np.arange(N), y] = 0
    loss = np.sum(margins) / N
    dx = np.zeros_like(x)
    dx[margins > 0] = 1
    dx /= N
    return loss, dx
