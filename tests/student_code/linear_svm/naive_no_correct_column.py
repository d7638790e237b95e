"""Loops over the classes; each active margin adds X[i] to its class, but the correct class's
column never loses X[i] (the second half of the margin's gradient is forgotten).

Verdict (hand check): d margin_j / d W[:, y[i]] = -X[i] is missing, so dW differs from the centered
numerical gradient of the loss in every correct-class column; the loss is the formula's."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_naive"
EXPECT = ["correct_column_missing"]


def svm_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    return loss, dW
