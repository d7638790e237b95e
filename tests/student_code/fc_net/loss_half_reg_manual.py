"""Assignment 2's 0.5 factor, written with the layers.

Verdict (hand check): loss low by 0.5 * reg * (sum W1**2 + sum W2**2); the weights' gradients
have reg * W instead of 2 * reg * W: the CS231n assignment 2 convention."""
import numpy as np

PATH = "classifiers.fc_net.TwoLayerNet.loss"
EXPECT = ["half_reg"]


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    scores = None
    W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
    z, cz = affine_forward(X, W1, b1)
    a, ca = act_forward(z)
    scores, cs = affine_forward(a, W2, b2)

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0, {}
    loss, ds = softmax_loss(scores, y)
    loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    da, grads["W2"], grads["b2"] = affine_backward(ds, cs)
    _, grads["W1"], grads["b1"] = affine_backward(act_backward(da, ca), cz)
    grads["W1"] += self.reg * W1
    grads["W2"] += self.reg * W2

    return loss, grads
