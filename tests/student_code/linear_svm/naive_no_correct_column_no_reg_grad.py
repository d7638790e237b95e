"""Forgets the correct class's column and the regularization gradient (the loss is complete).

Verdict (hand check): dW = (1/N) sum over active margins of X[i] in column j only, with no
2 * reg * W: two independent omissions, each visible against the numerical gradient."""
import numpy as np

PATH = "classifiers.linear_svm.svm_loss_naive"
EXPECT = ["correct_column_missing", "reg_grad_missing"]


def svm_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        for j in range(num_classes):
            if j != y[i]:
                margin = scores[j] - scores[y[i]] + 1
                if margin > 0:
                    loss += margin
                    dW[:, j] += X[i] / num_train
    loss /= num_train
    loss += reg * np.sum(W * W)
    return loss, dW
