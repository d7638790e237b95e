"""Affine maps and a log-sum-exp softmax written by hand; the activation from the layers."""
import numpy as np

PATH = "classifiers.fc_net.FullyConnectedNet.loss"
EXPECT = "correct"


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    L = self.num_layers
    scores = None
    N = X.shape[0]
    hs = [X.reshape(N, -1)]
    act_caches = []
    for i in range(1, L + 1):
        z = hs[-1] @ self.params[f"W{i}"] + self.params[f"b{i}"]
        if i == L:
            scores = z
        else:
            h, c = act_forward(z)
            hs.append(h)
            act_caches.append(c)

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0.0, {}
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(N), y].mean()
    for i in range(1, L + 1):
        loss += self.reg * np.sum(self.params[f"W{i}"] * self.params[f"W{i}"])
    dz = np.exp(log_p)
    dz[np.arange(N), y] -= 1
    dz /= N
    for i in range(L, 0, -1):
        grads[f"W{i}"] = hs[i - 1].T @ dz + 2 * self.reg * self.params[f"W{i}"]
        grads[f"b{i}"] = dz.sum(axis=0)
        if i > 1:
            dz = act_backward(dz @ self.params[f"W{i}"].T, act_caches[i - 2])

    return loss, grads
