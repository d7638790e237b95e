"""Modular layers: each layer is a pair of functions.

``*_forward(inputs...)`` returns ``(out, cache)``: the output, and a cache holding
whatever the backward pass will need. ``*_backward(dout, cache)`` receives the upstream
gradient ``dout`` (the gradient of the loss with respect to ``out``, same shape as ``out``)
and returns the gradient of the loss with respect to each input, in the same order as the
inputs of the forward function and with the same shapes.

The cache of every layer is built outside your code (after your part of the function):
the forward functions must compute the variables it uses, and the backward
functions receive that cache exactly. Loss layers (``softmax_loss``, ``svm_loss``) take the
scores and labels and return ``(loss, dx)`` at once.

All functions work for any floating dtype (float64 for gradient checks, float32 for speed)
and keep the dtype of their inputs. Do not modify the inputs in place.
"""
import numpy as np


def affine_forward(x, w, b):
    """Forward pass of an affine (fully connected) layer: ``out = x w + b``.

    The input x has shape (N, d_1, ..., d_k): a minibatch of N examples, each of which
    is reshaped into a vector of dimension D = d_1 * ... * d_k (e.g. an image (H, W, C)
    becomes a row of H * W * C values) before the product.

    Inputs:
    - x: A numpy array of shape (N, d_1, ..., d_k) containing input data.
    - w: A numpy array of weights, of shape (D, M).
    - b: A numpy array of biases, of shape (M,).

    Returns a tuple of:
    - out: output, of shape (N, M)
    - cache: (x, w, b)
    """
    out = None
    ### BEGIN SOLUTION
    out = x.reshape(x.shape[0], -1) @ w + b
    ### END SOLUTION
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    """Backward pass of an affine layer.

    Inputs:
    - dout: Upstream derivative, of shape (N, M)
    - cache: Tuple of:
      - x: Input data, of shape (N, d_1, ..., d_k)
      - w: Weights, of shape (D, M)
      - b: Biases, of shape (M,)

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, d_1, ..., d_k) (x's own shape)
    - dw: Gradient with respect to w, of shape (D, M)
    - db: Gradient with respect to b, of shape (M,)
    """
    x, w, b = cache
    dx, dw, db = None, None, None
    ### BEGIN SOLUTION
    x2 = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x2.T @ dout
    db = dout.sum(axis=0)
    ### END SOLUTION
    return dx, dw, db


def relu_forward(x):
    """Forward pass of a layer of rectified linear units: ``out = max(0, x)`` elementwise.

    Input:
    - x: Inputs, a numpy array of any shape

    Returns a tuple of:
    - out: Output, of the same shape as x
    - cache: x
    """
    out = None
    ### BEGIN SOLUTION
    out = np.maximum(x, 0)
    ### END SOLUTION
    cache = x
    return out, cache


def relu_backward(dout, cache):
    """Backward pass of a layer of ReLUs.

    The local gradient is 1 where x > 0 and 0 elsewhere (we take 0 at exactly x = 0).

    Input:
    - dout: Upstream derivatives, of any shape
    - cache: Input x, of the same shape as dout

    Returns:
    - dx: Gradient with respect to x, of the same shape as x
    """
    x = cache
    dx = None
    ### BEGIN SOLUTION
    dx = dout * (x > 0)
    ### END SOLUTION
    return dx


def sigmoid_forward(x):
    """Forward pass of a layer of sigmoids: ``out = 1 / (1 + exp(-x))`` elementwise.

    The output must be finite for inputs like -1000 and 1000. The checks compare the
    values there: ``exp(x) / (1 + exp(x))`` gives inf / inf = nan at x = 1000;
    ``1 / (1 + exp(-x))`` gives the right values (1 / (1 + inf) = 0 at x = -1000), but numpy
    warns that exp overflowed. The stable form never overflows: use ``1 / (1 + exp(-x))``
    where x >= 0 and the equal form ``exp(x) / (1 + exp(x))`` where x < 0, so that exp only
    ever sees arguments <= 0.

    Input:
    - x: Inputs, a numpy array of any shape

    Returns a tuple of:
    - out: Output, of the same shape as x, with values in [0, 1]
    - cache: out (the backward pass only needs the output)
    """
    out = None
    ### BEGIN SOLUTION
    z = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    out = np.where(x >= 0, 1 / (1 + z), z / (1 + z))
    ### END SOLUTION
    cache = out
    return out, cache


