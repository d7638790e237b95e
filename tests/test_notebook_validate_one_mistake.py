"""One mistake, one failure in Validate (issue 17).

A student's linear_classifiers folder: the release with the reference modules and the notebooks' answer cells
filled in, except ``compute_distances_two_loops``, which forgets the square root (squared distances).
nbgrader's Validate (the button of the Assignments tab, :class:`nbgrader.validator.Validator`) runs knn.ipynb:
exactly one graded cell fails, the two-loops check. Before issue 17 it listed six failed cells, three of them
``NameError: name 'dists_two' is not defined`` in cells that test correct functions.
"""
import os
import shutil

import nbformat
import pytest

from grading import release, workflow

ASSIGNMENT = "linear_classifiers"
NOTEBOOK = "knn.ipynb"
NO_SQRT = ("dists[i, j] = np.sqrt(np.sum(diff * diff))", "dists[i, j] = np.sum(diff * diff)")


def _fill_answers(released, reference):
    """The released notebook with every answer cell replaced by the reference answer (markers removed)."""
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nbformat.read(reference, as_version=4).cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    nb = nbformat.read(released, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
            cell.source = "\n".join(line for line in answers[grade_id].split("\n")
                                    if line.strip() not in (release.BEGIN_SOLUTION, release.END_SOLUTION))
    nbformat.write(nb, released)


@pytest.fixture(scope="module")
def validated(tmp_path_factory):
    from nbgrader.validator import Validator

    tmp = tmp_path_factory.mktemp("one_mistake")
    release_dir = release.release_assignment(ASSIGNMENT, course_dir=tmp / "course")
    folder = workflow.stub_submission(tmp / "student", release_dir)
    for mod in release.shipped_modules(ASSIGNMENT)[1]:
        shutil.copy2(release.LIB / mod, folder / release.PACKAGE / mod)
    _fill_answers(folder / NOTEBOOK, release.NOTEBOOKS / NOTEBOOK)
    workflow.break_module(folder, "classifiers/k_nearest_neighbor.py", *NO_SQRT)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CS231N_")}
    env.update(MPLBACKEND="Agg", CS231N_QUICK="1")
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        results = Validator().validate(str(folder / NOTEBOOK))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    failed = results.get("failed", [])
    summary = "\n\n".join(f["source"][:200] + "\n--> " + f.get("raw_error", "")[-600:] for f in failed)
    return failed, summary


@pytest.mark.slow
@pytest.mark.notebook
def test_validate_reports_one_failed_cell_named_as_the_check_names_it(validated):
    failed, summary = validated
    assert len(failed) == 1, f"{len(failed)} failed cells for one mistake:\n{summary}"
    text = failed[0]["source"] + failed[0].get("raw_error", "")
    assert "compute_distances_two_loops" in text and "FAIL two loops, hand example" in text, summary
    assert "NameError" not in text, summary


@pytest.mark.slow
@pytest.mark.notebook
def test_validate_names_the_mistake(validated):
    failed, summary = validated
    assert failed and "squared distances (no square root)" in " ".join(failed[0].get("raw_error", "").split()), summary
