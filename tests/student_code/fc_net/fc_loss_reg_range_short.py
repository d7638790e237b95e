"""Regularizes with range(1, self.num_layers): the last weight matrix WL is left out, in the loss
and in its gradient.

Verdict (hand check): loss low by reg * sum(WL**2); grads['WL'] lacks 2 * reg * WL; the other
layers' terms are right."""
import numpy as np

PATH = "classifiers.fc_net.FullyConnectedNet.loss"
EXPECT = ["reg_last_w_missing"]


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    L = self.num_layers
    scores = None
    caches = []
    out = X
    for i in range(1, L + 1):
        out, c = affine_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
        ac = None
        if i != L:
            out, ac = act_forward(out)
        caches.append((c, ac))
    scores = out

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0.0, {}
    loss, dout = softmax_loss(scores, y)
    for i in reversed(range(1, L + 1)):
        c, ac = caches[i - 1]
        if ac is not None:
            dout = act_backward(dout, ac)
        dout, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(dout, c)
    for i in range(1, self.num_layers):
        loss += self.reg * np.sum(self.params[f"W{i}"] ** 2)
        grads[f"W{i}"] += 2 * self.reg * self.params[f"W{i}"]

    return loss, grads
