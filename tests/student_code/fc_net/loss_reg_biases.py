"""Regularizes every parameter, biases included."""
import numpy as np

PATH = "classifiers.fc_net.TwoLayerNet.loss"
EXPECT = ["reg_on_biases"]


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    scores = None
    W1, b1 = self.params["W1"], self.params["b1"]
    W2, b2 = self.params["W2"], self.params["b2"]
    h, fc1_cache = affine_forward(X, W1, b1)
    a, act_cache = act_forward(h)
    scores, fc2_cache = affine_forward(a, W2, b2)

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0, {}
    loss, dscores = softmax_loss(scores, y)
    loss += self.reg * sum(np.sum(p * p) for p in self.params.values())
    da, dW2, db2 = affine_backward(dscores, fc2_cache)
    dh = act_backward(da, act_cache)
    _, dW1, db1 = affine_backward(dh, fc1_cache)
    grads = {"W1": dW1 + 2 * self.reg * W1, "b1": db1 + 2 * self.reg * b1, "W2": dW2 + 2 * self.reg * W2, "b2": db2 + 2 * self.reg * b2}

    return loss, grads
