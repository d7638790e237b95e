"""Vectorized; the correct class gets -1 instead of minus the number of active margins."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_vectorized"
EXPECT = ["correct_column_not_counted"]


def svm_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    num_train = X.shape[0]
    scores = X.dot(W)
    correct_class_scores = scores[range(num_train), y].reshape(-1, 1)
    margins = np.maximum(0, scores - correct_class_scores + 1)
    margins[range(num_train), y] = 0
    loss = np.sum(margins) / num_train + reg * np.sum(W * W)
    dscores = (margins > 0) * 1.0
    dscores[range(num_train), y] = -1
    dW = X.T.dot(dscores) / num_train + 2 * reg * W
    return loss, dW
