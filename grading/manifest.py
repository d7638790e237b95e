"""The grading manifest: every graded student function, its points, how it is called, its hidden cases.

This list is the single source for everything keyed to graded functions:

- the hidden checks (``grading/grader.py`` runs each entry's cases in the isolated child and
  compares with the reference implementation on the same inputs);
- ``Autograde.exclude_overwriting`` and the student release (:func:`student_modules`);
- the points of the notebooks' autograder-test cells (1 point per function unless an entry
  says otherwise; ``tests/test_manifest.py`` checks that the notebooks agree).

Adding a graded function is one :class:`Graded` entry here plus its case generator in
``grading/cases.py``. The driver (how the function is called: ``call``, ``method``,
``forward_backward``, ...) is chosen among the generic ones in ``grading/runner.py``.
Dotted paths are relative to ``cs231n_lib``: ``module.function`` or ``module.Class.method``.
"""
from dataclasses import dataclass, field
from typing import Callable

from . import cases as C
from .assignments import ASSIGNMENTS


@dataclass(frozen=True)
class Graded:
    path: str                   # e.g. "classifiers.linear_svm.svm_loss_vectorized"
    assignment: str             # a key of grading.assignments.ASSIGNMENTS
    driver: str                 # a key of grading.runner.DRIVERS
    spec: dict                  # the driver's arguments (which inputs, output names)
    cases: Callable             # () -> list[grading.cases.Case]
    points: float = 1.0
    hints: tuple = field(default=())  # extra feedback hints keys (see grading.feedback)

    @property
    def module(self):
        """The dotted module path, e.g. ``classifiers.linear_svm``."""
        parts = self.path.split(".")
        split = len(parts) - 1
        while split > 1 and parts[split - 1][:1].isupper():
            split -= 1
        return ".".join(parts[:split])

    @property
    def module_file(self):
        """The module file relative to ``cs231n_lib/``, e.g. ``classifiers/linear_svm.py``."""
        return self.module.replace(".", "/") + ".py"


_LOSS = {"args": ["W", "X", "y", "reg"], "outputs": ["loss", "dW"]}
_KNN_DIST = {"setup": [["train", ["X_train", "y_train"]]], "args": ["X"], "outputs": ["dists"]}
_KNN = "classifiers.k_nearest_neighbor.KNearestNeighbor."
_LIN = "classifiers.linear_classifier.LinearClassifier."

MANIFEST = [
    # ---- assignment 1: kNN and linear classifiers (issue 2)
    Graded(_KNN + "compute_distances_two_loops", "linear_classifiers", "method", _KNN_DIST, C.knn_distance_cases),
    Graded(_KNN + "compute_distances_one_loop", "linear_classifiers", "method", _KNN_DIST, C.knn_distance_cases),
    Graded(_KNN + "compute_distances_no_loops", "linear_classifiers", "method", _KNN_DIST, C.knn_distance_cases),
    Graded(_KNN + "predict_labels", "linear_classifiers", "method",
           {"setup": [["train", ["X_train", "y_train"]]], "args": ["dists"], "kwargs": {"k": "k"}, "outputs": ["y_pred"]},
           C.knn_label_cases),
    Graded("classifiers.linear_svm.svm_loss_naive", "linear_classifiers", "call", _LOSS, C.svm_cases),
    Graded("classifiers.linear_svm.svm_loss_vectorized", "linear_classifiers", "call", _LOSS, C.svm_cases),
    Graded("classifiers.softmax.softmax_loss_naive", "linear_classifiers", "call", _LOSS, C.softmax_cases),
    Graded("classifiers.softmax.softmax_loss_vectorized", "linear_classifiers", "call", _LOSS, C.softmax_cases),
    Graded(_LIN + "train", "linear_classifiers", "linear_train", {}, C.linear_train_cases),
    Graded(_LIN + "predict", "linear_classifiers", "method", {"attrs": {"W": "W"}, "args": ["X"], "outputs": ["y_pred"]},
           C.linear_predict_cases),
]


def by_path():
    """``{dotted path: Graded}``."""
    return {g.path: g for g in MANIFEST}


def for_assignment(assignment):
    """The entries of one assignment, in manifest order."""
    if assignment not in ASSIGNMENTS:
        raise KeyError(f"unknown assignment {assignment!r}; known: {', '.join(ASSIGNMENTS)}")
    return [g for g in MANIFEST if g.assignment == assignment]


def student_modules(assignment=None):
    """Sorted module files (relative to ``cs231n_lib/``) that hold graded functions:
    of one assignment, or of all assignments when ``assignment`` is None."""
    entries = MANIFEST if assignment is None else for_assignment(assignment)
    return sorted({g.module_file for g in entries})


def max_points(assignment=None):
    entries = MANIFEST if assignment is None else for_assignment(assignment)
    return float(sum(g.points for g in entries))
