"""cs231n_lib/checks.py: a failing check raises after printing what was compared (side by side),
the comparison rules are the grader's (dtype included), inputs are keyed robustly, and a failing
check_outputs names the mistakes whose fingerprints match, from a fingerprint file."""
import contextlib
import io
import json
import warnings

import numpy as np
import pytest

from cs231n_lib import checks, comparison
from grading import fingerprints as F
from grading import parent
from grading.misconceptions import base

pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")   # np.matrix, on purpose

SVM = "classifiers.linear_svm.svm_loss_naive"
W_HAND = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 1.0]])
X_HAND = np.array([[1.0, 2.0], [-2.0, 1.0]])
Y_HAND = np.array([0, 2])
HAND = {"W": W_HAND, "X": X_HAND, "y": Y_HAND, "reg": 0.1}
EXPECTED = {"loss": 1.9, "dW": np.array([[-0.8, 0.5, 0.3], [-2.0, 1.2, 1.2]])}


def _run(fn, *args, **kwargs):
    """(printed text, the CheckFailed raised or None)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            fn(*args, **kwargs)
            error = None
        except checks.CheckFailed as exc:
            error = exc
    return out.getvalue(), error


def _flat(text):
    """The printed text with its line breaks undone (long lines wrap at spaces: issue 17)."""
    return " ".join(text.split())


# ----------------------------------------------------------------------------- raising, showing

def test_a_failing_check_prints_its_verdict_then_raises_with_it():
    text, error = _run(checks.check_close, "three", 2.0, 3.0)
    assert isinstance(error, AssertionError)   # nbgrader and pytest count it as a failed assertion
    assert text.splitlines()[0] == str(error)
    assert str(error).startswith("FAIL three: got 2, expected 3")
    text, error = _run(checks.check_true, "yes", False, "measured no")
    assert error is not None and str(error) == "FAIL yes: measured no"
    text, error = _run(checks.check_relative_errors, "probes", [1e-9, 0.5])
    assert error is not None and "largest relative error 5.00e-01" in text


def test_a_passing_check_returns_a_true_verdict_and_does_not_raise():
    text, error = _run(checks.check_close, "same", np.ones(3), np.ones(3))
    assert error is None and text.startswith("PASS same")
    assert checks.check_true("t", True) and repr(checks.check_true("t", 1)) == "PASS"


def test_ipython_shows_one_line_instead_of_a_traceback():
    lines = checks.CheckFailed("FAIL x: y")._render_traceback_()
    assert len(lines) == 1 and "CheckFailed" in lines[0] and "FAIL x: y" in lines[0]


def test_a_failing_array_check_shows_the_worst_entries_side_by_side():
    expected = np.arange(12.0).reshape(3, 4)
    got = expected.copy()
    got[2, 1] = 100.0
    got[0, 3] = 3.5
    text, error = _run(checks.check_close, "grid", got, expected)
    assert error is not None and "2 of 12 entries are off" in _flat(text)
    rows = [line.split() for line in text.splitlines() if line.strip().startswith("[")]
    assert rows[0] == ["[2,", "1]", "100", "9"] and rows[1] == ["[0,", "3]", "3.5", "3"]   # worst first
    assert "index" in text and "got" in text and "expected" in text


def test_integer_and_nan_failures_show_the_entries_too():
    text, _ = _run(checks.check_close, "labels", np.array([0, 2, 1]), np.array([0, 1, 1]))
    assert "1 of 3 entries differ" in text and any(l.split()[:3] == ["[1]", "2", "1"] for l in text.splitlines())
    text, _ = _run(checks.check_close, "finite", np.array([1.0, np.nan]), np.array([1.0, 2.0]))
    assert "1 of 2 entries are NaN or inf" in text and any("nan" in l for l in text.splitlines() if "[1]" in l)


def test_note_never_raises():
    text, error = _run(checks.note_target, "accuracy 85 %", False, "0.41")
    assert error is None and text == "NOTE accuracy 85 %: not reached: 0.41\n"
    text, error = _run(checks.note, "numpy warned")
    assert error is None and text == "NOTE numpy warned\n"


# ----------------------------------------------------------------------------- the grader's rules

with warnings.catch_warnings():
    warnings.simplefilter("ignore", PendingDeprecationWarning)   # np.matrix, on purpose
    A_MATRIX = np.matrix([[1.0, 2.0]])

CASES = [
    (np.ones(3, dtype=np.float32), np.ones(3)),             # float32 where float64 is expected
    (np.ones(3), np.ones(3, dtype=np.float32)),             # float64 where float32 is expected: fine
    (np.ones(3, dtype=np.int64), np.ones(3)),               # integers for floats
    (np.ones(3), np.ones(3, dtype=np.int64)),               # floats for integers
    (np.ones((3, 1)), np.ones(3)),                          # shape
    (np.ones((2, 3)), np.ones((3, 2))),                     # transposed
    (np.ones(3) + 1e-9, np.ones(3)),                        # within 1e-7
    (np.ones(3) + 1e-6, np.ones(3)),                        # beyond 1e-7
    (np.array([1e-12, 0.0]), np.zeros(2)),                  # tiny absolute error at 0
    (np.array([np.inf, 1.0]), np.ones(2)),                  # not finite
    (np.float32(1.0), 1.0),                                 # scalars: any number type
    (np.array(2.0), 2.0),                                   # a 0-d array is a number
    (np.ones(1), 1.0),                                      # an array is not a number
    (None, np.ones(2)),                                     # nothing returned
    (A_MATRIX, np.array([[1.0, 2.0]])),                     # an ndarray subclass counts by its values
    (np.ones(2, dtype=complex), np.ones(2)),                # complex
    (True, True), (1, True),                                # bools
    (np.array([1, 2]), np.array([1, 3])),                   # integers exactly
]


@pytest.mark.parametrize("got, expected", CASES)
def test_compare_accepts_exactly_what_the_grader_accepts(got, expected):
    from grading import protocol

    ok, message, _ = checks.compare(got, expected, 1e-7, 1e-10)
    grader_got = protocol.Subclassed(np.asarray(got), type(got).__name__) if isinstance(got, np.matrix) else got
    grader_ok, _ = parent.compare(grader_got, expected, 1e-7, 1e-10)
    assert ok == grader_ok, message


@pytest.mark.parametrize("got, expected", CASES)
def test_the_misconception_matcher_accepts_what_the_check_accepts(got, expected):
    """One rule (cs231n_lib/comparison.py): the matcher's 'would the grader accept it' is the check's verdict."""
    assert base.accepted(got, expected, 1e-7, 1e-10) == checks.compare(got, expected, 1e-7, 1e-10)[0]


def test_float32_is_rejected_as_the_grader_rejects_it():
    ok, message, _ = checks.compare(np.ones(2, dtype=np.float32), np.ones(2))
    assert not ok and message == "dtype: got float32, expected float64 (keep float64 throughout)"


@pytest.mark.parametrize("a, b", [
    (np.array([1.0, np.nan]), np.array([np.nan, 1.0])), (np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9])),
    (np.array([1.0, 2.0]), np.array([1.0, 2.1])), (np.array([1, 2]), np.array([1.0, 2.0])), (1.0, np.array(1.0)),
    (np.ones(2), np.ones(3)), (np.array([np.inf]), np.array([1.0])), (3, 3.0), (None, None),
])
def test_same_value_is_the_graders(a, b):
    assert comparison.same_value(a, b, 1e-7, 1e-10) == base.same_value(a, b, 1e-7, 1e-10)


# ----------------------------------------------------------------------------- keys

def test_input_key_ignores_the_last_bits_but_not_names_dtypes_or_shapes():
    key = checks.input_key(SVM, HAND)
    assert key == checks.input_key(SVM, dict(HAND, W=W_HAND * (1 + 1e-15)))   # rounding of another CPU
    assert key != checks.input_key(SVM, dict(HAND, W=W_HAND + 1e-3))
    assert key != checks.input_key(SVM, dict(HAND, W=W_HAND.astype(np.float32)))
    assert key != checks.input_key(SVM, dict(HAND, W=W_HAND.T.copy()))
    assert key != checks.input_key(SVM, dict(HAND, reg=0.2))
    assert key != checks.input_key("classifiers.linear_svm.svm_loss_vectorized", HAND)
    assert key == checks.input_key(SVM, dict(HAND, y=Y_HAND.astype(np.int32)))   # the platform's default int
    nested = checks.input_key("optim.adam", {"w": np.ones(2), "config": {"m": np.zeros(2)}})
    assert nested == checks.input_key("optim.adam", {"w": np.ones(2), "config.m": np.zeros(2)})
    assert checks.input_key(SVM, dict(HAND, W=object())) is None


# ----------------------------------------------------------------------------- naming from a file

@pytest.fixture(scope="module")
def fingerprint_file(tmp_path_factory):
    """A fingerprint file built for the hand example (reg 0.1) by the grader-side builder."""
    folder = tmp_path_factory.mktemp("fingerprints")
    record = F.Record(SVM, checks.input_key(SVM, HAND), "hand", "svm.ipynb", 1e-7, 1e-10,
                      checks.input_bytes(HAND), dict(HAND), dict(EXPECTED))
    table, arrays = F.build("linear_classifiers", [record], log=lambda *a: None)
    F.write("linear_classifiers", table, arrays, [record], folder=folder)
    return F.files("linear_classifiers", folder)[0]


def _check_variant(flags, monkeypatch, fingerprint_file, inputs=HAND):
    from grading import misconceptions as MC

    monkeypatch.setenv(checks.FINGERPRINTS_ENV, str(fingerprint_file))
    loss, dW = MC.with_mistakes(MC.wrong_versions[SVM], flags)(inputs["W"], inputs["X"], inputs["y"], inputs["reg"])
    return _run(checks.check_outputs, SVM, inputs, got={"loss": loss, "dW": dW}, expected=EXPECTED, title="hand")


def test_a_failing_check_outputs_names_the_matching_mistake(monkeypatch, fingerprint_file):
    text, error = _check_variant({"correct_class_counted"}, monkeypatch, fingerprint_file)
    # the verdict line, and the likely cause (nbgrader's Validate shows only the error's message)
    assert error is not None and str(error).startswith("FAIL hand: loss wrong (likely cause: ")
    assert "loss: got 2.9, expected 1.9" in text and "right: dW" in text
    assert "Likely cause: your loss is exactly what this mistake gives on these inputs: the correct class is " \
           "counted in the margin sum." in _flat(text)
    assert "Skip j == y[i]" in text and "The rule:" in text


def test_a_convention_is_named_as_one_and_every_alternative_is_listed(monkeypatch, fingerprint_file):
    text, _ = _check_variant({"half_reg"}, monkeypatch, fingerprint_file)
    # with N = 2, halving the regularization and dividing it by N give the same outputs: both are named
    assert "each of these mistakes gives" in _flat(text)
    assert "0.5 * reg * sum(W * W) with gradient reg * W" in _flat(text) and "the regularization is divided by N" in _flat(text)
    assert "another convention: CS231n 2016" in _flat(text)


def test_a_pair_of_mistakes_is_named_together(monkeypatch, fingerprint_file):
    text, _ = _check_variant({"reg_grad_missing", "loss_not_averaged"}, monkeypatch, fingerprint_file)
    assert "no regularization in the gradient, and also the loss is summed over the examples" in _flat(text) \
        or "the loss is summed over the examples, not averaged, and also no regularization in the gradient" in _flat(text)


def test_a_mistake_not_on_file_says_so(monkeypatch, fingerprint_file):
    monkeypatch.setenv(checks.FINGERPRINTS_ENV, str(fingerprint_file))
    text, error = _run(checks.check_outputs, SVM, HAND, got={"loss": 7.0, "dW": EXPECTED["dW"]}, expected=EXPECTED)
    assert error is not None and "None of the 14 common mistakes on file for svm_loss_naive gives exactly your" in _flat(text)
    other = dict(HAND, reg=0.3)
    text, _ = _run(checks.check_outputs, SVM, other, got={"loss": 7.0, "dW": EXPECTED["dW"]}, expected=EXPECTED)
    assert "No fingerprints of common mistakes of svm_loss_naive are available for these inputs" in text
    big = dict(HAND, X=np.zeros((20000, 2)))
    text, _ = _run(checks.check_outputs, SVM, big, got={"loss": 7.0, "dW": EXPECTED["dW"]}, expected=EXPECTED)
    assert "too large for the fingerprints" in text


def test_check_outputs_compares_nested_outputs_and_missing_ones():
    text, error = _run(checks.check_outputs, "optim.adam", {"w": np.ones(1)}, got={"next_w": np.ones(1), "config": {"t": 2}},
                       expected={"next_w": np.ones(1), "config": {"t": 3, "m": np.zeros(1)}}, title="adam")
    assert error is not None and str(error) == "FAIL adam: config.t, config.m wrong"
    assert "config.m: not returned" in text and "config.t: got 2, expected 3" in text and "right: next_w" in text


def test_recording_writes_plain_data_only(tmp_path, monkeypatch):
    monkeypatch.setenv(checks.RECORD_ENV, str(tmp_path))
    _run(checks.check_outputs, SVM, HAND, got={"loss": 1.9, "dW": EXPECTED["dW"]}, expected=EXPECTED, title="hand")
    (meta_file,) = tmp_path.glob("*.json")
    meta = json.loads(meta_file.read_text())
    assert meta["path"] == SVM and meta["key"] == checks.input_key(SVM, HAND) and meta["tol"] == 1e-7
    with np.load(meta_file.with_suffix(".npz"), allow_pickle=False) as npz:
        assert all(npz[k].dtype != object for k in npz.files)
    (record,) = F.load_records(tmp_path)
    assert checks.input_key(record.path, record.inputs) == record.key
    assert record.inputs["reg"] == 0.1 and isinstance(record.inputs["reg"], float)


def test_none_where_a_value_is_expected_names_both_ways_to_get_there():
    """A check compares a function's result or a notebook answer: None may be either left undone."""
    import numpy as np

    from cs231n_lib.checks import compare

    ok, message, _ = compare(None, np.zeros(3), 1e-7)
    assert not ok and message == "got None: does the function return its result, or is an answer still None?"
