"""The activation after every affine layer, the last one too."""
import numpy as np

PATH = "classifiers.fc_net.FullyConnectedNet.loss"
EXPECT = ["activation_on_scores"]


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    L = self.num_layers
    scores = None
    caches = []
    out = X
    for i in range(1, L + 1):
        out, fc_cache = affine_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
        act_cache = None
        if True:
            out, act_cache = act_forward(out)
        caches.append((fc_cache, act_cache))
    scores = out

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0.0, {}
    loss, dout = softmax_loss(scores, y)
    loss += self.reg * sum(np.sum(self.params[f"W{i}"] ** 2) for i in range(1, L + 1))
    for i in reversed(range(1, L + 1)):
        fc_cache, act_cache = caches[i - 1]
        if act_cache is not None:
            dout = act_backward(dout, act_cache)
        dout, dW, db = affine_backward(dout, fc_cache)
        grads[f"W{i}"] = dW + 2 * self.reg * self.params[f"W{i}"]
        grads[f"b{i}"] = db

    return loss, grads
