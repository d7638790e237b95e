"""Multiclass SVM loss: hand-computed example, numerical gradients, naive versus
vectorized, edge cases (N = 1, C = 2, D != C, zero margins, reg = 0 and > 0), and
wrong versions that the same checks must catch."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cs231n_lib.classifiers.linear_svm import svm_loss_naive, svm_loss_vectorized
from cs231n_lib.gradient_check import eval_numerical_gradient, grad_check_sparse, rel_error

LOSSES = [svm_loss_naive, svm_loss_vectorized]
SHAPES = [(1, 3, 2), (5, 4, 2), (7, 3, 5), (20, 10, 4), (3, 6, 6)]   # (N, D, C): N = 1, C = 2, D != C, D = C


def random_problem(seed, N, D, C, scale=1.0):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((D, C)) * 0.5 * scale
    X = rng.standard_normal((N, D))
    y = rng.integers(0, C, N)
    return W, X, y


# ---------------------------------------------------------------- the hand example
# X = [[1, 2], [-1, 0]], W = [[1, 0, 2], [0, 1, -1]], y = [0, 2]  (N = 2, D = 2, C = 3)
# scores: x0 -> [1, 2, 0], x1 -> [-1, 0, -2]
# x0 (correct 1):  j=1: 2 - 1 + 1 = 2 (active)   j=2: 0 - 1 + 1 = 0 (zero margin: inactive)
# x1 (correct -2): j=0: -1 + 2 + 1 = 2 (active)  j=1: 0 + 2 + 1 = 3 (active)
# data loss = (2 + 5) / 2 = 3.5;  sum(W * W) = 1 + 4 + 1 + 1 = 7
# dscores: x0 -> [-1, 1, 0], x1 -> [1, 1, -2]
# X.T @ dscores = [[1*-1 + -1*1, 1*1 + -1*1, 0 + -1*-2], [2*-1, 2*1, 0]] = [[-2, 0, 2], [-2, 2, 0]]
# divided by N = 2: [[-1, 0, 1], [-1, 1, 0]];  regularization adds 2 * reg * W
HAND_X = np.array([[1.0, 2.0], [-1.0, 0.0]])
HAND_W = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]])
HAND_Y = np.array([0, 2])


def hand_expected(reg):
    loss = 3.5 + reg * 7.0
    dW = np.array([[-1.0, 0.0, 1.0], [-1.0, 1.0, 0.0]]) + 2 * reg * HAND_W
    return loss, dW


# ---------------------------------------------------------------- checks (raise AssertionError)

def check_hand(loss_fn):
    for reg in (0.0, 0.1):
        loss, dW = loss_fn(HAND_W.copy(), HAND_X.copy(), HAND_Y.copy(), reg)
        want_loss, want_dW = hand_expected(reg)
        assert np.ndim(loss) == 0, f"loss must be a scalar, got shape {np.shape(loss)}"
        assert isinstance(dW, np.ndarray) and dW.shape == HAND_W.shape, f"dW shape {np.shape(dW)}"
        assert abs(float(loss) - want_loss) < 1e-12, f"reg={reg}: loss {loss}, expected {want_loss}"
        np.testing.assert_allclose(dW, want_dW, atol=1e-12, err_msg=f"reg={reg}")


def check_numerical_gradient(loss_fn, seed=0, shape=(6, 5, 3), reg=0.3, tol=1e-7):
    W, X, y = random_problem(seed, *shape)
    _, dW = loss_fn(W, X, y, reg)
    numeric = eval_numerical_gradient(lambda w: loss_fn(w, X, y, reg)[0], W, verbose=False)
    err = rel_error(dW, numeric)
    assert err < tol, f"relative error {err:.2e} between analytic and numerical gradient"


# ---------------------------------------------------------------- reference passes

@pytest.mark.parametrize("loss_fn", LOSSES)
def test_hand_example(loss_fn):
    check_hand(loss_fn)


@pytest.mark.parametrize("loss_fn", LOSSES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reg", [0.0, 0.5])
def test_numerical_gradient(loss_fn, shape, reg):
    check_numerical_gradient(loss_fn, seed=sum(shape), shape=shape, reg=reg)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reg", [0.0, 1e-3, 2.5])
def test_naive_equals_vectorized(shape, reg):
    W, X, y = random_problem(1, *shape)
    loss_n, dW_n = svm_loss_naive(W, X, y, reg)
    loss_v, dW_v = svm_loss_vectorized(W, X, y, reg)
    assert rel_error(loss_n, loss_v) < 1e-12
    assert rel_error(dW_n, dW_v) < 1e-12


def test_grad_check_sparse_on_bias_trick_data():
    # CIFAR-like: bias trick (a column of ones), D = 3073 would be slow in the naive loss; D = 101 here
    rng = np.random.default_rng(4)
    X = np.hstack([rng.standard_normal((50, 100)) * 50, np.ones((50, 1))])
    y = rng.integers(0, 10, 50)
    W = rng.standard_normal((101, 10)) * 1e-4
    for reg in (0.0, 5e1):
        for loss_fn in LOSSES:
            _, dW = loss_fn(W, X, y, reg)
            errors = grad_check_sparse(lambda w: loss_fn(w, X, y, reg)[0], W, dW, num_checks=10, seed=0, verbose=False)
            assert max(errors) < 1e-6, errors


def test_initial_loss_is_about_C_minus_1():
    # with tiny weights all scores are ~0, so every one of the C - 1 margins is ~1
    for C in (2, 3, 10):
        W, X, y = random_problem(C, 40, 8, C, scale=1e-6)
        loss, _ = svm_loss_vectorized(W, X, y, 0.0)
        assert abs(loss - (C - 1)) < 1e-3


def test_all_margins_satisfied_gives_zero_loss_and_only_reg_gradient():
    # scores = X W with the correct class ahead by more than 1
    X = np.eye(3)
    W = np.array([[5.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 5.0]])
    y = np.array([0, 1, 2])
    for loss_fn in LOSSES:
        loss, dW = loss_fn(W, X, y, 0.0)
        assert loss == 0.0 and np.all(dW == 0)
        loss, dW = loss_fn(W, X, y, 0.01)
        assert abs(loss - 0.01 * 75) < 1e-12
        np.testing.assert_allclose(dW, 0.02 * W)


def test_zero_margin_is_inactive_everywhere():
    # the correct class ahead by exactly delta = 1: every margin is exactly 0, which is
    # inactive (max(0, 0) adds nothing, and the subgradient used is 0): loss 0, gradient 0
    X = np.array([[1.0, 0.0]])
    W = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])      # scores [1, 0, 0]
    for loss_fn in LOSSES:
        loss, dW = loss_fn(W, X, np.array([0]), 0.0)
        assert loss == 0.0 and np.all(dW == 0)


def test_inputs_are_not_modified_and_types():
    W, X, y = random_problem(2, 9, 4, 3)
    W0, X0, y0 = W.copy(), X.copy(), y.copy()
    for loss_fn in LOSSES:
        loss, dW = loss_fn(W, X, y, 0.1)
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(X, X0)
        np.testing.assert_array_equal(y, y0)
        assert isinstance(float(loss), float) and np.ndim(loss) == 0
        assert dW.dtype == np.float64 and dW.shape == W.shape
        assert dW is not W


@settings(max_examples=30, deadline=None)
@given(N=st.integers(1, 12), D=st.integers(1, 8), C=st.integers(2, 7), seed=st.integers(0, 2**32 - 1),
       reg=st.sampled_from([0.0, 0.1, 3.0]))
def test_naive_equals_vectorized_any_shape(N, D, C, seed, reg):
    W, X, y = random_problem(seed, N, D, C)
    loss_n, dW_n = svm_loss_naive(W, X, y, reg)
    loss_v, dW_v = svm_loss_vectorized(W, X, y, reg)
    assert dW_v.shape == (D, C)
    np.testing.assert_allclose(loss_v, loss_n, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dW_v, dW_n, rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------- wrong versions are caught

def svm_variant(W, X, y, reg, bug):
    """A vectorized SVM loss with one plausible mistake switched on."""
    N = X.shape[0]
    rows = np.arange(N)
    scores = X @ W
    delta = 0.0 if bug == "no_delta" else 1.0
    margins = np.maximum(0, scores - scores[rows, y][:, None] + delta)
    if bug != "count_correct_class":
        margins[rows, y] = 0
    active = (margins >= 0) if bug == "zero_margin_active" else (margins > 0)
    active = active.astype(float)
    if bug == "zero_margin_active":
        active[rows, y] = 0
    if bug != "no_correct_class_grad":
        active[rows, y] = -active.sum(axis=1)
    n = 1 if bug == "no_average" else N
    loss = margins.sum() / n + reg * np.sum(W * W)
    dW = X.T @ active / n
    if bug == "no_reg_grad":
        pass
    elif bug == "reg_grad_without_2":
        dW += reg * W
    else:
        dW += 2 * reg * W
    return loss, dW


BUGS = ["no_delta", "count_correct_class", "zero_margin_active", "no_correct_class_grad",
        "no_average", "no_reg_grad", "reg_grad_without_2"]


def test_variant_without_bug_is_correct():
    # guards the test below: the variant machinery itself is right when no bug is on
    check_hand(lambda W, X, y, reg: svm_variant(W, X, y, reg, None))
    check_numerical_gradient(lambda W, X, y, reg: svm_variant(W, X, y, reg, None))


@pytest.mark.parametrize("bug", BUGS)
def test_wrong_versions_are_caught_by_hand_example(bug):
    with pytest.raises(AssertionError):
        check_hand(lambda W, X, y, reg: svm_variant(W, X, y, reg, bug))


@pytest.mark.parametrize("bug", ["no_correct_class_grad", "no_reg_grad", "reg_grad_without_2"])
def test_wrong_gradients_are_caught_by_numerical_gradient(bug):
    with pytest.raises(AssertionError):
        check_numerical_gradient(lambda W, X, y, reg: svm_variant(W, X, y, reg, bug))


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("loss_fn", LOSSES)
def test_errors_name_the_problem(loss_fn):
    W, X, y = random_problem(0, 4, 3, 2)
    with pytest.raises(ValueError, match="bias trick"):
        loss_fn(W, np.hstack([X, np.ones((4, 1))]), y, 0.0)
    with pytest.raises(ValueError, match="labels"):
        loss_fn(W, X, y[:3], 0.0)
    with pytest.raises(ValueError, match=r"0\.\.1"):
        loss_fn(W, X, np.array([0, 1, 2, 0]), 0.0)
    with pytest.raises(ValueError, match="empty"):
        loss_fn(W, X[:0], y[:0], 0.0)
