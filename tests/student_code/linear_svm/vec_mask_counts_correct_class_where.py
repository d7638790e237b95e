"""np.where version: the loss subtracts the correct class's 1, the mask does not drop it.

Verdict (hand check): same arithmetic as vec_mask_counts_correct_class: loss right, dW's
correct columns carry one extra -X[n]/N each."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_vectorized"
EXPECT = ["correct_class_in_gradient_mask"]


def svm_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    n = len(y)
    s = X @ W
    m = s - s[np.arange(n), y][:, None] + 1
    hinge = np.where(m > 0, m, 0.0)
    loss = np.mean(np.sum(hinge, axis=1) - 1.0) + reg * np.sum(W * W)
    g = np.where(m > 0, 1.0, 0.0)
    g[np.arange(n), y] = -np.sum(g, axis=1)
    dW = X.T @ g / n + 2 * reg * W
    return loss, dW
