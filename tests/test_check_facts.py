"""Issue 16: a notebook check states the same structural facts as the grader, in the same words
(``cs231n_lib/diagnosis.py``), before any misconception, and never names a misconception whose
claims an output contradicts (the grader's rule, ``diagnosis.supported``)."""
import numpy as np
import pytest

from cs231n_lib import checks
from cs231n_lib import diagnosis as D
from grading import feedback
from grading import misconceptions as MC
from grading.cases.base import Case
from tests.test_checks import EXPECTED, HAND, SVM, _flat, _run
from tests.test_checks import fingerprint_file  # noqa: F401  (the module's fixture)


def _check(got, monkeypatch, fingerprint_file):
    monkeypatch.setenv(checks.FINGERPRINTS_ENV, str(fingerprint_file))
    return _run(checks.check_outputs, SVM, HAND, got=got, expected=EXPECTED, title="hand")


def test_a_stub_like_output_is_said_not_computed_and_no_mistake_is_named(monkeypatch, fingerprint_file):
    text, error = _check({"loss": EXPECTED["loss"], "dW": np.zeros_like(EXPECTED["dW"])}, monkeypatch, fingerprint_file)
    flat = _flat(text)
    assert error is not None
    assert "dW: not computed: all zeros" in flat, text
    assert "Likely cause" not in text and "None of the" not in text, text
    assert "not computed: all zeros" in str(error)     # Validate shows only the error: the fact is in it


def test_the_input_returned_is_said_not_computed(monkeypatch, fingerprint_file):
    W = HAND["W"]
    got = {"loss": EXPECTED["loss"], "dW": W.copy()}     # dW = W: the input handed back
    text, error = _check(got, monkeypatch, fingerprint_file)
    assert error is not None and "dW: not computed: exactly the input `W`, unchanged" in _flat(text), text
    assert "Likely cause" not in text, text


def test_a_transposed_output_says_transposed(monkeypatch, fingerprint_file):
    got = {"loss": EXPECTED["loss"], "dW": EXPECTED["dW"].T.copy()}
    text, error = _check(got, monkeypatch, fingerprint_file)
    assert error is not None and "dW: the right values, transposed: shape (3, 2) instead of (2, 3)" in _flat(text), text


def test_the_fact_comes_before_any_misconception(monkeypatch, fingerprint_file):
    # the gradient not averaged: dW is 2 times (N = 2) the expected without regularization... the
    # fact (if any) and then the mistake's name, in that order
    flags = {"grad_not_averaged"}
    loss, dW = MC.with_mistakes(MC.wrong_versions[SVM], flags)(HAND["W"], HAND["X"], HAND["y"], HAND["reg"])
    text, _ = _check({"loss": loss, "dW": dW}, monkeypatch, fingerprint_file)
    assert "Likely cause" in text, text
    fact = D.output_fact(dW, EXPECTED["dW"], checks._flatten(HAND), "dW")
    if fact is not None:
        assert text.index(D.fact_line("dW", fact)) < text.index("Likely cause"), text


def test_a_mistake_that_claims_a_right_output_wrong_is_not_named(monkeypatch, fingerprint_file):
    # the bias row left out of the regularization changes the loss and dW; here the loss is right
    # and only dW is that mistake's: naming it would say the loss is wrong too (the grader does not)
    _, dW = MC.with_mistakes(MC.wrong_versions[SVM], {"bias_row_not_regularized"})(
        HAND["W"], HAND["X"], HAND["y"], HAND["reg"])
    text, _ = _check({"loss": EXPECTED["loss"], "dW": dW}, monkeypatch, fingerprint_file)
    assert "bias" not in _flat(text).lower(), text


def _grader_lines(got, expected, inputs):
    case = Case("the check's inputs", dict(inputs), tol={"*": checks.DEFAULT_TOL}, atol={"*": checks.DEFAULT_ATOL})
    return "\n".join(feedback.status_lines(feedback.output_status([(case, expected, got)])))


@pytest.mark.parametrize("dW", [
    np.zeros((2, 3)),                                                   # not computed
    HAND["W"].copy(),                                                   # the input returned
    EXPECTED["dW"].T.copy(),                                            # transposed
    2.5 * EXPECTED["dW"],                                               # a factor
    EXPECTED["dW"] + np.array([[0.0, 1.0, 0.0], [0.0, 2.0, 0.0]]),      # one column
])
def test_the_check_and_the_grader_state_the_same_fact(dW, monkeypatch, fingerprint_file):
    got = {"loss": EXPECTED["loss"], "dW": dW}
    fact = D.output_fact(dW, EXPECTED["dW"], checks._flatten(HAND), "dW")
    assert fact is not None
    said = D.fact_line("dW", fact)
    text, _ = _check(got, monkeypatch, fingerprint_file)
    assert said in text, text
    assert said in _grader_lines(got, EXPECTED, HAND)
    assert D.SHOWS in text and D.SHOWS in _grader_lines(got, EXPECTED, HAND)


def test_the_claim_rule_is_one_function():
    assert D.supported({"dW"}, {"loss": False, "dW": True})
    assert not D.supported({"dW", "loss"}, {"loss": False, "dW": True})
    assert D.supported({"other"}, {"loss": False})        # an output not compared says nothing
