"""The layers, then the regularization in a loop over both weight names.

Verdict (hand check): the docstring's loss (softmax + reg * (sum W1**2 + sum W2**2)) and gradients
with 2 * reg * W for both weights; agrees with the numerical gradient."""
import numpy as np

PATH = "classifiers.fc_net.TwoLayerNet.loss"
EXPECT = "correct"


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
    loss, dscores = softmax_loss(scores, y)
    da1, grads["W2"], grads["b2"] = affine_backward(dscores, cache2)
    _, grads["W1"], grads["b1"] = affine_backward(act_backward(da1, cache_act), cache1)
    for name in ("W1", "W2"):
        loss += self.reg * np.sum(self.params[name] ** 2)
        grads[name] += 2 * self.reg * self.params[name]

    return loss, grads
