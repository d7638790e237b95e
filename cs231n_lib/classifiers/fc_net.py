"""Fully connected neural networks built from the modular layers: the two-layer net of
lecture 4 (``TwoLayerNet``) and nets of any depth (``FullyConnectedNet``)."""
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


class FullyConnectedNet:
    """A fully connected neural network with any number of hidden layers and a softmax loss.

    For L = len(hidden_dims) + 1 layers the architecture is

        {affine - activation} x (L - 1) - affine - softmax

    so with hidden_dims = [H1, H2] (L = 3) it is lecture 4's 3-layer net,
    ``scores = W3 act(W2 act(W1 x + b1) + b2) + b3`` (written with rows: X W1 + b1, ...).
    The last affine layer gives the class scores and has no activation after it.
    With hidden_dims = [] (L = 1) the network is a linear softmax classifier,
    ``scores = X W1 + b1``.

    As for TwoLayerNet, the network computes the loss and the gradients and a Solver
    uses them. The learnable parameters are in the dictionary ``self.params``:
    - Wi: weights of layer i (i = 1, ..., L), of shape (d_{i-1}, d_i), where
      d_0 = input_dim, d_i = hidden_dims[i - 1] for 1 <= i < L and d_L = num_classes
    - bi: biases of layer i, of shape (d_i,)
    """

    def __init__(
        self,
        hidden_dims,
        input_dim,
        num_classes,
        weight_scale=1e-2,
        reg=0.0,
        dtype=np.float64,
        seed=None,
        activation="relu",
    ):
        """Initialize a new network.

        Inputs:
        - hidden_dims: A list of integers giving the size of each hidden layer, e.g.
          [100, 100] for two hidden layers of 100 units; [] for no hidden layer.
        - input_dim: An integer D giving the size of the input (e.g. 28 * 28 * 1).
        - num_classes: An integer C giving the number of classes to classify.
        - weight_scale: Scalar giving the standard deviation for random
          initialization of the weights.
        - reg: Scalar giving the L2 regularization strength. The loss adds
          ``reg * np.sum(W * W)`` for every weight matrix W1, ..., WL; biases are
          not regularized.
        - dtype: The numpy dtype of the parameters and of the computation. The default
          is np.float64, as for TwoLayerNet, because gradient checks need it; pass
          np.float32 for training (about twice as fast, and accurate enough).
        - seed: Seed for the random initialization (an int or None).
        - activation: The nonlinearity after every hidden affine layer, one of
          "relu", "sigmoid", "tanh", "leaky_relu", "elu" (with their default alpha).

        The given code below sets self.num_layers = L = len(hidden_dims) + 1 (and turns
        hidden_dims into a list of ints). Your code: fill self.params with W1, b1, ...,
        WL, bL. Draw the weights from a normal distribution with mean 0 and standard
        deviation weight_scale, using the generator ``rng`` below, one layer after the
        other from W1 to WL: ``rng.normal(0.0, weight_scale, size=(d_{i-1}, d_i))``.
        The biases are zeros. Every parameter has the given dtype (``.astype(dtype)``).
        """
        if activation not in ACTIVATIONS:
            raise ValueError(
                f"unknown activation {activation!r}: choose one of {', '.join(ACTIVATIONS)}"
            )
        hidden_dims = [int(h) for h in hidden_dims]
        if any(h < 1 for h in hidden_dims):
            raise ValueError(f"every hidden layer needs at least one unit, got hidden_dims={hidden_dims}")
        self.hidden_dims = hidden_dims
        self.num_layers = len(hidden_dims) + 1
        self.params = {}
        self.reg = reg
        self.activation = activation
        self.dtype = np.dtype(dtype)
        rng = np.random.default_rng(seed)

        ### BEGIN SOLUTION
        dims = [int(input_dim)] + hidden_dims + [int(num_classes)]
        for i in range(1, self.num_layers + 1):
            fan_in, fan_out = dims[i - 1], dims[i]
            self.params[f"W{i}"] = rng.normal(0.0, weight_scale, size=(fan_in, fan_out)).astype(dtype)
            self.params[f"b{i}"] = np.zeros(fan_out, dtype=dtype)
        ### END SOLUTION
        names = [f"{kind}{i}" for i in range(1, self.num_layers + 1) for kind in "Wb"]
        if sorted(self.params) != sorted(names):
            raise ValueError(
                f"self.params should hold {', '.join(names)} ({self.num_layers} layers for "
                f"hidden_dims={hidden_dims}), but holds {', '.join(sorted(self.params)) or 'nothing'}"
            )

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
          examples plus ``reg * np.sum(W * W)`` for each of W1, ..., WL.
        - grads: Dictionary with the same keys as self.params, mapping parameter
          names to gradients of the loss with respect to those parameters (the
          weights' gradients include ``2 * reg * W``; the biases' do not).

        Use the layers of cs231n_lib.layers and a loop over the self.num_layers layers:
        affine_forward then the activation's forward (``act_forward`` below) for layers
        1 to L - 1, affine_forward alone for layer L, then softmax_loss; keep each
        layer's caches in a list, and run the backward functions in the reverse order.
        """
        X = np.asarray(X, dtype=self.dtype)
        act_forward, act_backward = ACTIVATIONS[self.activation]
        L = self.num_layers
        scores = None
        ### BEGIN SOLUTION
        caches = []  # (affine cache, activation cache or None), layer 1 first
        out = X
        for i in range(1, L + 1):
            out, affine_cache = affine_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
            act_cache = None
            if i < L:  # the last affine layer gives the scores: no activation after it
                out, act_cache = act_forward(out)
            caches.append((affine_cache, act_cache))
        scores = out
        ### END SOLUTION

        # If y is None then we are in test mode so just return scores
        if y is None:
            return scores

        loss, grads = 0.0, {}
        ### BEGIN SOLUTION
        data_loss, dout = softmax_loss(scores, y)
        weights = [self.params[f"W{i}"] for i in range(1, L + 1)]
        loss = data_loss + self.reg * sum(np.sum(W * W) for W in weights)
        for i in range(L, 0, -1):
            affine_cache, act_cache = caches[i - 1]
            if act_cache is not None:
                dout = act_backward(dout, act_cache)
            if i > 1:
                dout, dW, db = affine_backward(dout, affine_cache)
            else:
                # X is data, not a parameter: skip its gradient (a third of the layer's work).
                dW = X.reshape(X.shape[0], -1).T @ dout
                db = dout.sum(axis=0)
            grads[f"W{i}"] = dW + 2 * self.reg * weights[i - 1]
            grads[f"b{i}"] = db
        ### END SOLUTION

        return loss, grads
