"""Computes the data and regularization loss inside the forward loop's TODO; the given line
loss, grads = 0.0, {} resets it before the backward pass.

Verdict (hand check): loss returned is 0.0; the gradients are right."""
import numpy as np

PATH = "classifiers.fc_net.FullyConnectedNet.loss"
EXPECT = ["loss_overwritten"]


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    L = self.num_layers
    scores = None
    caches = []
    h = X
    for i in range(1, L + 1):
        h, fc_cache = affine_forward(h, self.params["W%d" % i], self.params["b%d" % i])
        a_cache = None
        if i < L:
            h, a_cache = act_forward(h)
        caches.append((fc_cache, a_cache))
    scores = h
    if y is not None:
        loss, dout = softmax_loss(scores, y)
        for i in range(1, L + 1):
            loss += self.reg * np.sum(self.params["W%d" % i] ** 2)

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0.0, {}
    for i in range(L, 0, -1):
        fc_cache, a_cache = caches[i - 1]
        if a_cache is not None:
            dout = act_backward(dout, a_cache)
        dout, dW, db = affine_backward(dout, fc_cache)
        grads["W%d" % i] = dW + 2 * self.reg * self.params["W%d" % i]
        grads["b%d" % i] = db

    return loss, grads
