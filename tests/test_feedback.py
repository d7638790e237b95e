"""The numeric fallback of the feedback (when no misconception of grading/misconceptions matches):
each pattern is named only when the output has it exactly.

Each test takes a hidden case, computes the reference output, builds the output a typical
buggy version would return, and checks the diagnosis (and that a right answer gets none
of these hints). Naming misconceptions is tested on the corpus (tests/test_feedback_corpus.py)."""
import numpy as np

from grading import cases as C
from grading.feedback import diagnose
from grading.parent import compare
from cs231n_lib.classifiers.linear_svm import svm_loss_vectorized
from cs231n_lib.classifiers.softmax import softmax_loss_vectorized
from cs231n_lib.classifiers.k_nearest_neighbor import KNearestNeighbor

SVM = "classifiers.linear_svm.svm_loss_vectorized"
SOFT = "classifiers.softmax.softmax_loss_vectorized"


def _reg_case():
    return next(c for c in C.svm_cases() if c.meta["reg"] > 0 and c.meta["N"] > 1)


def test_gradient_larger_by_N():
    case = _reg_case()
    W, X, y, reg = (case.inputs[k] for k in ("W", "X", "y", "reg"))
    loss, dW = svm_loss_vectorized(W, X, y, reg)
    N = case.meta["N"]
    bad = (dW - 2 * reg * W) * N + 2 * reg * W
    assert "divide by the number of examples" in diagnose(SVM, "dW", bad, dW, case)


def test_regularization_gradient_missing_or_halved():
    case = _reg_case()
    W, X, y, reg = (case.inputs[k] for k in ("W", "X", "y", "reg"))
    _, dW = svm_loss_vectorized(W, X, y, reg)
    assert "regularization gradient missing" in diagnose(SVM, "dW", dW - 2 * reg * W, dW, case)
    assert "not reg * W" in diagnose(SVM, "dW", dW - reg * W, dW, case)


def test_wrong_sign_and_loss_constant_per_example_and_reg_loss():
    case = _reg_case()
    W, X, y, reg = (case.inputs[k] for k in ("W", "X", "y", "reg"))
    loss, dW = svm_loss_vectorized(W, X, y, reg)
    assert "wrong sign" in diagnose(SVM, "dW", -dW, dW, case)
    assert "correct class's own margin" in diagnose(SVM, "loss", loss + 1.0, loss, case)
    assert "regularization loss missing" in diagnose(SVM, "loss", loss - reg * np.sum(W * W), loss, case)


def test_nan_at_large_scores():
    case = next(c for c in C.softmax_cases() if c.meta["large_scores"])
    W, X, y, reg = (case.inputs[k] for k in ("W", "X", "y", "reg"))
    loss, dW = softmax_loss_vectorized(W, X, y, reg)
    with np.errstate(all="ignore"):
        s = X @ W
        p = np.exp(s) / np.sum(np.exp(s), axis=1, keepdims=True)   # unshifted: overflows
        bad_loss = float(-np.mean(np.log(p[np.arange(len(y)), y])))
    assert not np.isfinite(bad_loss)
    assert "max score is subtracted first" in diagnose(SOFT, "loss", bad_loss, loss, case)


def test_distances_squared_transposed_and_nan_at_duplicates():
    case = next(c for c in C.knn_distance_cases() if c.meta["duplicates"])
    knn = KNearestNeighbor()
    knn.train(case.inputs["X_train"], case.inputs["y_train"])
    d = knn.compute_distances_no_loops(case.inputs["X"])
    path = "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_no_loops"
    assert "missing np.sqrt" in diagnose(path, "dists", d ** 2, d, case)
    assert "transposed" in diagnose(path, "dists", d.T.copy(), d, case)
    bad = d.copy()
    bad[0, 0] = np.nan
    assert "clip at 0" in diagnose(path, "dists", bad, d, case)
    assert "transposed" in compare(d.T.copy(), d, 1e-7, 0)[1]


def test_right_answer_needs_no_hint_and_unknown_bug_is_none():
    case = _reg_case()
    W, X, y, reg = (case.inputs[k] for k in ("W", "X", "y", "reg"))
    loss, dW = svm_loss_vectorized(W, X, y, reg)
    assert compare(dW.copy(), dW, case.tolerance("dW"), case.abs_tolerance("dW"))[0]
    rng = np.random.default_rng(0)
    assert diagnose(SVM, "dW", dW + rng.standard_normal(dW.shape), dW, case) is None