def sigmoid_backward(dout, cache):
    """Backward pass of a layer of sigmoids.

    The local gradient is ``sigma(x) * (1 - sigma(x))``, at most 1/4 (at x = 0) and
    nearly 0 for large |x|: saturated sigmoids kill the gradient.

    Input:
    - dout: Upstream derivatives, of any shape
    - cache: out, the output of sigmoid_forward, of the same shape as dout (it already
      is sigma(x): do not apply the sigmoid to it again)

    Returns:
    - dx: Gradient with respect to x, of the same shape as dout
    """
    out = cache
    dx = None
    ### BEGIN SOLUTION
    dx = dout * out * (1 - out)
    ### END SOLUTION
    return dx


def tanh_forward(x):
    """Forward pass of a layer of hyperbolic tangents: ``out = tanh(x)`` elementwise.

    The output must be finite for inputs like -1000 and 1000: np.tanh is stable, the
    formula (exp(x) - exp(-x)) / (exp(x) + exp(-x)) is not (inf / inf = nan).

    Input:
    - x: Inputs, a numpy array of any shape

    Returns a tuple of:
    - out: Output, of the same shape as x, with values in [-1, 1]
    - cache: out
    """
    out = None
    ### BEGIN SOLUTION
    out = np.tanh(x)
    ### END SOLUTION
    cache = out
    return out, cache


def tanh_backward(dout, cache):
    """Backward pass of a layer of tanh units; the local gradient is ``1 - tanh(x)**2``.

    Input:
    - dout: Upstream derivatives, of any shape
    - cache: out, the output of tanh_forward, of the same shape as dout (it already is
      tanh(x): do not apply tanh to it again)

    Returns:
    - dx: Gradient with respect to x, of the same shape as dout
    """
    out = cache
    dx = None
    ### BEGIN SOLUTION
    dx = dout * (1 - out * out)
    ### END SOLUTION
    return dx


def leaky_relu_forward(x, alpha=0.01):
    """Forward pass of a layer of leaky ReLUs: ``out = x`` where x > 0, ``alpha * x`` elsewhere.

    Inputs:
    - x: Inputs, a numpy array of any shape
    - alpha: The slope for negative inputs (a small positive float)

    Returns a tuple of:
    - out: Output, of the same shape as x
    - cache: (x, alpha)
    """
    out = None
    ### BEGIN SOLUTION
    out = np.where(x > 0, x, alpha * x)
    ### END SOLUTION
    cache = (x, alpha)
    return out, cache


def leaky_relu_backward(dout, cache):
    """Backward pass of a layer of leaky ReLUs.

    The local gradient is 1 where x > 0 and alpha elsewhere (alpha at exactly x = 0).

    Inputs:
    - dout: Upstream derivatives, of any shape
    - cache: (x, alpha) as returned by leaky_relu_forward

    Returns:
    - dx: Gradient with respect to x, of the same shape as x
    """
    x, alpha = cache
    dx = None
    ### BEGIN SOLUTION
    dx = np.where(x > 0, dout, alpha * dout)
    ### END SOLUTION
    return dx


def elu_forward(x, alpha=1.0):
    """Forward pass of a layer of exponential linear units (ELU):
    ``out = x`` where x > 0, ``alpha * (exp(x) - 1)`` elsewhere.

    Stable for large |x|: never evaluate exp at large positive x (for instance use
    ``np.expm1(np.minimum(x, 0))``, which is also accurate near 0).

    Inputs:
    - x: Inputs, a numpy array of any shape
    - alpha: The value -alpha is the limit of the output for x -> -infinity (alpha > 0)

    Returns a tuple of:
    - out: Output, of the same shape as x
    - cache: (x, out, alpha)
    """
    out = None
    ### BEGIN SOLUTION
    out = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))
    ### END SOLUTION
    cache = (x, out, alpha)
    return out, cache


def elu_backward(dout, cache):
    """Backward pass of a layer of ELUs.

    The local gradient is 1 where x > 0 and ``alpha * exp(x)`` elsewhere (alpha at exactly
    x = 0), which equals ``out + alpha`` there (so the cached output saves an exp).

    Inputs:
    - dout: Upstream derivatives, of any shape
    - cache: (x, out, alpha) as returned by elu_forward

    Returns:
    - dx: Gradient with respect to x, of the same shape as x
    """
    x, out, alpha = cache
    dx = None
    ### BEGIN SOLUTION
    dx = np.where(x > 0, dout, dout * (out + alpha))
    ### END SOLUTION
    return dx


