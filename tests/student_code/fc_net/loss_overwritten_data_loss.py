"""Puts the softmax and the regularization into the forward TODO as `loss = ...`; the given reset
loss, grads = 0, {} then zeroes it. The backward pass is written out by hand.

Verdict (hand check): loss returned is 0; grads match the numerical gradient of the true loss."""
import numpy as np

PATH = "classifiers.fc_net.TwoLayerNet.loss"
EXPECT = ["loss_overwritten"]


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    scores = None
    p = self.params
    N = X.shape[0]
    Xf = X.reshape(N, -1)
    hidden, cache_act = act_forward(Xf @ p["W1"] + p["b1"])
    scores = hidden @ p["W2"] + p["b2"]
    if y is not None:
        loss, dscores = softmax_loss(scores, y)
        loss += self.reg * (np.sum(p["W1"] ** 2) + np.sum(p["W2"] ** 2))

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0, {}
    grads["W2"] = hidden.T @ dscores + 2 * self.reg * p["W2"]
    grads["b2"] = np.sum(dscores, axis=0)
    dhidden_in = act_backward(dscores @ p["W2"].T, cache_act)
    grads["W1"] = Xf.T @ dhidden_in + 2 * self.reg * p["W1"]
    grads["b1"] = np.sum(dhidden_in, axis=0)

    return loss, grads
