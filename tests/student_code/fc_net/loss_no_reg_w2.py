"""Regularizes W1 only, in the loss and in the gradient.

Verdict (hand check): the loss is low by exactly reg * sum(W2**2) and grads['W2'] lacks
2 * reg * W2 (both visible only when reg != 0); W1's terms are right."""
import numpy as np

PATH = "classifiers.fc_net.TwoLayerNet.loss"
EXPECT = ["reg_w2_missing"]


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    scores = None
    W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
    a, cache_a = affine_forward(X, W1, b1)
    h, cache_h = act_forward(a)
    scores, cache_s = affine_forward(h, W2, b2)

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0, {}
    loss, dscores = softmax_loss(scores, y)
    loss += self.reg * np.sum(W1 * W1)
    dh, grads["W2"], grads["b2"] = affine_backward(dscores, cache_s)
    da = act_backward(dh, cache_h)
    _, grads["W1"], grads["b1"] = affine_backward(da, cache_a)
    grads["W1"] += 2 * self.reg * W1

    return loss, grads
