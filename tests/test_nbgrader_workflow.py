"""The instructor workflow end to end on a sample class of ``linear_classifiers``:
generate_assignment -> submitted/ -> autograde -> generate_feedback -> export.

Students: ``reference`` (reference filled in), ``stubs`` (release untouched), ``buggy``
(the reference with one function broken) and ``cheater`` (stubs plus a notebook cell that
fakes every check inside the kernel: the module scores come from the isolated grader
outside the kernel, so it must still get 0 on them).
"""
import time
from pathlib import Path

import nbformat
import pytest

from grading import workflow
from grading.assignments import ASSIGNMENTS
from grading.nbgrader_preprocessors import scored_paths
from grading.release import PACKAGE, shipped_modules

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nbgrader")]

ASSIGNMENT = "linear_classifiers"
KIT = Path(workflow.__file__).resolve().parents[1]
# The buggy student forgets the regularization gradient in the vectorized SVM.
BUGGY_MODULE = "classifiers/linear_svm.py"
BUGGY_FUNCTION = "classifiers.linear_svm.svm_loss_vectorized"
CHEAT = '''\
# A dishonest cell: fake every check inside the notebook kernel.
import numpy as np
import builtins
import cs231n_lib.checks as _checks
import cs231n_lib.classifiers.linear_svm as _svm
_checks.check_close = lambda *a, **k: True
_checks.compare = lambda *a, **k: (True, "PASS")
_svm.svm_loss_naive = _svm.svm_loss_vectorized = lambda W, X, y, reg: (0.0, np.zeros_like(W))
try:
    import grading.hidden as _hidden
    _hidden.score = lambda *paths, **kw: float(len(paths))
except Exception:
    pass
np.allclose = lambda *a, **k: True
# ... and reach outside the notebook: edit the kit's grader, copy the reference, read the
# hidden tests of the course's source/ (the kernel runs in the sandbox: all must fail)
import pathlib, shutil
_intrusion = {}
for _what, _do in {
        "edit_kit": lambda: open(pathlib.Path(KIT) / "grading" / "parent.py", "a").write("# pwned by a notebook\\n"),
        "copy_reference": lambda: shutil.copy(pathlib.Path(KIT) / "cs231n_lib/classifiers/linear_svm.py",
                                              "cs231n_lib/classifiers/linear_svm.py"),
        "read_source": lambda: print(open(pathlib.Path(COURSE) / "source/linear_classifiers/svm.ipynb").read()),
        "read_gradebook": lambda: open(pathlib.Path(COURSE) / "gradebook.db", "rb").read(10),
}.items():
    try:
        _do()
        _intrusion[_what] = "succeeded"
    except Exception as _exc:
        _intrusion[_what] = type(_exc).__name__
print("INTRUSION", _intrusion)
'''


def cell_scores(course_dir, assignment, student):
    """{(notebook, grade_id): (score, max_score)} from the gradebook."""
    from nbgrader.api import Gradebook

    db = f"sqlite:///{Path(course_dir).resolve() / 'gradebook.db'}"
    scores = {}
    with Gradebook(db) as gb:
        submission = gb.find_submission(assignment, student)
        for nb in submission.notebooks:
            for grade in nb.grades:
                scores[(nb.name, grade.name)] = (grade.score, grade.max_score)
    return scores


def _insert_cheat(folder, course):
    """Add the dishonest cell at the top of every notebook of the submission."""
    cell = f"KIT, COURSE = {str(KIT)!r}, {str(Path(course).resolve())!r}\n" + CHEAT
    for nb_name in ASSIGNMENTS[ASSIGNMENT]["notebooks"]:
        path = Path(folder) / nb_name
        nb = nbformat.read(path, as_version=4)
        nb.cells.insert(0, nbformat.v4.new_code_cell(cell))
        nbformat.write(nb, path)


