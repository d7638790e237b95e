"""A two-layer fully connected neural network built from the modular layers."""
import numpy as np

from ..layers import (
    affine_backward,
    affine_forward,
    elu_backward,
    elu_forward,
    leaky_relu_backward,
    leaky_relu_forward,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    softmax_loss,
    tanh_backward,
    tanh_forward,
)

# The activation functions the network can use: name -> (forward, backward).
ACTIVATIONS = {
    "relu": (relu_forward, relu_backward),
    "sigmoid": (sigmoid_forward, sigmoid_backward),
    "tanh": (tanh_forward, tanh_backward),
    "leaky_relu": (leaky_relu_forward, leaky_relu_backward),
    "elu": (elu_forward, elu_backward),
}


class TwoLayerNet:
    """A two-layer fully connected neural network with a nonlinearity and a softmax loss.

    The architecture is affine - activation - affine - softmax: for an input of
    dimension D, a hidden layer of dimension H and C classes,
    ``scores = act(X W1 + b1) W2 + b2``.

    The network does not run an optimizer itself: it computes the loss and the gradients
    and a Solver uses them. The learnable parameters are in the dictionary
    ``self.params``, which maps parameter names to numpy arrays:
    - W1: first layer weights, of shape (D, H)
    - b1: first layer biases, of shape (H,)
    - W2: second layer weights, of shape (H, C)
    - b2: second layer biases, of shape (C,)
    """

    def __init__(
        self,
        input_dim,
        hidden_dim,
        num_classes,
        weight_scale=1e-3,
        reg=0.0,
        activation="relu",
        seed=None,
        dtype=np.float64,
    ):
        """Initialize a new network.

        Inputs:
        - input_dim: An integer D giving the size of the input (e.g. 28 * 28 * 1 for
          Fashion-MNIST images, 32 * 32 * 3 for CIFAR-10)
        - hidden_dim: An integer H giving the size of the hidden layer
        - num_classes: An integer C giving the number of classes to classify
        - weight_scale: Scalar giving the standard deviation for random
          initialization of the weights.
        - reg: Scalar giving the L2 regularization strength. The loss adds
          ``reg * (np.sum(W1 * W1) + np.sum(W2 * W2))``; biases are not regularized.
        - activation: The nonlinearity of the hidden layer, one of "relu", "sigmoid",
          "tanh", "leaky_relu", "elu" (with their default alpha).
        - seed: Seed for the random initialization (an int or None).
        - dtype: The numpy dtype of the parameters and of the computation: np.float64
          (the default; use it for gradient checks) or np.float32 (about twice as fast,
          fine for training).

        Your code: fill self.params. Draw the weights from a normal distribution with
        mean 0 and standard deviation weight_scale, using the generator ``rng`` below,
        W1 first and then W2: ``rng.normal(0.0, weight_scale, size=(D, H))``. The biases
        are zeros. Every parameter has the given dtype (``.astype(dtype)``).
        """
        if activation not in ACTIVATIONS:
            raise ValueError(
                f"unknown activation {activation!r}: choose one of {', '.join(ACTIVATIONS)}"
            )
        self.params = {}
        self.reg = reg
        self.activation = activation
        self.dtype = np.dtype(dtype)
        rng = np.random.default_rng(seed)

        ### BEGIN SOLUTION
        self.params["W1"] = rng.normal(0.0, weight_scale, size=(input_dim, hidden_dim)).astype(dtype)
        self.params["b1"] = np.zeros(hidden_dim, dtype=dtype)
        self.params["W2"] = rng.normal(0.0, weight_scale, size=(hidden_dim, num_classes)).astype(dtype)
        self.params["b2"] = np.zeros(num_classes, dtype=dtype)
        ### END SOLUTION

    def loss(self, X, y=None):
        """Compute the loss and gradients for a minibatch of data.

        Inputs:
        - X: Array of input data of shape (N, d_1, ..., d_k) (images are flattened by
          affine_forward)
        - y: Array of labels, of shape (N,). y[i] gives the label for X[i].

        Returns:
        If y is None, then run a test-time forward pass of the model and return:
        - scores: Array of shape (N, C) giving classification scores, where
          scores[i, c] is the classification score for X[i] and class c.

        If y is not None, then run a training-time forward and backward pass and
        return a tuple of:
        - loss: Scalar value giving the loss: the softmax loss averaged over the N
          examples plus ``reg * (np.sum(W1 * W1) + np.sum(W2 * W2))``.
        - grads: Dictionary with the same keys as self.params, mapping parameter
          names to gradients of the loss with respect to those parameters (the
          weights' gradients include ``2 * reg * W``).

        Use the layers of cs231n_lib.layers: affine_forward, the activation's forward
        (``act_forward`` below), affine_forward, then softmax_loss; and the backward
        functions in the reverse order.
        """
        X = np.asarray(X, dtype=self.dtype)
        act_forward, act_backward = ACTIVATIONS[self.activation]
        scores = None
        ### BEGIN SOLUTION
        W1, b1, W2, b2 = (self.params[k] for k in ("W1", "b1", "W2", "b2"))
        hidden_in, cache_1 = affine_forward(X, W1, b1)
        hidden, cache_act = act_forward(hidden_in)
        scores, cache_2 = affine_forward(hidden, W2, b2)
        ### END SOLUTION

        # If y is None then we are in test mode so just return scores
        if y is None:
            return scores

        loss, grads = 0, {}
        ### BEGIN SOLUTION
        data_loss, dscores = softmax_loss(scores, y)
        loss = data_loss + self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, cache_2)
        dhidden_in = act_backward(dhidden, cache_act)
        # X is data, not a parameter: its gradient (the dx of affine_backward, a third of
        # the first layer's work) is never used, so compute dW1 and db1 directly.
        grads["W1"] = X.reshape(X.shape[0], -1).T @ dhidden_in
        grads["b1"] = dhidden_in.sum(axis=0)
        grads["W2"] += 2 * self.reg * W2
        grads["W1"] += 2 * self.reg * W1
        ### END SOLUTION

        return loss, grads
