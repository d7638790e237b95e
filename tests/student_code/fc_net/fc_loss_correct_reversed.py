"""Caches in a dict keyed by layer, the regularization added per layer in the backward loop.

Verdict (hand check): every W1..WL penalized and its gradient 2 * reg * W added once; biases
not; agrees with the numerical gradient."""
import numpy as np

PATH = "classifiers.fc_net.FullyConnectedNet.loss"
EXPECT = "correct"


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    L = self.num_layers
    scores = None
    cache = {}
    out = X
    for i in range(1, L + 1):
        out, cache[("fc", i)] = affine_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
        if i < L:
            out, cache[("act", i)] = act_forward(out)
    scores = out

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0.0, {}
    loss, dout = softmax_loss(scores, y)
    for i in reversed(range(1, L + 1)):
        if ("act", i) in cache:
            dout = act_backward(dout, cache[("act", i)])
        dout, dW, grads[f"b{i}"] = affine_backward(dout, cache[("fc", i)])
        W = self.params[f"W{i}"]
        loss += self.reg * np.sum(W * W)
        grads[f"W{i}"] = dW + 2 * self.reg * W

    return loss, grads
