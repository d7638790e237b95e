"""Numerical gradients and relative errors, for checking analytic gradients.

Given code (CS231n-compatible names). Every probe uses centered differences
``(f(x + h) - f(x - h)) / (2h)`` and puts ``x`` back exactly afterwards.
"""
import numpy as np


def rel_error(x, y):
    """Largest relative error ``|x - y| / max(1e-8, |x| + |y|)`` over all elements.

    Two zeros compare as 0.0 (not 0/0). Inputs are scalars or arrays of the same shape.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"rel_error needs equal shapes, got {x.shape} and {y.shape}")
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def eval_numerical_gradient(f, x, verbose=True, h=1e-5):
    """Numerical gradient of a scalar function ``f`` at ``x``.

    Inputs:
    - f: A function that takes one argument (an array shaped like x) and returns a float.
    - x: A float64 numpy array; it is modified during the probes and restored after each.
    - verbose: If True, print each index and its gradient.
    - h: The step of the centered difference.

    Returns:
    - grad: An array shaped like x.
    """
    _require_float64(x)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        above, below = _values_beside(f, x, ix, h)
        grad[ix] = (above - below) / (2 * h)
        if verbose:
            print(ix, grad[ix])
        it.iternext()
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """Numerical gradient of ``sum(f(x) * df)`` with respect to ``x``, for a function
    ``f`` whose output is an array and ``df`` the upstream gradient (same shape as f(x)).

    Returns:
    - grad: An array shaped like x.
    """
    _require_float64(x)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        above, below = _values_beside(f, x, ix, h, as_array=True)
        grad[ix] = np.sum((above - below) * df) / (2 * h)
        it.iternext()
    return grad


def grad_check_sparse(f, x, analytic_grad, num_checks=10, h=1e-5, seed=None, verbose=True):
    """Compare ``analytic_grad`` with centered differences at ``num_checks`` random entries of x.

    Inputs:
    - f: A function of x returning a float.
    - x: A float64 array (restored after each probe).
    - analytic_grad: The gradient to check, shaped like x.
    - num_checks: How many random entries to probe.
    - seed: Seed for choosing the entries (an int, a np.random.Generator or None).

    Returns:
    - A list of the relative errors, one per probed entry.
    """
    _require_float64(x)
    if np.shape(analytic_grad) != x.shape:
        raise ValueError(f"analytic_grad has shape {np.shape(analytic_grad)}, expected x's shape {x.shape}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    errors = []
    for _ in range(num_checks):
        ix = tuple(int(rng.integers(m)) for m in x.shape)
        above, below = _values_beside(f, x, ix, h)
        grad_numerical = (above - below) / (2 * h)
        grad_analytic = analytic_grad[ix]
        error = rel_error(grad_numerical, grad_analytic)
        errors.append(error)
        if verbose:
            print(f"numerical: {grad_numerical:f} analytic: {grad_analytic:f}, relative error: {error:e}")
    return errors


def _values_beside(f, x, ix, h, as_array=False):
    """``[f at x with x[ix] + h, f at x with x[ix] - h]`` (copies of the outputs when
    ``as_array``); x[ix] is back as it was afterwards, also when f raises."""
    centre = x[ix]
    values = []
    try:
        for step in (h, -h):
            x[ix] = centre + step
            value = f(x)
            values.append(np.array(value, dtype=np.float64, copy=True) if as_array else value)
    finally:
        x[ix] = centre
    return values


def _require_float64(x):
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        kind = type(x).__name__ if not isinstance(x, np.ndarray) else f"array of {x.dtype}"
        raise TypeError(
            f"numerical gradients need a float64 numpy array, got {kind}: "
            "steps of h=1e-5 vanish in float32 or ints. Use x.astype(np.float64)."
        )
