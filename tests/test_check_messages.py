"""What a check line says (issue 17, items 4 and 5): a PASS line never prints an error above its
tolerance; the relative error is explained once, where a learner first meets it; lines fit a
notebook's output area (wrapped at word boundaries, with a hanging indent), tables stay aligned.
Only messages: the decisions are comparison.py's and do not change here."""
import contextlib
import io
import re

import numpy as np
import pytest

from cs231n_lib import checks, comparison

ERROR = re.compile(r"relative error (?:among them )?(\d\.\d\de[+-]\d\d)\b.*?\(tolerance (\d+e[+-]\d+)\)")


def _run(fn, *args, **kwargs):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            fn(*args, **kwargs)
            error = None
        except checks.CheckFailed as exc:
            error = exc
    return out.getvalue(), error


def _errors_on_pass_lines(text):
    """(error, tolerance) of every relative error printed in the PASS verdicts of ``text``
    (a verdict wrapped over several lines is joined first)."""
    verdicts, current = [], None
    for line in text.splitlines():
        if line.startswith(("PASS", "FAIL", "NOTE")):
            current = [line]
            verdicts.append(current)
        elif current is not None and line.startswith(" " * checks.HANGING_INDENT):
            current.append(line.strip())
        else:
            current = None
    pairs = []
    for verdict in verdicts:
        joined = " ".join(verdict)
        if joined.startswith("PASS"):
            pairs += [(float(e), float(t)) for e, t in ERROR.findall(joined)]
    return pairs


@pytest.fixture(autouse=True)
def _fresh_explanation():
    checks._explained["relative error"] = True      # the explanation test resets it itself
    yield


# ----------------------------------------------------------------------------- item 4: PASS lines are true

def test_pass_with_entries_near_zero_never_prints_an_error_above_its_tolerance():
    # knn's "no loops" check: distances of thousands, one entry 0 against 3e-6 (the vectorized
    # formula's rounding): accepted by the absolute tolerance, its relative error is 1.
    expected = np.array([[0.0, 2500.0], [1234.5, 3000.0]])
    got = expected.copy()
    got[0, 0] = 3e-8
    assert comparison.compare(got, expected).ok          # the decision (unchanged): PASS
    text, error = _run(checks.check_close, "no loops, test points equal", got, expected)
    assert error is None and text.startswith("PASS")
    pairs = _errors_on_pass_lines(text)
    assert pairs and all(e < t for e, t in pairs), text
    assert "absolute tolerance" in text


def test_a_number_accepted_by_the_absolute_tolerance_says_so():
    assert comparison.compare(1e-12, 0.0).ok
    text, error = _run(checks.check_close, "tiny", 1e-12, 0.0)
    assert error is None and text.startswith("PASS")
    assert all(e < t for e, t in _errors_on_pass_lines(text)), text
    assert "absolute tolerance" in text


def test_every_entry_within_the_absolute_tolerance():
    got, expected = np.array([1e-12, -1e-12]), np.zeros(2)
    assert comparison.compare(got, expected).ok
    text, error = _run(checks.check_close, "zeros", got, expected)
    assert error is None and all(e < t for e, t in _errors_on_pass_lines(text)), text
    assert "absolute tolerance" in text


def test_check_outputs_pass_summary_is_true_too():
    expected = {"dists": np.array([[0.0, 5.0], [4.0, 0.0]]) * 1000}
    got = {"dists": expected["dists"] + np.array([[2e-8, 0.0], [0.0, 0.0]])}
    text, error = _run(checks.check_outputs, "classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_no_loops",
                       {}, got, expected, title="no loops")
    assert error is None and all(e < t for e, t in _errors_on_pass_lines(text)), text


def test_a_failure_reports_the_error_that_decided():
    # One entry accepted by the absolute tolerance (relative error 1), one entry off by 1e-3.
    expected = np.array([0.0, 1000.0, 2.0])
    got = np.array([3e-8, 1000.0, 2.004])
    result = comparison.compare(got, expected)
    assert not result.ok
    text, error = _run(checks.check_close, "mixed", got, expected)
    assert error is not None
    joined = " ".join(line.strip() for line in text.splitlines())
    assert "1 of 3 entries are off" in joined
    worst = [float(e) for e, _ in ERROR.findall(joined)]
    assert worst and max(worst) < 0.01, joined     # ~1e-3, the off entry; not the 1.00e+00 of the accepted one


def test_messages_do_not_change_decisions():
    rng = np.random.default_rng(0)
    for _ in range(200):
        e = rng.normal(size=6) * 10.0 ** rng.integers(-12, 4)
        g = e + rng.normal(size=6) * 10.0 ** rng.integers(-16, 0)
        g[rng.random(6) < 0.3] = 0.0
        r = comparison.compare(g, e)
        rel = np.abs(g - e) / np.maximum(comparison.REL_FLOOR, np.abs(g) + np.abs(e))
        within = (rel < comparison.CHECK_RTOL) | (
            np.abs(g - e) <= comparison.CHECK_ATOL * max(1.0, float(np.max(np.abs(e)))))
        assert r.ok == bool(within.all())


# ----------------------------------------------------------------------------- item 4: explained once

def test_the_relative_error_is_explained_once_where_it_first_appears():
    checks._explained["relative error"] = False
    first, _ = _run(checks.check_close, "first", np.ones(3), np.ones(3))
    second, _ = _run(checks.check_close, "second", np.ones(3), np.ones(3))
    assert "|got - expected| / (|got| + |expected|)" in first
    assert "1e-7" in first and "1e-2" in first
    assert "|got - expected|" not in second
    lines = first.splitlines()
    assert lines[0].startswith("PASS first")      # the verdict comes first, the explanation below it


def test_a_check_without_a_relative_error_does_not_spend_the_explanation():
    checks._explained["relative error"] = False
    text, _ = _run(checks.check_true, "yes", True, "measured")
    assert "|got - expected|" not in text and not checks._explained["relative error"]
    text, _ = _run(checks.check_close, "labels", np.array([1, 2]), np.array([1, 2]))
    assert "|got - expected|" not in text


def test_check_close_docstring_explains_the_relative_error():
    doc = checks.check_close.__doc__
    assert "|got - expected| / (|got| + |expected|)" in doc and "1e-7" in doc and "1e-2" in doc


# ----------------------------------------------------------------------------- item 5: lines fit

LONG_NAME = "softmax_loss_vectorized on the hand example with regularization strength reg = 0.1 and a shifted score"


def _words(text):
    return text.split()


def test_long_lines_wrap_at_word_boundaries_with_a_hanging_indent():
    expected = np.arange(12.0).reshape(3, 4) * 1000
    got = expected.copy()
    got[2, 1] += 5.0
    text, error = _run(checks.check_close, LONG_NAME, got, expected)
    assert error is not None
    lines = text.splitlines()
    assert all(len(line) <= checks.WIDTH for line in lines), "\n".join(lines)
    # Nothing was cut inside a word: the words are those of the unwrapped verdict.
    verdict = [lines[0]] + [l for l in lines[1:] if l.startswith(" " * checks.HANGING_INDENT)
                            and not l.strip().startswith(("[", "worst"))][:1]
    assert str(error).startswith(lines[0])
    assert _words(str(error))[:len(_words(" ".join(verdict)))] == _words(" ".join(verdict))
    assert lines[1].startswith(" " * checks.HANGING_INDENT) and not lines[1].startswith(" " * (checks.HANGING_INDENT + 1))


def test_side_by_side_tables_stay_aligned():
    expected = np.arange(12.0).reshape(3, 4)
    got = expected.copy()
    got[2, 1] = 100.0
    text, _ = _run(checks.check_close, LONG_NAME, got, expected)
    table = [l for l in text.splitlines() if l.strip().startswith("[") or "index" in l]
    assert len(table) == 2 and len({len(l) for l in table}) == 1, table
    assert table == comparison.compare(got, expected).detail_lines()


def test_long_explanations_wrap_and_keep_their_indent():
    line = "      " + " ".join(["np.maximum(0, x) is elementwise; np.max(x, 0) reduces along axis 0."] * 4)
    wrapped = checks.wrap(line)
    assert len(wrapped) > 1 and all(len(l) <= checks.WIDTH for l in wrapped)
    assert all(l.startswith("      ") for l in wrapped)
    assert _words(" ".join(wrapped)) == _words(line)
    assert checks.wrap("    short") == ["    short"]
    url = "x" * (checks.WIDTH + 20)
    assert checks.wrap(url) == [url]        # a single long word is never cut


def test_the_error_ipython_shows_fits_too():
    exc = checks.CheckFailed("FAIL " + LONG_NAME + ": " + "loss wrong, " * 10)
    shown = exc._render_traceback_()
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", l) for l in shown]
    assert len(plain) > 1 and all(len(l) <= checks.WIDTH for l in plain)
    assert _words(" ".join(plain)) == _words("CheckFailed: " + str(exc))
