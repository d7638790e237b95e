"""Tests of cs231n_lib.layers against independent numerics.

Forward passes are compared with plain formulas or loops written here; backward passes with
centered-difference gradients (eval_numerical_gradient_array). Each check is a function of
the layer under test, so the same check is run on the reference (must pass) and on a
typical wrong version (must fail).
"""
import warnings

import numpy as np
import pytest

from cs231n_lib import layers
from cs231n_lib.gradient_check import eval_numerical_gradient, eval_numerical_gradient_array, rel_error

TOL = 1e-7


def away_from_zero(rng, shape, low=0.05, high=3.0):
    """Random values with |x| in [low, high]: no probe of h=1e-5 crosses a kink at 0."""
    return rng.uniform(low, high, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def no_warnings(f, *args):
    """Call f turning every numpy warning (overflow, invalid value) into an error."""
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        warnings.simplefilter("error")
        return f(*args)


# ---------------------------------------------------------------------------------------
# affine


def check_affine_forward(forward, shape, M, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    D = int(np.prod(shape[1:]))
    w, b = rng.normal(size=(D, M)), rng.normal(size=M)
    out, _ = forward(x, w, b)
    expected = np.zeros((shape[0], M))
    for n in range(shape[0]):  # one example at a time, one output at a time
        row = x[n].ravel()
        for m in range(M):
            expected[n, m] = sum(row[d] * w[d, m] for d in range(D)) + b[m]
    return out.shape == expected.shape and rel_error(out, expected) < TOL


def check_affine_backward(forward, backward, shape, M, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    D = int(np.prod(shape[1:]))
    w, b = rng.normal(size=(D, M)), rng.normal(size=M)
    dout = rng.normal(size=(shape[0], M))
    dx, dw, db = backward(dout, forward(x, w, b)[1])
    dx_num = eval_numerical_gradient_array(lambda x_: forward(x_, w, b)[0], x, dout)
    dw_num = eval_numerical_gradient_array(lambda w_: forward(x, w_, b)[0], w, dout)
    db_num = eval_numerical_gradient_array(lambda b_: forward(x, w, b_)[0], b, dout)
    if np.shape(dx) != x.shape or np.shape(dw) != w.shape or np.shape(db) != b.shape:
        return False
    return max(rel_error(dx, dx_num), rel_error(dw, dw_num), rel_error(db, db_num)) < TOL


AFFINE_SHAPES = [((3, 4), 5, 0), ((2, 4, 5, 3), 6, 1), ((10, 6), 3, 2), ((1, 2, 3), 4, 3)]


@pytest.mark.parametrize("shape,M,seed", AFFINE_SHAPES)
def test_affine_forward(shape, M, seed):
    assert check_affine_forward(layers.affine_forward, shape, M, seed)


@pytest.mark.parametrize("shape,M,seed", AFFINE_SHAPES)
def test_affine_backward(shape, M, seed):
    assert check_affine_backward(layers.affine_forward, layers.affine_backward, shape, M, seed)


def test_affine_large_magnitudes():
    rng = np.random.default_rng(5)
    x, w, b = 1e6 * rng.normal(size=(4, 3)), 1e6 * rng.normal(size=(3, 2)), rng.normal(size=2)
    out, cache = layers.affine_forward(x, w, b)
    assert rel_error(out, x @ w + b) < 1e-12
    dx, dw, db = layers.affine_backward(np.ones((4, 2)), cache)
    assert np.all(np.isfinite(dx)) and np.all(np.isfinite(dw))


def test_affine_wrong_versions_are_caught():
    def forward_without_bias(x, w, b):
        return x.reshape(x.shape[0], -1) @ w, (x, w, b)

    def backward_flat_dx(dout, cache):  # forgets to give dx the shape of x
        x, w, b = cache
        return dout @ w.T, x.reshape(x.shape[0], -1).T @ dout, dout.sum(axis=0)

    def backward_mean_db(dout, cache):
        dx, dw, _ = layers.affine_backward(dout, cache)
        return dx, dw, dout.mean(axis=0)

    shape, M, seed = AFFINE_SHAPES[1]
    assert not check_affine_forward(forward_without_bias, shape, M, seed)
    assert not check_affine_backward(layers.affine_forward, backward_flat_dx, shape, M, seed)
    assert not check_affine_backward(layers.affine_forward, backward_mean_db, shape, M, seed)


# ---------------------------------------------------------------------------------------
# elementwise activations

ALPHA_LEAKY, ALPHA_ELU = 0.05, 1.5


def naive_activation(name, v):
    """The scalar formula of each activation, evaluated with the math of Python floats."""
    import math

    if name == "relu":
        return v if v > 0 else 0.0
    if name == "sigmoid":
        return 1.0 / (1.0 + math.exp(-v))
    if name == "tanh":
        return (math.exp(v) - math.exp(-v)) / (math.exp(v) + math.exp(-v))
    if name == "leaky_relu":
        return v if v > 0 else ALPHA_LEAKY * v
    if name == "elu":
        return v if v > 0 else ALPHA_ELU * (math.exp(v) - 1.0)
    raise KeyError(name)


def layer_pair(name):
    forward, backward = getattr(layers, f"{name}_forward"), getattr(layers, f"{name}_backward")
    if name == "leaky_relu":
        return (lambda x: forward(x, ALPHA_LEAKY)), backward
    if name == "elu":
        return (lambda x: forward(x, ALPHA_ELU)), backward
    return forward, backward


def check_activation_forward(name, forward, shape, seed):
    rng = np.random.default_rng(seed)
    x = away_from_zero(rng, shape)
    out, _ = forward(x)
    expected = np.vectorize(lambda v: naive_activation(name, v))(x)
    return out.shape == x.shape and rel_error(out, expected) < 1e-12


def check_activation_backward(forward, backward, shape, seed):
    rng = np.random.default_rng(seed)
    x = away_from_zero(rng, shape)
    dout = rng.normal(size=shape)
    dx = backward(dout, forward(x)[1])
    dx_num = eval_numerical_gradient_array(lambda x_: forward(x_)[0], x, dout)
    return np.shape(dx) == x.shape and rel_error(dx, dx_num) < TOL


def check_activation_large(forward, backward):
    """Finite outputs and gradients, without numpy warnings, at +-1000 and +-1e4."""
    x = np.array([[-1e4, -1000.0, -50.0, 0.0, 50.0, 1000.0, 1e4]])
    try:
        out, cache = no_warnings(forward, x)
        dx = no_warnings(backward, np.ones_like(x), cache)
    except (FloatingPointError, RuntimeWarning):
        return False
    return bool(np.all(np.isfinite(out)) and np.all(np.isfinite(dx)))


ACTIVATIONS = ["relu", "sigmoid", "tanh", "leaky_relu", "elu"]
ACT_SHAPES = [((4, 5), 0), ((2, 3, 4), 1), ((7,), 2)]


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("shape,seed", ACT_SHAPES)
def test_activation_forward(name, shape, seed):
    assert check_activation_forward(name, layer_pair(name)[0], shape, seed)


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("shape,seed", ACT_SHAPES)
def test_activation_backward(name, shape, seed):
    assert check_activation_backward(*layer_pair(name), shape, seed)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_large_magnitudes(name):
    assert check_activation_large(*layer_pair(name))


def test_activation_limits():
    x = np.array([-1000.0, 0.0, 1000.0])
    assert np.array_equal(layers.sigmoid_forward(x)[0], [0.0, 0.5, 1.0])
    assert np.array_equal(layers.tanh_forward(x)[0], [-1.0, 0.0, 1.0])
    assert np.allclose(layers.elu_forward(x, alpha=2.0)[0], [-2.0, 0.0, 1000.0])
    # default alphas as documented
    assert layers.leaky_relu_forward(np.array([-1.0]))[0][0] == -0.01
    assert layers.elu_forward(np.array([-1e3]))[0][0] == -1.0


def test_relu_and_leaky_relu_gradient_at_zero():
    x = np.zeros(3)
    assert np.array_equal(layers.relu_backward(np.ones(3), layers.relu_forward(x)[1]), np.zeros(3))
    dx = layers.leaky_relu_backward(np.ones(3), layers.leaky_relu_forward(x, 0.1)[1])
    assert np.allclose(dx, 0.1)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_keeps_float32(name):
    forward, backward = layer_pair(name)
    x = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    out, cache = forward(x)
    dx = backward(np.ones_like(x), cache)
    assert out.dtype == np.float32 and dx.dtype == np.float32


def test_activation_wrong_versions_are_caught():
    shape, seed = ACT_SHAPES[1]

    def relu_abs_forward(x):
        return np.abs(x), x

    def relu_backward_passes_all(dout, cache):
        return dout.copy()

    def sigmoid_naive_forward(x):  # overflows in exp(-x) for x = -1000
        out = 1 / (1 + np.exp(-x))
        return out, out

    def sigmoid_backward_missing_factor(dout, cache):
        return dout * cache

    def tanh_from_sigmoid_wrong(x):  # 2 sigma(x) - 1 is tanh(x / 2), not tanh(x)
        out = 2 * layers.sigmoid_forward(x)[0] - 1
        return out, out

    def tanh_naive_forward(x):  # exp(1000) overflows: inf / inf = nan
        out = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
        return out, out

    def tanh_backward_wrong(dout, cache):
        return dout * (1 - cache)

    def leaky_forward_wrong(x, alpha=0.01):
        return np.maximum(x, alpha), (x, alpha)

    def leaky_backward_zero(dout, cache):
        x, alpha = cache
        return dout * (x > 0)

    def elu_naive_forward(x, alpha=1.0):  # exp(1000) overflows inside np.where
        out = np.where(x > 0, x, alpha * (np.exp(x) - 1))
        return out, (x, out, alpha)

    def elu_backward_constant(dout, cache):
        x, out, alpha = cache
        return np.where(x > 0, dout, alpha * dout)

    assert not check_activation_forward("relu", relu_abs_forward, shape, seed)
    assert not check_activation_backward(layers.relu_forward, relu_backward_passes_all, shape, seed)
    assert not check_activation_large(sigmoid_naive_forward, layers.sigmoid_backward)
    assert not check_activation_backward(layers.sigmoid_forward, sigmoid_backward_missing_factor, shape, seed)
    assert not check_activation_forward("tanh", tanh_from_sigmoid_wrong, shape, seed)
    assert not check_activation_large(tanh_naive_forward, layers.tanh_backward)
    assert not check_activation_backward(layers.tanh_forward, tanh_backward_wrong, shape, seed)
    assert not check_activation_forward("leaky_relu", lambda x: leaky_forward_wrong(x, ALPHA_LEAKY), shape, seed)
    leaky_fwd = lambda x: layers.leaky_relu_forward(x, ALPHA_LEAKY)  # noqa: E731
    assert not check_activation_backward(leaky_fwd, leaky_backward_zero, shape, seed)
    assert not check_activation_large(elu_naive_forward, layers.elu_backward)
    elu_fwd = lambda x: layers.elu_forward(x, ALPHA_ELU)  # noqa: E731
    assert not check_activation_backward(elu_fwd, elu_backward_constant, shape, seed)


# ---------------------------------------------------------------------------------------
# maxout


def maxout_inputs(seed, shape=(4, 2, 3), M=5, k=3):
    rng = np.random.default_rng(seed)
    D = int(np.prod(shape[1:]))
    return rng.normal(size=shape), rng.normal(size=(D, M, k)), rng.normal(size=(M, k))


def check_maxout_forward(forward, seed, shape=(4, 2, 3), M=5, k=3):
    x, w, b = maxout_inputs(seed, shape, M, k)
    out, _ = forward(x, w, b)
    N = shape[0]
    expected = np.empty((N, M))
    for n in range(N):
        for j in range(M):
            expected[n, j] = max(float(x[n].ravel() @ w[:, j, p] + b[j, p]) for p in range(k))
    return np.shape(out) == (N, M) and rel_error(out, expected) < TOL


def check_maxout_backward(forward, backward, seed, shape=(4, 2, 3), M=5, k=3):
    x, w, b = maxout_inputs(seed, shape, M, k)
    dout = np.random.default_rng(seed + 100).normal(size=(shape[0], M))
    dx, dw, db = backward(dout, forward(x, w, b)[1])
    dx_num = eval_numerical_gradient_array(lambda x_: forward(x_, w, b)[0], x, dout)
    dw_num = eval_numerical_gradient_array(lambda w_: forward(x, w_, b)[0], w, dout)
    db_num = eval_numerical_gradient_array(lambda b_: forward(x, w, b_)[0], b, dout)
    if np.shape(dx) != x.shape or np.shape(dw) != w.shape or np.shape(db) != b.shape:
        return False
    return max(rel_error(dx, dx_num), rel_error(dw, dw_num), rel_error(db, db_num)) < TOL


def check_maxout_ties(forward, backward):
    """Two identical pieces: the whole gradient goes to the first (lowest index) one."""
    x = np.array([[1.0, 2.0]])
    w = np.zeros((2, 1, 3))
    w[:, 0, 0] = w[:, 0, 2] = [1.0, 1.0]  # pieces 0 and 2 tie at 3, piece 1 gives 0
    b = np.zeros((1, 3))
    out, cache = forward(x, w, b)
    dx, dw, db = backward(np.array([[2.0]]), cache)
    expected_db = np.array([[2.0, 0.0, 0.0]])
    expected_dw = np.zeros((2, 1, 3))
    expected_dw[:, 0, 0] = [2.0, 4.0]
    return (np.allclose(out, [[3.0]]) and np.allclose(db, expected_db) and np.allclose(dw, expected_dw)
            and np.allclose(dx, [[2.0, 2.0]]))


@pytest.mark.parametrize("shape,M,k,seed", [((4, 2, 3), 5, 3, 0), ((3, 5), 2, 2, 1), ((2, 3), 4, 4, 2)])
def test_maxout(shape, M, k, seed):
    assert check_maxout_forward(layers.maxout_forward, seed, shape, M, k)
    assert check_maxout_backward(layers.maxout_forward, layers.maxout_backward, seed, shape, M, k)


def test_maxout_ties_go_to_first_piece():
    assert check_maxout_ties(layers.maxout_forward, layers.maxout_backward)


def test_maxout_wrong_versions_are_caught():
    def forward_min(x, w, b):
        out, (x_, w_, b_, z) = layers.maxout_forward(x, w, b)
        return z.min(axis=2), (x_, w_, b_, z)

    def backward_to_all_ties(dout, cache):  # every piece equal to the max gets dout
        x, w, b, z = cache
        N, (D, M, k) = x.shape[0], w.shape
        dz = (z == z.max(axis=2, keepdims=True)) * dout[:, :, None]
        dx = (dz.reshape(N, M * k) @ w.reshape(D, M * k).T).reshape(x.shape)
        return dx, (x.reshape(N, D).T @ dz.reshape(N, M * k)).reshape(D, M, k), dz.sum(axis=0)

    def backward_db_wrong(dout, cache):
        dx, dw, db = layers.maxout_backward(dout, cache)
        return dx, dw, np.broadcast_to(dout.sum(axis=0)[:, None], db.shape)

    assert not check_maxout_forward(forward_min, 0)
    assert not check_maxout_ties(layers.maxout_forward, backward_to_all_ties)
    assert not check_maxout_backward(layers.maxout_forward, backward_db_wrong, 0)


# ---------------------------------------------------------------------------------------
# losses


def naive_softmax_loss(x, y):
    import math

    total = 0.0
    for n in range(x.shape[0]):
        scores = [float(v) for v in x[n]]
        top = max(scores)
        total += -(scores[y[n]] - top - math.log(sum(math.exp(s - top) for s in scores)))
    return total / x.shape[0]


def naive_svm_loss(x, y):
    total = 0.0
    for n in range(x.shape[0]):
        for j in range(x.shape[1]):
            if j != y[n]:
                total += max(0.0, float(x[n, j] - x[n, y[n]] + 1.0))
    return total / x.shape[0]


LOSSES = {"softmax_loss": naive_softmax_loss, "svm_loss": naive_svm_loss}
LOSS_CASES = [(10, 5, 0, 1.0), (3, 10, 1, 0.01), (50, 3, 2, 4.0), (1, 7, 3, 1.0)]


def check_loss(loss_fn, naive, N, C, seed, scale):
    rng = np.random.default_rng(seed)
    x = scale * rng.normal(size=(N, C))
    y = rng.integers(C, size=N)
    loss, dx = loss_fn(x, y)
    if abs(float(loss) - naive(x, y)) > 1e-10 * max(1.0, abs(naive(x, y))):
        return False
    dx_num = eval_numerical_gradient(lambda x_: loss_fn(x_, y)[0], x, verbose=False)
    if np.shape(dx) != x.shape:
        return False
    # Entries of a saturated softmax are ~1e-9 while the round-off of a centered difference
    # on a loss of order 1 is ~1e-10 in absolute terms: allow that absolute slack.
    return bool(np.all(np.abs(dx - dx_num) <= 1e-6 * (np.abs(dx) + np.abs(dx_num)) + 1e-9))


def check_loss_large(loss_fn):
    x = np.array([[1e4, 0.0, -1e4], [-1e4, 1e4, 2e4]])
    y = np.array([0, 1])
    try:
        loss, dx = no_warnings(loss_fn, x, y)
    except (FloatingPointError, RuntimeWarning):
        return False
    return bool(np.isfinite(loss) and np.all(np.isfinite(dx)))


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("N,C,seed,scale", LOSS_CASES)
def test_loss_against_naive_and_numerical(name, N, C, seed, scale):
    assert check_loss(getattr(layers, name), LOSSES[name], N, C, seed, scale)


@pytest.mark.parametrize("name", LOSSES)
def test_loss_large_scores(name):
    assert check_loss_large(getattr(layers, name))


def test_softmax_loss_values():
    # Equal scores: the loss is log(C), the gradient (p - onehot) / N.
    loss, dx = layers.softmax_loss(np.zeros((2, 4)), np.array([1, 3]))
    assert np.isclose(loss, np.log(4))
    assert np.allclose(dx, (np.full((2, 4), 0.25) - np.eye(4)[[1, 3]]) / 2)
    # Scores 1e4 apart: the loss is exactly 1e4 for the losing class, 0 for the winner.
    loss, _ = layers.softmax_loss(np.array([[1e4, 0.0, -1e4]]), np.array([1]))
    assert np.isclose(loss, 1e4)


def test_svm_loss_values():
    # Equal scores: every wrong class has margin 1: loss C - 1.
    loss, dx = layers.svm_loss(np.zeros((2, 4)), np.array([1, 3]))
    assert np.isclose(loss, 3.0)
    assert np.allclose(dx.sum(axis=1), 0.0) and np.isclose(dx[0, 1], -1.5)


def test_loss_wrong_versions_are_caught():
    def softmax_unshifted(x, y):
        p = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
        N = x.shape[0]
        dx = p.copy()
        dx[np.arange(N), y] -= 1
        return -np.log(p[np.arange(N), y]).mean(), dx / N

    def softmax_summed(x, y):  # not averaged over N
        loss, dx = layers.softmax_loss(x, y)
        return loss * x.shape[0], dx * x.shape[0]

    def svm_missing_correct_class_gradient(x, y):
        N = x.shape[0]
        margins = np.maximum(0, x - x[np.arange(N), y][:, None] + 1)
        margins[np.arange(N), y] = 0
        return margins.sum() / N, (margins > 0) / N

    assert not check_loss_large(softmax_unshifted)
    assert not check_loss(softmax_summed, naive_softmax_loss, *LOSS_CASES[0])
    assert not check_loss(svm_missing_correct_class_gradient, naive_svm_loss, *LOSS_CASES[0])
