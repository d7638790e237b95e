"""The affine maps and the softmax written out by hand; only the activation comes from the layers."""
import numpy as np

PATH = "classifiers.fc_net.TwoLayerNet.loss"
EXPECT = "correct"


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    scores = None
    N = X.shape[0]
    X2 = X.reshape(N, -1)
    W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
    z1 = X2 @ W1 + b1
    a1, act_cache = act_forward(z1)
    scores = a1 @ W2 + b2

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0, {}
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_z = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_p = shifted - log_z
    loss = -log_p[np.arange(N), y].mean() + self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dscores = np.exp(log_p)
    dscores[np.arange(N), y] -= 1
    dscores /= N
    grads["W2"] = a1.T @ dscores + 2 * self.reg * W2
    grads["b2"] = dscores.sum(axis=0)
    dz1 = act_backward(dscores @ W2.T, act_cache)
    grads["W1"] = X2.T @ dz1 + 2 * self.reg * W1
    grads["b1"] = dz1.sum(axis=0)

    return loss, grads