def maxout_forward(x, w, b):
    """Forward pass of a maxout layer with M units of k linear pieces each.

    Each unit j computes k affine functions of the input and outputs the largest:
    ``out[n, j] = max over p of (x[n] . w[:, j, p] + b[j, p])``. ReLU is the special case
    k = 2 with one piece fixed at 0; the price is k times the parameters of an affine layer.

    As in affine_forward, x of shape (N, d_1, ..., d_k) is reshaped to (N, D).

    Inputs:
    - x: A numpy array of shape (N, d_1, ..., d_k) containing input data.
    - w: Weights, of shape (D, M, k): w[:, j, p] is the weight vector of piece p of unit j.
    - b: Biases, of shape (M, k).

    Returns a tuple of:
    - out: Output, of shape (N, M)
    - cache: (x, w, b, z) where z, of shape (N, M, k), holds the values of all pieces
      before the max (z[n, j, p] = x[n] . w[:, j, p] + b[j, p]).
    """
    out, z = None, None
    ### BEGIN SOLUTION
    N = x.shape[0]
    D, M, k = w.shape
    z = (x.reshape(N, D) @ w.reshape(D, M * k)).reshape(N, M, k) + b
    out = z.max(axis=2)
    ### END SOLUTION
    cache = (x, w, b, z)
    return out, cache


def maxout_backward(dout, cache):
    """Backward pass of a maxout layer.

    The gradient of each output flows only to its winning piece (the argmax over the k
    pieces). Ties: if several pieces share the maximum, the whole gradient goes to the
    first of them (the lowest piece index, as np.argmax picks).

    Inputs:
    - dout: Upstream derivatives, of shape (N, M)
    - cache: (x, w, b, z) as returned by maxout_forward

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, d_1, ..., d_k) (x's own shape)
    - dw: Gradient with respect to w, of shape (D, M, k)
    - db: Gradient with respect to b, of shape (M, k)
    """
    x, w, b, z = cache
    dx, dw, db = None, None, None
    ### BEGIN SOLUTION
    N = x.shape[0]
    D, M, k = w.shape
    winner = np.argmax(z, axis=2)  # (N, M), first maximum on ties
    dz = np.zeros_like(z)
    np.put_along_axis(dz, winner[:, :, None], dout[:, :, None], axis=2)
    dz2 = dz.reshape(N, M * k)
    dx = (dz2 @ w.reshape(D, M * k).T).reshape(x.shape)
    dw = (x.reshape(N, D).T @ dz2).reshape(D, M, k)
    db = dz.sum(axis=0)
    ### END SOLUTION
    return dx, dw, db


def softmax_loss(x, y):
    """Loss and gradient for softmax (cross-entropy) classification.

    ``loss = mean over n of -log(exp(x[n, y[n]]) / sum_j exp(x[n, j]))``.

    Make it numerically stable, in two steps:
    1. subtract each row's maximum from its scores before exponentiating (the
       probabilities do not change), so that scores of 1e4 do not overflow;
    2. compute the log-probabilities with log-sum-exp on the shifted scores,
       ``log p[n, j] = shifted[n, j] - log(sum_j exp(shifted[n, j]))``, not as the log of
       the probability: with scores 1e3 apart a probability rounds to 0 and log(0) = -inf.
    The loss and dx must be finite for scores around +-1e3. Average the loss and the
    gradient over the N examples.

    Inputs:
    - x: Input data (class scores), of shape (N, C) where x[i, j] is the score for
      the jth class for the ith input.
    - y: Vector of labels, of shape (N,) where y[i] is the label for x[i] and
      0 <= y[i] < C

    Returns a tuple of:
    - loss: Scalar giving the loss (a Python or numpy float)
    - dx: Gradient of the loss with respect to x, of shape (N, C)
    """
    loss, dx = None, None
    ### BEGIN SOLUTION
    N = x.shape[0]
    rows = np.arange(N)
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[rows, y].mean()
    dx = np.exp(log_probs)
    dx[rows, y] -= 1
    dx /= N
    ### END SOLUTION
    return loss, dx


def svm_loss(x, y):
    """Loss and gradient for the multiclass SVM (hinge) loss with margin 1.

    ``loss = mean over n of sum over j != y[n] of max(0, x[n, j] - x[n, y[n]] + 1)``.

    Average the loss and the gradient over the N examples. (At a kink, where a margin is
    exactly 0, take the gradient of that term as 0.)

    Inputs:
    - x: Input data (class scores), of shape (N, C) where x[i, j] is the score for
      the jth class for the ith input.
    - y: Vector of labels, of shape (N,) where y[i] is the label for x[i] and
      0 <= y[i] < C

    Returns a tuple of:
    - loss: Scalar giving the loss (a Python or numpy float)
    - dx: Gradient of the loss with respect to x, of shape (N, C)
    """
    loss, dx = None, None
    ### BEGIN SOLUTION
    N = x.shape[0]
    rows = np.arange(N)
    margins = np.maximum(0, x - x[rows, y][:, None] + 1)
    margins[rows, y] = 0
    loss = margins.sum() / N
    positive = (margins > 0).astype(x.dtype)
    positive[rows, y] = -positive.sum(axis=1)
    dx = positive / N
    ### END SOLUTION
    return loss, dx
