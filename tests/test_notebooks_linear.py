"""The kNN, SVM and softmax notebooks: stored without outputs with valid nbgrader metadata,
hidden blocks that score exactly the graded functions of the assignment, and a headless run
with the reference code (no errors, no FAIL verdict, accuracy targets on the embedded data)."""
import pathlib
import re

import nbformat
import pytest

from grading.nbgrader_preprocessors import hidden_lines, strip_hidden_region
from grading.release import hidden_score_paths

from .notebook_runner import run_notebook

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["knn.ipynb", "svm.ipynb", "softmax.ipynb"]
# Targets of issue 2 on the embedded Fashion-MNIST subset (the default load_dataset()).
TARGETS = {
    "knn.ipynb": {"test_accuracy": 0.78},
    "svm.ipynb": {"val_accuracy": 0.80},
    "softmax.ipynb": {"val_accuracy": 0.80},
}
READ_ONLY = {"grade": False, "locked": True, "solution": False, "task": False}
ANSWER = {"grade": False, "locked": False, "solution": True, "task": False}


def _read(name):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def _scored_paths(source):
    return hidden_score_paths("\n".join(hidden_lines(source)))


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs_with_valid_nbgrader_metadata(name):
    nb = _read(name)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    ids = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: stored with outputs"
        meta = cell.metadata.get("nbgrader")
        assert meta is not None, f"{name}: cell without nbgrader metadata: {cell.source[:60]!r}"
        assert meta["schema_version"] == 3
        assert meta["grade_id"] not in ids, f"{name}: duplicate grade_id {meta['grade_id']}"
        ids.add(meta["grade_id"])
        flags = {k: meta[k] for k in ("grade", "locked", "solution", "task")}
        if meta["grade"]:
            assert meta["points"] > 0, meta["grade_id"]
            if meta["solution"]:   # manually graded answer
                assert cell.cell_type == "markdown" and not meta["locked"]
            else:                  # autograder test
                assert cell.cell_type == "code" and meta["locked"]
        else:
            assert "points" not in meta or not meta["points"]
            assert flags in (READ_ONLY, ANSWER), (meta["grade_id"], flags)
        if meta["solution"]:
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source, meta["grade_id"]
        else:
            assert "### BEGIN SOLUTION" not in cell.source, meta["grade_id"]
        paths = _scored_paths(cell.source)
        if paths:
            assert meta["grade"] and meta["locked"] and not meta["solution"], meta["grade_id"]
            assert "from grading.hidden import score" in cell.source
            assert meta["points"] == len(paths), meta["grade_id"]
            assert cell.source.rstrip().endswith("### END HIDDEN TESTS"), "the hidden block ends the cell"


def test_hidden_blocks_score_each_graded_function_once():
    from grading.manifest import for_assignment
    from grading.assignments import ASSIGNMENTS
    names = ASSIGNMENTS["linear_classifiers"]["notebooks"]  # optimization.ipynb scores its own functions
    scored = [p for name in names for cell in _read(name).cells for p in _scored_paths(cell.source)]
    expected = [g.path for g in for_assignment("linear_classifiers")]
    assert sorted(scored) == sorted(expected)


def test_every_answer_and_graded_package_function_is_followed_by_a_check():
    for name in NAMES:
        cells = _read(name).cells
        for i, cell in enumerate(cells):
            meta = cell.metadata["nbgrader"]
            if cell.cell_type == "code" and meta["solution"]:
                after = cells[i + 1]
                # a graded check, or a locked ungraded one where the verdict comes from the kernel's
                # own state (a kernel can fake those: they give no points, tests/test_kernel_points.py)
                kept = after.metadata["nbgrader"]["grade"] or after.metadata["nbgrader"].get("locked")
                assert kept and "check_" in after.source, meta["grade_id"]


@pytest.mark.notebook
@pytest.mark.xdist_group("notebooks")
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_and_reaches_targets(name, tmp_path):
    text, results = run_notebook(name, tmp_path)
    assert "PASS " in text
    assert results["checks_failed"] == 0 and results["checks_passed"] > 0
    assert "test_accuracy" in results
    for key, target in TARGETS[name].items():
        assert results[key] >= target, f"{name}: {key} = {results[key]:.3f} < {target}"
    if name == "knn.ipynb":
        assert results["best_k"] >= 1
    else:
        assert results["test_accuracy"] >= 0.75


# ---- The notebook answer cells' checks catch wrong answers (run on small synthetic data) ----

def _cell(name, grade_id):
    for cell in _read(name).cells:
        if cell.metadata["nbgrader"]["grade_id"] == grade_id:
            return strip_hidden_region(cell.source)
    raise KeyError(grade_id)


def _solution_only(source):
    """An answer cell as the reference solution (markers removed)."""
    return re.sub(r"^[ \t]*### (BEGIN|END) SOLUTION\n", "", source, flags=re.M)


