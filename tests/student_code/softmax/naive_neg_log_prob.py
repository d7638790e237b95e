"""The notes' form: loss -= log(p[y[i]]) of the normalized probability.

Verdict (hand check): equal to log-sum-exp for moderate scores; on the case with scores 1e3 apart
p underflows to 0 and the loss is inf where log(sum exp) - s_y is finite. A convention (the
CS231n notes), kept as the kit's robustness rule the docstring states."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_naive"
EXPECT = ["log_of_p"]


def softmax_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros_like(W)
    num_train, num_classes = X.shape[0], W.shape[1]
    for i in range(num_train):
        f = X[i].dot(W)
        f -= np.max(f)
        p = np.exp(f) / np.sum(np.exp(f))
        loss -= np.log(p[y[i]])
        for j in range(num_classes):
            dW[:, j] += (p[j] - (j == y[i])) * X[i]
    loss /= num_train
    loss += reg * np.sum(W * W)
    dW /= num_train
    dW += 2 * reg * W
    return loss, dW
