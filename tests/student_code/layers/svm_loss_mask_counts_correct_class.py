"""The loss layer subtracts the correct class's margin of 1 per example (loss right), but the
gradient mask keeps the correct class as an active margin.

Verdict (hand check): loss = (sum of all margins - N) / N is the formula; dx[n, y[n]] is
-(active + 1) / N instead of -active / N (the numerical gradient disagrees there)."""
import numpy as np

PATH = "layers.svm_loss"
EXPECT = ["correct_class_in_gradient_mask"]


def svm_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    margins = np.maximum(0, x - x[np.arange(N), y][:, None] + 1)
    loss = (margins.sum() - N) / N
    dx = (margins > 0).astype(float)
    dx[np.arange(N), y] = -dx.sum(axis=1)
    dx /= N
    return loss, dx
