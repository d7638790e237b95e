"""Softmax loss: hand-computed examples, numerical gradients, naive versus vectorized,
numerical stability for scores of 1e4, edge cases (N = 1, C = 2, D != C, reg = 0 and
> 0), and wrong versions that the same checks must catch."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cs231n_lib.classifiers.softmax import softmax_loss_naive, softmax_loss_vectorized
from cs231n_lib.gradient_check import eval_numerical_gradient, grad_check_sparse, rel_error

LOSSES = [softmax_loss_naive, softmax_loss_vectorized]
SHAPES = [(1, 3, 2), (5, 4, 2), (7, 3, 5), (20, 10, 4), (3, 6, 6)]   # (N, D, C)
E = np.e


def random_problem(seed, N, D, C, scale=1.0):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((D, C)) * 0.5 * scale
    X = rng.standard_normal((N, D))
    y = rng.integers(0, C, N)
    return W, X, y


# ---------------------------------------------------------------- hand examples

def hand_cases():
    """(W, X, y, reg, expected loss, expected dW), each worked out by hand."""
    cases = []
    # A: N = 1, C = 2. X = [[1, 2]], W = [[1, 0], [0, 0.5]] -> scores [1, 1] -> p = [1/2, 1/2]
    # y = 0: loss = -log(1/2) = log 2; dscores = p - [1, 0] = [-1/2, 1/2]
    # dW = X.T @ dscores = [[-1/2, 1/2], [-1, 1]]; sum(W * W) = 1.25
    W = np.array([[1.0, 0.0], [0.0, 0.5]])
    X = np.array([[1.0, 2.0]])
    for reg in (0.0, 0.1):
        cases.append((W, X, np.array([0]), reg, np.log(2) + reg * 1.25,
                      np.array([[-0.5, 0.5], [-1.0, 1.0]]) + 2 * reg * W))
    # B: N = 2, D = 2, C = 3, X = identity so the scores are the rows of W.
    # scores [0, 1, 2] with y = 2 and [3, 0, 0] with y = 1
    W = np.array([[0.0, 1.0, 2.0], [3.0, 0.0, 0.0]])
    X = np.eye(2)
    p0 = np.array([1, E, E ** 2]) / (1 + E + E ** 2)
    p1 = np.array([E ** 3, 1, 1]) / (E ** 3 + 2)
    loss = (np.log(1 + E + E ** 2) - 2 + np.log(E ** 3 + 2) - 0) / 2
    dscores = np.stack([p0 - [0, 0, 1], p1 - [0, 1, 0]]) / 2
    for reg in (0.0, 0.2):
        cases.append((W, X, np.array([2, 1]), reg, loss + reg * 14.0, dscores + 2 * reg * W))
    return cases


def large_score_cases():
    """Scores of +-1e4: exp overflows unless the row max is subtracted."""
    # X = [[1, 0]], W = [[1e4, 0, -1e4], [0, 0, 0]] -> scores [1e4, 0, -1e4], p = [1, 0, 0] (to rounding)
    W = np.array([[1e4, 0.0, -1e4], [0.0, 0.0, 0.0]])
    X = np.array([[1.0, 0.0]])
    # y = 2: loss = log(e^1e4 + 1 + e^-1e4) + 1e4 = 2e4 to rounding; dW row 0 = p - onehot(2)
    # y = 0: loss = log(1 + e^-1e4 + e^-2e4) = 0 to rounding;        dW row 0 = p - onehot(0) = 0
    return [
        (W, X, np.array([2]), 0.0, 2e4, np.array([[1.0, 0.0, -1.0], [0.0, 0.0, 0.0]])),
        (W, X, np.array([0]), 0.0, 0.0, np.zeros((2, 3))),
    ]


# ---------------------------------------------------------------- checks (raise AssertionError)

def check_cases(loss_fn, cases):
    for i, (W, X, y, reg, want_loss, want_dW) in enumerate(cases):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            loss, dW = loss_fn(W.copy(), X.copy(), y.copy(), reg)
        assert np.ndim(loss) == 0, f"case {i}: loss must be a scalar"
        assert np.isfinite(loss), f"case {i}: loss is {loss}"
        assert isinstance(dW, np.ndarray) and dW.shape == W.shape, f"case {i}: dW shape {np.shape(dW)}"
        assert np.all(np.isfinite(dW)), f"case {i}: dW has NaN or inf"
        assert abs(float(loss) - want_loss) <= 1e-12 * max(1.0, abs(want_loss)), f"case {i}: loss {loss}, expected {want_loss}"
        np.testing.assert_allclose(dW, want_dW, atol=1e-12, err_msg=f"case {i}")


def check_numerical_gradient(loss_fn, seed=0, shape=(6, 5, 3), reg=0.3, tol=1e-7):
    W, X, y = random_problem(seed, *shape)
    _, dW = loss_fn(W, X, y, reg)
    numeric = eval_numerical_gradient(lambda w: loss_fn(w, X, y, reg)[0], W, verbose=False)
    err = rel_error(dW, numeric)
    assert err < tol, f"relative error {err:.2e} between analytic and numerical gradient"


# ---------------------------------------------------------------- reference passes

@pytest.mark.parametrize("loss_fn", LOSSES)
def test_hand_examples(loss_fn):
    check_cases(loss_fn, hand_cases())


@pytest.mark.parametrize("loss_fn", LOSSES)
def test_large_scores_are_finite_and_exact(loss_fn):
    check_cases(loss_fn, large_score_cases())


@pytest.mark.parametrize("loss_fn", LOSSES)
def test_random_scores_of_1e4_are_finite_and_agree(loss_fn):
    W, X, y = random_problem(3, 10, 5, 4)
    W *= 1e4 / np.abs(X @ W).max()                       # largest |score| is exactly 1e4
    loss, dW = loss_fn(W, X, y, 0.0)
    assert np.isfinite(loss) and np.all(np.isfinite(dW))
    # independent value: log-sum-exp with the max taken out by hand
    s = X @ W
    m = s.max(axis=1)
    want = np.mean(m + np.log(np.exp(s - m[:, None]).sum(axis=1)) - s[np.arange(10), y])
    assert rel_error(loss, want) < 1e-12


@pytest.mark.parametrize("loss_fn", LOSSES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reg", [0.0, 0.5])
def test_numerical_gradient(loss_fn, shape, reg):
    check_numerical_gradient(loss_fn, seed=sum(shape), shape=shape, reg=reg, tol=1e-6)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reg", [0.0, 1e-3, 2.5])
def test_naive_equals_vectorized(shape, reg):
    W, X, y = random_problem(1, *shape)
    loss_n, dW_n = softmax_loss_naive(W, X, y, reg)
    loss_v, dW_v = softmax_loss_vectorized(W, X, y, reg)
    assert rel_error(loss_n, loss_v) < 1e-12
    assert rel_error(dW_n, dW_v) < 1e-10


def test_grad_check_sparse_on_bias_trick_data():
    rng = np.random.default_rng(4)
    X = np.hstack([rng.standard_normal((50, 100)) * 50, np.ones((50, 1))])
    y = rng.integers(0, 10, 50)
    W = rng.standard_normal((101, 10)) * 1e-4
    for reg in (0.0, 5e1):
        for loss_fn in LOSSES:
            _, dW = loss_fn(W, X, y, reg)
            errors = grad_check_sparse(lambda w: loss_fn(w, X, y, reg)[0], W, dW, num_checks=10, seed=0, verbose=False)
            assert max(errors) < 1e-6, errors


def test_initial_loss_is_about_log_C():
    for C in (2, 3, 10):
        W, X, y = random_problem(C, 40, 8, C, scale=1e-6)
        loss, _ = softmax_loss_vectorized(W, X, y, 0.0)
        assert abs(loss - np.log(C)) < 1e-4


def test_gradient_rows_sum_to_zero_without_reg():
    # probabilities sum to 1 and the one-hot sums to 1, so each row of dscores sums to 0,
    # and so does each row of dW = X.T @ dscores
    W, X, y = random_problem(8, 12, 5, 4)
    for loss_fn in LOSSES:
        _, dW = loss_fn(W, X, y, 0.0)
        np.testing.assert_allclose(dW.sum(axis=1), 0, atol=1e-12)


def test_inputs_are_not_modified_and_types():
    W, X, y = random_problem(2, 9, 4, 3)
    W0, X0, y0 = W.copy(), X.copy(), y.copy()
    for loss_fn in LOSSES:
        loss, dW = loss_fn(W, X, y, 0.1)
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(X, X0)
        np.testing.assert_array_equal(y, y0)
        assert np.ndim(loss) == 0 and isinstance(float(loss), float)
        assert dW.dtype == np.float64 and dW.shape == W.shape


@settings(max_examples=30, deadline=None)
@given(N=st.integers(1, 12), D=st.integers(1, 8), C=st.integers(2, 7), seed=st.integers(0, 2**32 - 1),
       reg=st.sampled_from([0.0, 0.1, 3.0]), scale=st.sampled_from([1e-3, 1.0, 1e3]))
def test_naive_equals_vectorized_any_shape(N, D, C, seed, reg, scale):
    W, X, y = random_problem(seed, N, D, C, scale)
    loss_n, dW_n = softmax_loss_naive(W, X, y, reg)
    loss_v, dW_v = softmax_loss_vectorized(W, X, y, reg)
    assert np.isfinite(loss_v) and dW_v.shape == (D, C)
    np.testing.assert_allclose(loss_v, loss_n, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dW_v, dW_n, rtol=1e-8, atol=1e-10 * max(1.0, np.abs(dW_n).max()))


# ---------------------------------------------------------------- wrong versions are caught

def softmax_variant(W, X, y, reg, bug):
    """A vectorized softmax loss with one plausible mistake switched on."""
    N = X.shape[0]
    rows = np.arange(N)
    scores = X @ W
    if bug != "no_max_shift":
        scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    p = exp / exp.sum(axis=1, keepdims=True)
    if bug == "log_of_probability":          # shifted, but -log(p) underflows to -log(0) = inf
        data_loss = -np.log(p[rows, y])
    else:
        data_loss = np.log(exp.sum(axis=1)) - scores[rows, y]
    dscores = p.copy()
    if bug != "no_minus_one":
        dscores[rows, y] -= 1
    n = 1 if bug == "no_average" else N
    loss = data_loss.sum() / n + reg * np.sum(W * W)
    dW = X.T @ dscores / n
    if bug == "no_reg_grad":
        pass
    elif bug == "reg_grad_without_2":
        dW += reg * W
    else:
        dW += 2 * reg * W
    return loss, dW


def test_variant_without_bug_is_correct():
    f = lambda W, X, y, reg: softmax_variant(W, X, y, reg, None)
    check_cases(f, hand_cases())
    check_cases(f, large_score_cases())
    check_numerical_gradient(f, tol=1e-6)


@pytest.mark.parametrize("bug", ["no_minus_one", "no_average", "no_reg_grad", "reg_grad_without_2"])
def test_wrong_versions_are_caught_by_hand_examples(bug):
    with pytest.raises(AssertionError):
        check_cases(lambda W, X, y, reg: softmax_variant(W, X, y, reg, bug), hand_cases())


@pytest.mark.parametrize("bug", ["no_max_shift", "log_of_probability"])
def test_unstable_versions_are_caught_by_large_scores(bug):
    f = lambda W, X, y, reg: softmax_variant(W, X, y, reg, bug)
    check_cases(f, hand_cases())                     # fine on moderate scores...
    with pytest.raises(AssertionError):
        check_cases(f, large_score_cases())          # ...but not at 1e4


@pytest.mark.parametrize("bug", ["no_minus_one", "no_reg_grad", "reg_grad_without_2"])
def test_wrong_gradients_are_caught_by_numerical_gradient(bug):
    with pytest.raises(AssertionError):
        check_numerical_gradient(lambda W, X, y, reg: softmax_variant(W, X, y, reg, bug), tol=1e-6)


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