def _break(folder):
    """The buggy student: the reference, but svm_loss_vectorized forgets the
    regularization gradient; also edits a given module (autograde must restore it)."""
    text = (workflow.LIB / BUGGY_MODULE).read_text()
    start = text.index("def svm_loss_vectorized")
    body = text[start:]
    for old in ("dW += 2 * reg * W", "dW = dW + 2 * reg * W", "+ 2 * reg * W"):
        if old in body:
            break
    else:
        raise AssertionError("cannot find the regularization gradient in svm_loss_vectorized")
    body = body.replace(old, old.replace("2 * reg * W", "0 * W"), 1)
    (Path(folder) / PACKAGE / BUGGY_MODULE).write_text(text[:start] + body)
    checks = Path(folder) / PACKAGE / "checks.py"
    checks.write_text(checks.read_text() + "\n# student edit of a given module\n")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nbgrader")
    course = tmp / "course"
    timings = {}
    t0 = time.perf_counter()
    workflow.release_assignment(ASSIGNMENT, course)
    timings["generate"] = time.perf_counter() - t0

    folders = workflow.make_sample_class(course, ASSIGNMENT, tmp / "class", bug=_break)
    folders["cheater"] = workflow.stub_submission(tmp / "class" / "cheater", course / "release" / ASSIGNMENT)
    _insert_cheat(folders["cheater"], course)

    workflow.add_students(course, list(folders))
    for student, folder in folders.items():
        workflow.submit(course, student, ASSIGNMENT, folder)
    t0 = time.perf_counter()
    proc = workflow.autograde(course, ASSIGNMENT)
    timings["autograde"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    workflow.generate_feedback(course, ASSIGNMENT)
    timings["feedback"] = time.perf_counter() - t0
    rows = workflow.export_grades(course, tmp / "grades.csv")
    print(f"\nnbgrader workflow timings for {len(folders)} submissions: "
          + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    scores = {s: cell_scores(course, ASSIGNMENT, s) for s in folders}
    return {"course": course, "folders": folders, "rows": rows, "scores": scores,
            "log": proc.stdout, "timings": timings, "tmp": tmp}


def _module_cells(course):
    """{(notebook, grade_id): [dotted paths]} of the autograder-test cells scoring modules."""
    cells = {}
    for nb_name in ASSIGNMENTS[ASSIGNMENT]["notebooks"]:
        nb = nbformat.read(course / "source" / ASSIGNMENT / nb_name, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution") and scored_paths(cell.source):
                cells[(nb_name[:-6], meta["grade_id"])] = scored_paths(cell.source)
    return cells


def _auto(scores, course):
    """Scores of the autograded (code) test cells only."""
    cells = set()
    for nb_name in ASSIGNMENTS[ASSIGNMENT]["notebooks"]:
        nb = nbformat.read(course / "source" / ASSIGNMENT / nb_name, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
                cells.add((nb_name[:-6], meta["grade_id"]))
    return {k: v for k, v in scores.items() if k in cells}


def _total(cell_scores):
    return sum(score or 0.0 for score, _ in cell_scores.values())


def test_scores_order_reference_buggy_stubs(graded):
    auto = {s: _auto(sc, graded["course"]) for s, sc in graded["scores"].items()}
    assert auto["reference"], "no autograded cell found"
    for key, (score, max_score) in auto["reference"].items():
        assert score == pytest.approx(max_score), f"reference lost points on {key}"
    for key, (score, _) in auto["stubs"].items():
        assert score == 0, f"stubs got points on {key}"
    assert _total(auto["reference"]) > _total(auto["buggy"]) > _total(auto["stubs"]) == 0


def test_buggy_loses_points_only_on_the_broken_function(graded):
    cells = _module_cells(graded["course"])
    buggy = graded["scores"]["buggy"]
    broken = [k for k, paths in cells.items() if BUGGY_FUNCTION in paths]
    assert broken, f"no test cell scores {BUGGY_FUNCTION}"
    for key in broken:
        score, max_score = buggy[key]
        assert score < max_score
    ref = graded["scores"]["reference"]
    for key, paths in cells.items():
        if BUGGY_FUNCTION not in paths:
            assert buggy[key][0] == pytest.approx(ref[key][0]), key


def test_kernel_tampering_cannot_raise_module_scores(graded):
    cells = _module_cells(graded["course"])
    assert cells
    cheater = graded["scores"]["cheater"]
    for key in cells:
        assert cheater[key][0] == 0, f"cheater got points on {key}"


def test_export_csv_has_everyone_in_order(graded):
    by_student = {row["student_id"]: float(row["score"]) for row in graded["rows"]
                  if row["assignment"] == ASSIGNMENT}
    assert set(by_student) >= {"reference", "stubs", "buggy", "cheater"}
    assert by_student["reference"] > by_student["buggy"] > by_student["stubs"]
    assert by_student["cheater"] == pytest.approx(by_student["stubs"])


def test_feedback_has_no_hidden_tests(graded):
    course = graded["course"]
    for student in graded["folders"]:
        folder = course / "feedback" / student / ASSIGNMENT
        htmls = sorted(folder.glob("*.html"))
        assert len(htmls) == len(ASSIGNMENTS[ASSIGNMENT]["notebooks"]), (student, htmls)
        for html in htmls:
            text = html.read_text()
            # (the cheater's own cell names grading.hidden: that is the student's code)
            tokens = ("HIDDEN TESTS", "from grading.hidden import score", "grading/hidden")
            tokens += () if student == "cheater" else ("grading.hidden", "from grading")
            for forbidden in tokens:
                assert forbidden not in text, f"{html}: contains {forbidden!r}"
    # the stubs' feedback does show the NotImplementedError tracebacks (but no hidden code)
    stubs_html = "".join(p.read_text() for p in (course / "feedback" / "stubs" / ASSIGNMENT).glob("*.html"))
    assert "NotImplementedError" in stubs_html


def test_student_modules_are_not_overwritten_but_given_ones_are(graded):
    course = graded["course"]
    _, student = shipped_modules(ASSIGNMENT)
    for name, folder in graded["folders"].items():
        autograded = course / "autograded" / name / ASSIGNMENT / PACKAGE
        for mod in student:
            assert (autograded / mod).read_text() == (folder / PACKAGE / mod).read_text(), (name, mod)
    # the buggy student's edit of a given module was replaced by the instructor's copy
    restored = (course / "autograded" / "buggy" / ASSIGNMENT / PACKAGE / "checks.py").read_text()
    assert "student edit of a given module" not in restored
    assert restored == (course / "source" / ASSIGNMENT / PACKAGE / "checks.py").read_text()


def test_zip_collect_places_notebooks_and_modules(graded):
    """Offline collection: one <student>.zip per student in downloaded/<assignment>/archive/."""
    import shutil
    course, folder = graded["course"], graded["folders"]["buggy"]
    archive = course / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    shutil.make_archive(str(archive / "zoe"), "zip", root_dir=folder.parent, base_dir=folder.name)
    workflow.nbgrader(["zip_collect", ASSIGNMENT, "--force"], course, quiet=True)
    submitted = course / "submitted" / "zoe" / ASSIGNMENT
    for nb_name in ASSIGNMENTS[ASSIGNMENT]["notebooks"]:
        assert (submitted / nb_name).is_file()
    _, student = shipped_modules(ASSIGNMENT)
    for mod in student:
        assert (submitted / PACKAGE / mod).read_text() == (folder / PACKAGE / mod).read_text()


def test_notebook_code_cannot_reach_the_kit_the_reference_or_hidden_tests(graded):
    """The cheater's cell runs in the sandboxed kernel: it could not edit the grader, copy the
    reference, read source/ or the gradebook; its modules are graded as submitted."""
    assert "pwned by a notebook" not in (KIT / "grading" / "parent.py").read_text()
    course = graded["course"]
    executed = nbformat.read(course / "autograded" / "cheater" / ASSIGNMENT / "svm.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for o in executed.cells[0].outputs)
    assert "INTRUSION" in printed, printed
    report = eval(printed.split("INTRUSION", 1)[1].strip().splitlines()[0])   # the dict the cell printed
    assert set(report) == {"edit_kit", "copy_reference", "read_source", "read_gradebook"}
    assert "succeeded" not in report.values(), report
    html = "".join(p.read_text() for p in (course / "feedback" / "cheater" / ASSIGNMENT).glob("*.html"))
    assert "score(" not in html and "BEGIN HIDDEN" not in html
    reference_svm = (KIT / "cs231n_lib" / "classifiers" / "linear_svm.py").read_text()
    assert "margins[rows, y] = 0.0" in reference_svm and "margins[rows, y] = 0.0" not in html


def test_feedback_preprocessors_take_the_html_exporters_config_without_warnings():
    """nbconvert's HTML exporter sets NbConvertBase.display_data_priority for every preprocessor;
    nbgrader's base class redeclares it unconfigurable, so a kit preprocessor without it made
    every generate_feedback print 'Config option not recognized by HideHiddenTests'."""
    import logging

    from traitlets.config import Config

    from grading.nbgrader_preprocessors import feedback_preprocessors

    config = Config({"NbConvertBase": {"display_data_priority": ["text/html", "text/plain"]}})
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    log = logging.getLogger("feedback-config-test")
    log.addHandler(handler)
    for cls in feedback_preprocessors():
        cls(config=config, log=log)
    assert not [r.getMessage() for r in records if "not recognized" in r.getMessage()]
