"""Tests of cs231n_lib.optimization: the learning-rate schedules and the L1 penalty against
formulas written here (and a numerical gradient), typical wrong versions caught by the same
checks and by the hidden cases, the stubs; the given minibatch_gradient_descent against a
hand-written loop; and the random-local-search answer cell of optimization.ipynb, whose
check passes the reference and fails wrong versions."""
import math

import numpy as np
import pytest

from cs231n_lib import optimization
from cs231n_lib.gradient_check import eval_numerical_gradient, rel_error

from .hidden_check import failed_cases
from .test_fc_net import stubbed_module


# ---------------------------------------------------------------------------------------
# schedules

def check_step_decay(fn):
    for lr, epoch, drop, every in [(0.1, 0, 0.5, 10), (0.1, 9, 0.5, 10), (0.1, 10, 0.5, 10), (0.1, 21, 0.5, 10),
                                   (2.0, 5, 0.1, 2), (1.0, 7, 1.0, 3)]:
        got = fn(lr, epoch, drop, every)
        if not isinstance(got, float) or abs(got - lr * drop ** (epoch // every)) > 1e-15 * lr:
            return False
    return fn(1.0, 25) == 0.25  # defaults: 0.5 every 10 epochs


def check_exponential_decay(fn):
    for lr, epoch, k in [(0.1, 0, 0.1), (0.1, 1, 0.1), (3e-3, 17, 0.35), (1.0, 40, 0.0)]:
        got = fn(lr, epoch, k)
        if not isinstance(got, float) or rel_error(got, lr * math.exp(-k * epoch)) > 1e-12:
            return False
    return rel_error(fn(2.0, 10), 2.0 * math.exp(-1.0)) < 1e-12  # default k = 0.1


WRONG_STEP = {
    "no floor": lambda lr, epoch, drop=0.5, epochs_per_drop=10: float(lr * drop ** (epoch / epochs_per_drop)),
    "drops one epoch early": lambda lr, epoch, drop=0.5, epochs_per_drop=10: float(
        lr * drop ** ((epoch + 1) // epochs_per_drop)),
    "drop counted once": lambda lr, epoch, drop=0.5, epochs_per_drop=10: float(
        lr * drop if epoch >= epochs_per_drop else lr),
}
WRONG_EXP = {
    "(1 - k) ** epoch": lambda lr, epoch, k=0.1: float(lr * (1 - k) ** epoch),
    "exp(-k) only": lambda lr, epoch, k=0.1: float(lr * math.exp(-k)),
    "epoch + 1": lambda lr, epoch, k=0.1: float(lr * math.exp(-k * (epoch + 1))),
}


def test_schedules_match_their_formulas():
    assert check_step_decay(optimization.step_decay)
    assert check_exponential_decay(optimization.exponential_decay)


@pytest.mark.parametrize("wrong", list(WRONG_STEP))
def test_step_decay_wrong_versions_fail(wrong):
    assert not check_step_decay(WRONG_STEP[wrong])
    assert failed_cases("optimization.step_decay", WRONG_STEP[wrong])


@pytest.mark.parametrize("wrong", list(WRONG_EXP))
def test_exponential_decay_wrong_versions_fail(wrong):
    assert not check_exponential_decay(WRONG_EXP[wrong])
    assert failed_cases("optimization.exponential_decay", WRONG_EXP[wrong])


# ---------------------------------------------------------------------------------------
# L1 penalty

def check_l1(fn):
    rng = np.random.default_rng(0)
    for shape, reg in [((4, 3), 0.7), ((1, 1), 2.0), ((5,), 0.0)]:
        W = rng.standard_normal(shape)
        loss, dW = fn(W.copy(), reg)
        if rel_error(loss, reg * np.sum(np.abs(W))) > 1e-12 or np.shape(dW) != W.shape:
            return False
        numeric = eval_numerical_gradient(lambda w: fn(w, reg)[0], W.copy(), verbose=False)
        if rel_error(dW, numeric) > 1e-8:  # no entry within h of the kink here
            return False
    zeros = np.array([[0.0, 1.0], [-2.0, 0.0]])
    loss, dW = fn(zeros, 0.5)
    return loss == pytest.approx(1.5) and np.array_equal(dW, np.array([[0.0, 0.5], [-0.5, 0.0]]))


def _l1(loss_of, grad_of):
    return lambda W, reg: (float(loss_of(W, reg)), grad_of(W, reg))


WRONG_L1 = {
    "L2 gradient": _l1(lambda W, r: r * np.sum(np.abs(W)), lambda W, r: 2 * r * W),
    "no abs": _l1(lambda W, r: r * np.sum(W), lambda W, r: r * np.ones_like(W)),
    "sign flipped": _l1(lambda W, r: r * np.sum(np.abs(W)), lambda W, r: -r * np.sign(W)),
    "+reg at exact zeros": _l1(lambda W, r: r * np.sum(np.abs(W)), lambda W, r: r * np.where(W >= 0, 1.0, -1.0)),
    "reg forgotten in the gradient": _l1(lambda W, r: r * np.sum(np.abs(W)), lambda W, r: np.sign(W)),
}


def test_l1_matches_formula_and_numerical_gradient():
    assert check_l1(optimization.l1_regularization)


@pytest.mark.parametrize("wrong", list(WRONG_L1))
def test_l1_wrong_versions_fail(wrong):
    assert not check_l1(WRONG_L1[wrong])
    assert failed_cases("optimization.l1_regularization", WRONG_L1[wrong])


def test_hidden_cases_pass_the_reference():
    for name in ("step_decay", "exponential_decay", "l1_regularization"):
        assert failed_cases(f"optimization.{name}", getattr(optimization, name)) == []


def test_stubs_raise_and_given_code_still_works():
    stub = stubbed_module("optimization.py", "cs231n_lib")
    for call in (lambda: stub.step_decay(0.1, 3), lambda: stub.exponential_decay(0.1, 3),
                 lambda: stub.l1_regularization(np.ones((2, 2)), 0.1)):
        with pytest.raises(NotImplementedError):
            call()
    for name in ("step_decay", "exponential_decay", "l1_regularization"):
        assert len(failed_cases(f"optimization.{name}", getattr(stub, name))) == len(
            __import__("grading.manifest", fromlist=["by_path"]).by_path()[f"optimization.{name}"].cases())
    run = stub.minibatch_gradient_descent(lambda W, X, y: (0.0, np.zeros_like(W)), np.ones((2, 2)),
                                          np.ones((4, 2)), np.zeros(4, dtype=int), 0.1, 2, 8)
    assert np.array_equal(run["W"], np.ones((2, 2)))


# ---------------------------------------------------------------------------------------
# the given training loop

def _quadratic(W, X, y):
    R = X @ W - np.eye(W.shape[1])[y]
    return float(np.sum(R * R) / len(X)), 2 * X.T @ R / len(X)


def _problem(seed=0, N=12, D=3, C=2):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((N, D)), rng.integers(C, size=N), rng.standard_normal((D, C))


def test_full_batch_is_plain_gradient_descent():
    X, y, W0 = _problem()
    W0_before = W0.copy()
    run = optimization.minibatch_gradient_descent(_quadratic, W0, X, y, 0.05, 100, 5 * len(X),
                                                  eval_fn=lambda W: _quadratic(W, X, y)[0], num_evals=5)
    W, losses = W0.copy(), []
    for _ in range(5):
        loss, dW = _quadratic(W, X, y)
        losses.append(loss)
        W = W - 0.05 * dW
    assert np.array_equal(W0, W0_before), "W0 must not be modified"
    assert np.allclose(run["W"], W, rtol=1e-13) and np.allclose(run["losses"], losses, rtol=1e-13)
    assert list(run["examples"]) == [0, 12, 24, 36, 48, 60]
    assert np.allclose(run["evals"][:-1], losses) and run["evals"][-1] == pytest.approx(_quadratic(W, X, y)[0])
    assert np.all(np.diff(run["seconds"]) >= 0)


def test_minibatches_sample_with_replacement_from_the_seed():
    X, y, W0 = _problem(1)
    run = optimization.minibatch_gradient_descent(_quadratic, W0, X, y, 0.1, 4, 20, seed=3)
    rng, W = np.random.default_rng(3), W0.copy()
    for _ in range(5):  # 20 examples in batches of 4
        idx = rng.choice(len(X), 4, replace=True)
        W = W - 0.1 * _quadratic(W, X[idx], y[idx])[1]
    assert np.allclose(run["W"], W, rtol=1e-13) and len(run["losses"]) == 5
    assert len(run["evals"]) == 0  # no eval_fn


def test_schedule_gets_the_completed_epochs():
    X, y, W0 = _problem(2)
    seen = []
    run = optimization.minibatch_gradient_descent(_quadratic, W0, X, y, 1.0, 6, 3 * len(X),
                                                  lr_schedule=lambda epoch: seen.append(epoch) or 0.01 / (1 + epoch))
    assert seen == [0, 0, 1, 1, 2, 2]
    assert np.allclose(run["lrs"], [0.01, 0.01, 0.005, 0.005, 0.01 / 3, 0.01 / 3])


# ---------------------------------------------------------------------------------------
# the notebook's random local search: its check passes the reference, fails wrong versions

def _local_search_cells():
    import json
    import pathlib
    import re

    path = pathlib.Path(__file__).resolve().parent.parent / "notebooks" / "optimization.ipynb"
    cells = {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in json.loads(path.read_text())["cells"]}
    answer = re.sub(r"^[ \t]*### (BEGIN|END) SOLUTION\n", "", cells["optz-local-answer"], flags=re.M)
    check = cells["optz-local-check"]
    assert "HIDDEN" not in answer + check
    return answer, check


def _ns():
    from cs231n_lib.checks import check_close, check_true
    return {"np": np, "check_close": check_close, "check_true": check_true}


WRONG_LOCAL = {
    "accepts equal losses": ("if loss_try < loss:", "if loss_try <= loss:"),
    "modifies W in place": ("W_try = W + step_size * rng.standard_normal(W.shape)",
                            "W += step_size * rng.standard_normal(W.shape); W_try = W"),
    "global numpy random": ("rng.standard_normal(W.shape)", "np.random.standard_normal(W.shape)"),
    "returns the last try's loss": ("return W, loss, accepted", "return W, loss_try, accepted"),
    "accepts every step": ("if loss_try < loss:", "if True:"),
}


def test_local_search_check_passes_the_reference(capsys):
    answer, check = _local_search_cells()
    ns = _ns()
    exec(answer, ns)
    exec(check, ns)
    assert "FAIL " not in capsys.readouterr().out


@pytest.mark.parametrize("wrong", list(WRONG_LOCAL))
def test_local_search_check_catches_wrong_versions(wrong, capsys):
    answer, check = _local_search_cells()
    old, new = WRONG_LOCAL[wrong]
    assert old in answer
    ns = _ns()
    exec(answer.replace(old, new), ns)
    with pytest.raises(AssertionError):
        exec(check, ns)
    assert "FAIL " in capsys.readouterr().out
