"""A synthetic class of released-style submissions for the scale tests and ``make bench``.

:func:`make_class` writes ``n`` submission folders (``cs231n_lib/`` plus an empty notebook so the
assignment is recognised), cycling through: the reference, the release's stubs, and every sample
of the student-code corpus (``tests/student_code``: right functions in other styles and wrong
ones) for that assignment, each transplanted into a copy of the reference. Names are stable
(``s007-linear_svm-naive_margin_ge_0``), so two calls give the same class.

:func:`make_course_class` does the same for nbgrader: folders under ``submitted/`` of a course
(notebooks from the release, filled in with the reference for all but the stubs).
"""
import shutil
from pathlib import Path

from grading import manifest as M
from grading.assignments import ASSIGNMENTS
from tests import student_code

NOTEBOOK_OF = {"linear_classifiers": "svm.ipynb", "computational_graphs": "computational_graphs.ipynb",
             "neural_networks": "two_layer_net.ipynb"}


def variants(assignment):
    """``[(label, sample or None, base)]``: reference, stubs, then each corpus sample."""
    modules = set(M.student_modules(assignment))
    samples = [s for s in student_code.load_all() if student_code.module_file(s.path) in modules]
    return [("reference", None, "reference"), ("stubs", None, "stub")] + [
        (s.id.replace("/", "-"), s, "reference") for s in samples]


def make_class(root, n, assignment="linear_classifiers"):
    """Write ``n`` submissions under ``root``; returns ``{name: label}``."""
    root = Path(root)
    kinds = variants(assignment)
    made = {}
    for i in range(n):
        label, sample, base = kinds[i % len(kinds)]
        name = f"s{i:03d}-{label}"
        folder = student_code.make_submission(root / name, assignment, base=base)
        if sample is not None:
            student_code.transplant(sample, folder)
        (folder / NOTEBOOK_OF[assignment]).write_text("{}")
        made[name] = label
    return made


def make_course_class(course, assignment, n, timestamp=None):
    """``n`` submissions of ``assignment`` in ``course/submitted/`` (which must hold the release):
    the released notebooks with the reference's modules, the stubs, or corpus samples. Returns
    ``{student: label}``."""
    from grading import workflow

    course = Path(course)
    release = course / "release" / assignment
    kinds = variants(assignment)
    made = {}
    staging = course.parent / f"{course.name}-staging"
    for i in range(n):
        label, sample, base = kinds[i % len(kinds)]
        student = f"s{i:03d}-{label}"
        folder = staging / student
        if base == "stub":
            workflow.stub_submission(folder, release)
        else:
            workflow.reference_submission(assignment, folder, release)
        if sample is not None:
            student_code.transplant(sample, folder)
        workflow.submit(course, student, assignment, folder, timestamp=timestamp)
        made[student] = label
    shutil.rmtree(staging, ignore_errors=True)
    return made


assert set(NOTEBOOK_OF) == set(ASSIGNMENTS)
