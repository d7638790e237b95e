"""A binary mask of the active margins multiplied by X, without the correct class's column.

Verdict (hand check): dscores[n, y[n]] stays 0 instead of -(number of active margins), so the
correct columns of dW lack their -X[n] terms; the loss is right."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_vectorized"
EXPECT = ["correct_column_missing"]


def svm_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    N = X.shape[0]
    scores = X @ W
    correct = scores[np.arange(N), y][:, np.newaxis]
    margins = np.maximum(0, scores - correct + 1)
    margins[np.arange(N), y] = 0
    loss = margins.sum() / N + reg * np.sum(W * W)
    mask = (margins > 0).astype(float)
    dW = X.T @ mask / N + 2 * reg * W
    return loss, dW
