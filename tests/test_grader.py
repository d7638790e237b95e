"""The isolated grader end to end: reference submissions score full marks, stubs score 0,
buggy versions lose exactly the functions they break, partial credit, JSON and CLI output,
grade-all with resume and CSV. Student-like folders are copies of the reference package with
regions replaced (helpers below, shared with tests/test_hostile.py)."""
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grading import manifest as M, parent as grader
from grading.outputs import format_table
from grading.sandbox import Limits

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_OF = {"linear_classifiers": "svm.ipynb", "computational_graphs": "computational_graphs.ipynb",
               "neural_networks": "two_layer_net.ipynb"}
# generous deadlines: these tests grade honest or buggy code, never a slow one, and must hold on a busy machine
FAST = Limits(memory_bytes=1024**3, cpu_seconds=60, case_timeout=30.0, import_timeout=60.0)


# --------------------------------------------------------------------------- helpers

def replace_region(text, func, code, keep=False):
    """Replace the first solution region after ``def func(`` by ``code`` (indented like the
    region); with keep=True, insert ``code`` at the start of the region and keep the rest."""
    start = text.index(f"def {func}(")
    b = text.index("### BEGIN SOLUTION", start)
    line_start = text.rfind("\n", 0, b) + 1
    indent = text[line_start:b]
    body = "".join(indent + line + "\n" for line in code.strip("\n").splitlines())
    after_begin = text.index("\n", b) + 1
    if keep:
        return text[:after_begin] + body + text[after_begin:]
    e_end = text.index("\n", text.index("### END SOLUTION", b)) + 1
    return text[:line_start] + body + text[e_end:]


def make_submission(root, name, assignment="linear_classifiers", edits=None, stub=(), delete=()):
    """A student-like work folder: the reference package with ``edits`` ({module file:
    function(text) -> text}), ``stub`` (module files stubbed as in the release) and
    ``delete`` (module files removed)."""
    folder = Path(root) / name
    shutil.copytree(ROOT / "cs231n_lib", folder / "cs231n_lib", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / NOTEBOOK_OF[assignment]).write_text("{}")
    if stub:
        from grading.release import stub_source
        for rel in stub:
            p = folder / "cs231n_lib" / rel
            p.write_text(stub_source(p.read_text()))
    for rel, fn in (edits or {}).items():
        p = folder / "cs231n_lib" / rel
        p.write_text(fn(p.read_text()))
    for rel in delete:
        (folder / "cs231n_lib" / rel).unlink()
    return folder


def points(result):
    return {p: r["points"] for p, r in result["functions"].items()}


# --------------------------------------------------------------------------- tests

def test_reference_scores_full_marks_in_every_assignment(tmp_path):
    for assignment in NOTEBOOK_OF:
        folder = make_submission(tmp_path, assignment, assignment)
        r = grader.grade(folder, limits=FAST)
        assert r["assignment"] == assignment
        assert r["total"] == r["max_total"] == M.max_points(assignment), format_table(r)


def test_stubs_score_zero_with_not_implemented_feedback(tmp_path):
    folder = make_submission(tmp_path, "stubs", stub=M.student_modules("linear_classifiers"))
    r = grader.grade(folder, limits=FAST)
    assert r["total"] == 0
    for path, f in r["functions"].items():
        assert "not implemented yet" in f["feedback"], path


def test_bug_costs_only_its_function_with_partial_credit(tmp_path):
    # svm_loss_vectorized counts the correct class's margin: every case is off (loss + 1)
    # softmax_loss_naive forgets the regularization gradient: only cases with reg > 0 fail
    edits = {
        "classifiers/linear_svm.py": lambda t: t.replace("    margins[rows, y] = 0.0", "    pass"),
        "classifiers/softmax.py": lambda t: replace_region(t, "softmax_loss_naive", """
for i in range(num_train):
    scores = X[i] @ W
    scores = scores - np.max(scores)
    p = np.exp(scores) / np.sum(np.exp(scores))
    loss += np.log(np.sum(np.exp(scores))) - scores[y[i]]
    p[y[i]] -= 1
    dW += np.outer(X[i], p)
loss = loss / num_train + reg * np.sum(W * W)
dW = dW / num_train
"""),
    }
    folder = make_submission(tmp_path, "buggy", edits=edits)
    r = grader.grade(folder, limits=FAST)
    p = points(r)
    assert p["classifiers.linear_svm.svm_loss_vectorized"] == 0
    assert p["classifiers.linear_svm.svm_loss_naive"] == 1
    soft = r["functions"]["classifiers.softmax.softmax_loss_naive"]
    n_reg0 = sum(1 for c in M.by_path()["classifiers.softmax.softmax_loss_naive"].cases() if c.inputs["reg"] == 0)
    assert soft["passed"] == n_reg0 and 0 < soft["points"] < 1
    assert soft["misconceptions"][0]["mistakes"] == ["reg_grad_missing"], soft["feedback"]
    svm = r["functions"]["classifiers.linear_svm.svm_loss_vectorized"]
    assert svm["misconceptions"][0]["mistakes"] == ["correct_class_counted"], svm["feedback"]
    assert r["total"] == pytest.approx(M.max_points("linear_classifiers") - 1 - (1 - soft["points"]))
    # one serializer: the JSON keys in their order, and reading it back gives the same JSON
    from grading.results import SubmissionResult

    assert list(r) == ["version", "assignment", "folder", "total", "max_total", "functions", "notes", "sandbox",
                       "seconds"]
    assert list(soft) == ["points", "max_points", "passed", "cases", "feedback", "misconceptions"]
    assert list(soft["misconceptions"][0]) == ["mistakes", "outputs", "names", "conventions"]
    assert SubmissionResult.from_dict(json.loads(json.dumps(r))).to_dict() == json.loads(json.dumps(r))


