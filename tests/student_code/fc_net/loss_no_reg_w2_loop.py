"""Regularizes in a loop over ('W1',) (the second name was forgotten), loss and gradient alike.

Verdict (hand check): as loss_no_reg_w2: W2 is left out of both the penalty and its gradient."""
import numpy as np

PATH = "classifiers.fc_net.TwoLayerNet.loss"
EXPECT = ["reg_w2_missing"]


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    scores = None
    h1, cache1 = affine_forward(X, self.params["W1"], self.params["b1"])
    a1, cache_act = act_forward(h1)
    scores, cache2 = affine_forward(a1, self.params["W2"], self.params["b2"])

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0, {}
    data_loss, dscores = softmax_loss(scores, y)
    da1, grads["W2"], grads["b2"] = affine_backward(dscores, cache2)
    _, grads["W1"], grads["b1"] = affine_backward(act_backward(da1, cache_act), cache1)
    loss = data_loss
    for name in ("W1",):
        loss += self.reg * np.sum(self.params[name] ** 2)
        grads[name] += 2 * self.reg * self.params[name]

    return loss, grads
