"""Two affine layers straight after each other."""
import numpy as np

PATH = "classifiers.fc_net.TwoLayerNet.loss"
EXPECT = ["activation_missing"]


def loss(self, X, y=None):
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = ACTIVATIONS[self.activation]
    scores = None
    W1, b1 = self.params["W1"], self.params["b1"]
    W2, b2 = self.params["W2"], self.params["b2"]
    h, fc1_cache = affine_forward(X, W1, b1)
    scores, fc2_cache = affine_forward(h, W2, b2)

    # If y is None then we are in test mode so just return scores
    if y is None:
        return scores

    loss, grads = 0, {}
    loss, dscores = softmax_loss(scores, y)
    loss += self.reg * (np.sum(np.square(W1)) + np.sum(np.square(W2)))
    da, dW2, db2 = affine_backward(dscores, fc2_cache)
    dh = da
    _, dW1, db1 = affine_backward(dh, fc1_cache)
    grads = {"W1": dW1 + 2 * self.reg * W1, "b1": db1, "W2": dW2 + 2 * self.reg * W2, "b2": db2}

    return loss, grads
