"""Log-softmax over the classes for the loss, probabilities over axis=0 for dx.

Verdict (hand check): the loss is the formula's; dx's rows do not sum to 0 as p - onehot does,
so dx differs from the numerical gradient."""
import numpy as np

PATH = "layers.softmax_loss"
EXPECT = ["grad_probs_wrong_axis"]


def softmax_loss(x, y):
    loss, dx = None, None
    N = x.shape[0]
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(N), y].mean()
    e = np.exp(shifted)
    dx = e / e.sum(axis=0, keepdims=True)
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx
