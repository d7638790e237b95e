"""``python -m grading explain``: every graded function's source, stub, hidden cases, check cell
and misconceptions are found; a wrong or ambiguous name is a clear error."""
import io
import subprocess
import sys

import pytest

from grading import explain as E
from grading import manifest as M


@pytest.mark.parametrize("path", [g.path for g in M.MANIFEST])
def test_every_graded_function_is_explained(path):
    out = io.StringIO()
    assert E.explain(path, out) == path
    text = out.getvalue()
    for section in ("REFERENCE", "AS RELEASED", "HIDDEN CASES", "NOTEBOOK CHECK CELL(S)", "FEEDBACK RULES",
                    "FINGERPRINTS", "MISCONCEPTIONS"):
        assert section in text, (path, section)
    released = text.split("AS RELEASED")[1].split("HIDDEN CASES")[0]
    assert "### BEGIN SOLUTION" in text.split("AS RELEASED")[0] and "### BEGIN SOLUTION" not in released
    assert f'raise NotImplementedError("{M.by_path()[path].dotted.qualname}' in released
    assert E.check_cells(path), f"no notebook cell scores {path}"


def test_names_resolve_by_their_ending_and_errors_say_what_to_do():
    assert E.resolve_path("svm_loss_vectorized") == "classifiers.linear_svm.svm_loss_vectorized"
    with pytest.raises(KeyError, match="several"):
        E.resolve_path("backward")
    with pytest.raises(KeyError, match="not a graded function"):
        E.resolve_path("no_such_function")
    cp = subprocess.run([sys.executable, "-m", "grading", "explain", "no_such_function"], capture_output=True, text=True)
    assert cp.returncode == 2 and "not a graded function" in cp.stderr
    cp = subprocess.run([sys.executable, "-m", "grading", "explain", "--list"], capture_output=True, text=True)
    assert cp.returncode == 0 and len(cp.stdout.splitlines()) == len(M.MANIFEST)


def test_feedback_rules_and_fingerprints_are_those_of_the_function():
    out = io.StringIO()
    E.explain("svm_loss_vectorized", out)
    text = out.getvalue()
    rules = text.split("FEEDBACK RULES")[1].split("FINGERPRINTS")[0]
    assert "off by exactly 2 * reg * W" in rules and "the loss is 1.0 too large" in rules
    assert "squared distances" not in rules and "exp overflows" not in rules   # kNN's, large scores'
    assert "3 public check input(s) (svm.ipynb)" in text.split("FINGERPRINTS")[1]
    knn = io.StringIO()
    E.explain("compute_distances_no_loops", knn)
    assert "these are squared distances" in knn.getvalue().split("FEEDBACK RULES")[1].split("FINGERPRINTS")[0]