def _namespace():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from cs231n_lib import vis
    from cs231n_lib.checks import check_close, check_relative_errors, check_true
    from cs231n_lib.figures import show
    from cs231n_lib.gradient_check import eval_numerical_gradient
    from cs231n_lib.notebook_utils import progress, record_result
    return dict(np=np, plt=plt, vis=vis, show=show, check_close=check_close, check_true=check_true,
                check_relative_errors=check_relative_errors, eval_numerical_gradient=eval_numerical_gradient,
                progress=progress, record_result=record_result, QUICK=True)


WRONG_DIFFERENCES = {
    "one-sided": "def centered_difference(f, x, ix, h=1e-5):\n"
                 "    old = x[ix]; base = f(x); x[ix] = old + h; up = f(x); x[ix] = old\n"
                 "    return (up - base) / h\n",
    "x not restored": "def centered_difference(f, x, ix, h=1e-5):\n"
                      "    old = x[ix]; x[ix] = old + h; up = f(x); x[ix] = old - h; down = f(x)\n"
                      "    return (up - down) / (2 * h)\n",
    "missing factor 2": "def centered_difference(f, x, ix, h=1e-5):\n"
                        "    old = x[ix]; x[ix] = old + h; up = f(x); x[ix] = old - h; down = f(x); x[ix] = old\n"
                        "    return (up - down) / h\n",
}


def test_centered_difference_check_passes_reference_and_catches_wrong_versions(capsys):
    check = _cell("svm.ipynb", "svm-check-numgrad")
    ns = _namespace()
    exec(_solution_only(_cell("svm.ipynb", "svm-numgrad-answer")), ns)
    exec(check, ns)
    assert "FAIL " not in capsys.readouterr().out
    for label, wrong in WRONG_DIFFERENCES.items():
        ns = _namespace()
        exec(wrong, ns)
        with pytest.raises(AssertionError):
            exec(check, ns)
        assert "FAIL " in capsys.readouterr().out, label


def _cv_namespace():
    import numpy as np
    from cs231n_lib.classifiers.k_nearest_neighbor import KNearestNeighbor
    rng = np.random.default_rng(0)
    y_cv = rng.integers(3, size=60)
    X_cv = rng.standard_normal((60, 5)) + 2.0 * y_cv[:, None]
    ns = _namespace()
    ns.update(KNearestNeighbor=KNearestNeighbor, X_cv=X_cv, y_cv=y_cv, num_folds=5, k_choices=[1, 3, 5], num_cv=60)
    return ns


def test_cross_validation_check_passes_reference_and_catches_a_leak(capsys):
    answer = _cell("knn.ipynb", "knn-cv-answer")
    check = _cell("knn.ipynb", "knn-check-cv")
    ns = _cv_namespace()
    exec(_solution_only(answer), ns)
    exec(check, ns)
    assert "FAIL " not in capsys.readouterr().out
    # Wrong: the validation fold is also in the training folds (accuracy of k = 1 becomes 1.0).
    leaky = _solution_only(answer).replace("X_train_folds[:i] + X_train_folds[i + 1:]", "X_train_folds") \
                                  .replace("y_train_folds[:i] + y_train_folds[i + 1:]", "y_train_folds")
    assert leaky != _solution_only(answer)
    ns = _cv_namespace()
    exec(leaky, ns)
    with pytest.raises(AssertionError):
        exec(check, ns)
    assert "FAIL fold 0 accuracy" in capsys.readouterr().out


def _search_namespace(cls_name):
    import numpy as np
    from cs231n_lib.classifiers import linear_classifier
    rng = np.random.default_rng(0)

    def blobs(n):
        y = rng.integers(3, size=n)
        X = np.hstack([rng.standard_normal((n, 4)) + 3.0 * np.eye(3, 4)[y], np.ones((n, 1))])
        return X, y

    ns = _namespace()
    X_train, y_train = blobs(300)
    X_val, y_val = blobs(100)
    ns.update(X_train=X_train, y_train=y_train, X_val=X_val, y_val=y_val)
    ns[cls_name] = getattr(linear_classifier, cls_name)
    return ns


@pytest.mark.parametrize("name, cls_name, best", [("svm.ipynb", "LinearSVM", "best_svm"),
                                                  ("softmax.ipynb", "Softmax", "best_softmax")])
def test_search_check_passes_reference_and_catches_wrong_best(name, cls_name, best, capsys):
    prefix = name.split(".")[0]
    answer = _solution_only(_cell(name, f"{prefix}-search-answer"))
    # Learning rates that suit the small synthetic data (the notebook's suit raw pixels).
    answer = answer.replace("learning_rates = [1e-6, 3e-6]", "learning_rates = [1e-3, 1e-1]")
    answer = answer.replace("search_iters = 500", "search_iters = 50")
    check = _cell(name, f"{prefix}-check-search")
    ns = _search_namespace(cls_name)
    exec(answer, ns)
    exec(check, ns)
    assert "FAIL " not in capsys.readouterr().out
    # Wrong: keeps the model of the last pair instead of the best one.
    ns = _search_namespace(cls_name)
    exec(answer, ns)
    ns["results"][max(ns["results"])] = (0.0, 0.0)  # make the last pair clearly not the best
    ns[best] = None
    with pytest.raises(AssertionError):
        exec(check, ns)
    assert "FAIL " in capsys.readouterr().out
