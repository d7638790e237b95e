"""The loss by log-sum-exp over the classes (right), but the probabilities for the gradient
normalized with axis=0 (over the examples).

Verdict (hand check): the loss is the formula's; dscores = exp / column sums - onehot is not
p - onehot (each row's p must sum to 1 over the classes), so dW disagrees with the numerical
gradient."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_vectorized"
EXPECT = ["grad_probs_wrong_axis"]


def softmax_loss_vectorized(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros_like(W)
    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)
    exp_scores = np.exp(scores)
    log_sum = np.log(np.sum(exp_scores, axis=1))
    loss = np.sum(log_sum - scores[np.arange(num_train), y]) / num_train
    loss += reg * np.sum(W * W)
    probs = exp_scores / np.sum(exp_scores, axis=0, keepdims=True)
    probs[np.arange(num_train), y] -= 1
    dW = X.T.dot(probs) / num_train
    dW += 2 * reg * W
    return loss, dW
