"""First-order update rules for training neural networks.

Each update rule has the interface::

    def update(w, dw, config=None):
        ...
        return next_w, config

Inputs:
- w: A numpy array giving the current weights.
- dw: A numpy array of the same shape as w giving the gradient of the loss with
  respect to w.
- config: A dictionary of hyperparameter values (such as the learning rate) and of the
  state the rule carries from one step to the next (such as the momentum velocity).
  If None, a new dictionary is made. Missing entries are filled with the defaults
  written in each rule's docstring.

Returns:
- next_w: The weights after the update (a new array; w itself is not modified).
- config: The config dictionary to pass to the next call of the rule, with the
  updated state.

The Solver keeps one config per parameter (W1, b1, ...), so the state of each
parameter is separate.
"""
import numpy as np


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent: ``next_w = w - learning_rate * dw``.

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)

    next_w = w - config["learning_rate"] * dw
    return next_w, config


def sgd_momentum(w, dw, config=None):
    """Stochastic gradient descent with momentum.

    The velocity v is a running, decaying sum of past steps::

        v = momentum * v - learning_rate * dw
        next_w = w + v

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    - momentum: Scalar between 0 and 1 giving the momentum value (default 0.9).
      Setting momentum = 0 reduces to sgd.
    - velocity: A numpy array of the same shape as w and dw used to store a moving
      average of the gradients (starts at zeros).
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    next_w = None
    ### BEGIN SOLUTION
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    ### END SOLUTION
    config["velocity"] = v

    return next_w, config


def adagrad(w, dw, config=None):
    """Adagrad: divide each step by the root of the SUM of all past squared gradients, so
    that every parameter gets its own effective learning rate::

        cache = cache + dw**2
        next_w = w - learning_rate * dw / (sqrt(cache) + epsilon)

    epsilon is added after the square root (as in RMSProp). The cache only grows, so the
    effective learning rate ``learning_rate / (sqrt(cache) + epsilon)`` of each parameter
    only shrinks: with gradients of constant size it falls like 1 / sqrt(t).

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    - epsilon: Small scalar used for smoothing to avoid dividing by zero (default 1e-8).
    - cache: Sum of the squares of all past gradients, an array shaped like w (starts
      at zeros). Store the updated cache in config["cache"].
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    ### BEGIN SOLUTION
    cache = config["cache"] + dw * dw
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache
    ### END SOLUTION

    return next_w, config


def rmsprop(w, dw, config=None):
    """RMSProp: divide each step by a moving average of the squared gradients, so that
    every parameter gets its own effective learning rate::

        cache = decay_rate * cache + (1 - decay_rate) * dw**2
        next_w = w - learning_rate * dw / (sqrt(cache) + epsilon)

    epsilon is added after the square root (not inside it): with gradients of 1e-7 the
    difference is large.

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    - decay_rate: Scalar between 0 and 1 giving the decay rate of the squared gradient
      cache (default 0.99).
    - epsilon: Small scalar used for smoothing to avoid dividing by zero (default 1e-8).
    - cache: Moving average of the second moments of the gradients, an array shaped
      like w (starts at zeros). Store the updated cache in config["cache"].
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    ### BEGIN SOLUTION
    cache = config["decay_rate"] * config["cache"] + (1 - config["decay_rate"]) * dw * dw
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache
    ### END SOLUTION

    return next_w, config


def adam(w, dw, config=None):
    """Adam: momentum on the gradient (first moment m) combined with RMSProp's scaling
    (second moment v), both bias-corrected. With t the step number, incremented BEFORE
    it is used (so the first step uses t = 1)::

        t = t + 1
        m = beta1 * m + (1 - beta1) * dw
        v = beta2 * v + (1 - beta2) * dw**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)

    m and v start at zero, so without the correction the first steps would be far too
    small; dividing by (1 - beta**t) undoes that bias. epsilon is added after the square
    root, as for RMSProp.

    config format:
    - learning_rate: Scalar learning rate (default 1e-3).
    - beta1: Decay rate for moving average of first moment of gradient (default 0.9).
    - beta2: Decay rate for moving average of second moment of gradient (default 0.999).
    - epsilon: Small scalar used for smoothing to avoid dividing by zero (default 1e-8).
    - m: Moving average of gradient (starts at zeros, shaped like w).
    - v: Moving average of squared gradient (starts at zeros, shaped like w).
    - t: Iteration number (starts at 0).
    Store the updated m, v and t back in config.
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)

    next_w = None
    ### BEGIN SOLUTION
    beta1, beta2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = beta1 * config["m"] + (1 - beta1) * dw
    v = beta2 * config["v"] + (1 - beta2) * (dw * dw)
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    config["t"], config["m"], config["v"] = t, m, v
    ### END SOLUTION

    return next_w, config