def test_only_named_functions_and_missing_module(tmp_path):
    folder = make_submission(tmp_path, "missing", delete=["classifiers/softmax.py"])
    r = grader.grade(folder, paths=["classifiers.softmax.softmax_loss_vectorized",
                                    "classifiers.linear_svm.svm_loss_naive"], limits=FAST)
    assert list(r["functions"]) == ["classifiers.softmax.softmax_loss_vectorized", "classifiers.linear_svm.svm_loss_naive"]
    assert r["functions"]["classifiers.linear_svm.svm_loss_naive"]["points"] == 1
    fb = r["functions"]["classifiers.softmax.softmax_loss_vectorized"]["feedback"]
    assert "cs231n_lib/classifiers/softmax.py is missing" in fb


def test_detect_assignment(tmp_path):
    for assignment, nb in NOTEBOOK_OF.items():
        d = tmp_path / assignment
        d.mkdir()
        (d / nb).write_text("{}")
        assert grader.detect_assignment(d) == assignment
    with pytest.raises(ValueError, match="--assignment"):
        grader.detect_assignment(tmp_path)


def test_compare_order_type_dtype_shape_values():
    import numpy as np
    from grading.protocol import Opaque as _Opaque

    e = np.arange(6.0).reshape(2, 3)
    assert grader.compare(e.copy(), e, 1e-7, 0)[0]
    assert "type" in grader.compare(_Opaque("Evil", ""), e, 1e-7, 0)[1]
    assert "dtype" in grader.compare(e.astype(np.float32), e, 1e-7, 0)[1]
    assert "transposed" in grader.compare(e.T.copy(), e, 1e-7, 0)[1]
    ok, msg = grader.compare(e + np.array([[0, 0, 0], [0, 0.5, 0]]), e, 1e-7, 0)
    assert not ok and "at [1, 1]" in msg
    assert "NaN" in grader.compare(e * np.nan, e, 1e-7, 0)[1]
    assert grader.compare(3.0, np.float64(3.0), 1e-7, 0)[0]          # float vs numpy scalar: both numbers
    assert not grader.compare(np.array([1, 2]), np.array([1, 3]), 1e-7, 0)[0]


def test_cli_grade_json_and_grade_all_resume_csv(tmp_path):
    subs = tmp_path / "class"
    subs.mkdir()
    make_submission(subs, "alice")
    make_submission(subs, "bob", stub=["classifiers/linear_svm.py"])
    (subs / "carol").mkdir()  # an empty submission: graded with a message, never stops the batch
    py = sys.executable
    out_json = tmp_path / "alice.json"
    cp = subprocess.run([py, "-m", "grading", "grade", str(subs / "alice"), "--json", str(out_json), "--timeout", "5"],
                        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert cp.returncode == 0, cp.stdout + cp.stderr
    assert "total" in cp.stdout
    data = json.loads(out_json.read_text())
    assert set(data) >= {"assignment", "total", "max_total", "functions"}
    some = next(iter(data["functions"].values()))
    assert set(some) >= {"points", "max_points", "passed", "feedback"}
    full = M.max_points("linear_classifiers")
    assert data["total"] == data["max_total"] == full

    out = tmp_path / "grades"
    args = [py, "-m", "grading", "grade-all", str(subs), "--workers", "2", "--out", str(out), "--timeout", "5",
            "--assignment", "linear_classifiers"]
    cp = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert cp.returncode == 0, cp.stdout + cp.stderr
    rows = {r["id"]: r for r in csv.DictReader(open(out / "summary.csv"))}
    assert float(rows["alice"]["total"]) == full and float(rows["bob"]["total"]) == full - 2  # 2 SVM losses stubbed
    assert float(rows["carol"]["total"]) == 0
    # resume: a second run regrades nothing, only what is missing
    (out / "results" / "bob.json").unlink()
    cp = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert "2 submission(s) already graded" in cp.stdout and "graded 1 submission(s)" in cp.stdout


def test_reference_import_refuses_a_shadowing_package(tmp_path, monkeypatch):
    import importlib
    folder = make_submission(tmp_path, "shadow")
    saved = {k: v for k, v in sys.modules.items() if k == "cs231n_lib" or k.startswith("cs231n_lib.")}
    try:
        for k in saved:
            del sys.modules[k]
        monkeypatch.syspath_prepend(str(folder))
        importlib.import_module("cs231n_lib")
        # reference_import puts the checkout first, but cs231n_lib is already the student's
        with pytest.raises(RuntimeError, match="reference cs231n_lib must come from"):
            grader.reference_import("cs231n_lib.layers")
    finally:
        for k in [k for k in sys.modules if k == "cs231n_lib" or k.startswith("cs231n_lib.")]:
            del sys.modules[k]
        sys.modules.update(saved)


def test_hidden_score_runs_outside_a_patched_kernel(tmp_path, monkeypatch):
    """score() as called from a notebook's hidden block: grades the folder it runs in, in a
    fresh interpreter, so patches in the calling process (numpy, checks) change nothing."""
    import numpy as np
    import cs231n_lib.checks as checks
    from grading.hidden import score

    folder = make_submission(tmp_path, "kernel", stub=["classifiers/linear_svm.py"])
    monkeypatch.chdir(folder)
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(checks, "compare", lambda *a, **k: (True, "patched"))
    monkeypatch.setenv("PYTHONPATH", str(folder))   # ignored by the isolated interpreter
    assert score("classifiers.linear_svm.svm_loss_vectorized") == 0.0
    assert score("classifiers.softmax.softmax_loss_vectorized", "classifiers.linear_svm.svm_loss_naive") == 1.0
