"""Helpers for the instructor's nbgrader workflow on the kit's course directory.

Each helper runs one nbgrader command in the course directory (which holds the
``nbgrader_config.py`` written by ``python -m grading release``), the way an instructor
would type it; see grading/INSTRUCTORS.md. Used by the end-to-end test and ``make demo``.

    course = Path("build/course")
    release_assignment("linear_classifiers", course)        # stubs + generate_assignment
    add_students(course, ["alice", "bob"])
    submit(course, "alice", "linear_classifiers", "path/to/alices/folder")
    autograde(course, "linear_classifiers")
    generate_feedback(course, "linear_classifiers")
    export_grades(course, "grades.csv")
    make_sample_class(course, "linear_classifiers", dest)   # reference / stubs / buggy
"""
import csv
import datetime
import shutil
from pathlib import Path

from grading.assignments import ASSIGNMENTS
from grading.release import (  # noqa: F401  (re-exported for instructors' scripts)
    DEFAULT_COURSE, LIB, NOTEBOOKS, PACKAGE, nbgrader, release_assignment, shipped_modules,
    solution_regions)


def add_students(course_dir, students: list, quiet: bool = True) -> None:
    """``nbgrader db student add ID`` for each student id."""
    for student in students:
        nbgrader(["db", "student", "add", student], course_dir, quiet=quiet)


def submit(course_dir, student, assignment, folder, timestamp=None):
    """Place a student's filled-in assignment folder where ``nbgrader collect`` (or
    ``zip_collect``) would: ``submitted/<student>/<assignment>/``, with a timestamp."""
    dest = Path(course_dir) / "submitted" / student / assignment
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(folder, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc",
                                                                ".ipynb_checkpoints"))
    stamp = timestamp or datetime.datetime.now(datetime.timezone.utc)
    (dest / "timestamp.txt").write_text(stamp.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
    return dest


def autograde(course_dir, assignment: str, student: str = None, force: bool = True, quiet: bool = True):
    """``nbgrader autograde ASSIGNMENT [--student ID] --force``."""
    args = ["autograde", assignment]
    if student:
        args += ["--student", student]
    if force:
        args.append("--force")
    return nbgrader(args, course_dir, quiet=quiet)


def generate_feedback(course_dir, assignment: str, force: bool = True, quiet: bool = True):
    """``nbgrader generate_feedback ASSIGNMENT --force``: HTML in feedback/<student>/<assignment>/."""
    args = ["generate_feedback", assignment] + (["--force"] if force else [])
    return nbgrader(args, course_dir, quiet=quiet)


def export_grades(course_dir, to="grades.csv", quiet: bool = True) -> list:
    """``nbgrader export --to FILE`` (CSV, one row per student and assignment); returns
    the rows as dicts."""
    to = Path(to)
    if not to.is_absolute():
        to = Path(course_dir) / to
    nbgrader(["export", f"--to={to}"], course_dir, quiet=quiet)
    with open(to, newline="") as f:
        return list(csv.DictReader(f))


# ----------------------------------------------------------------------------- sample class

def reference_submission(assignment, dest, release_dir):
    """A submission with the reference filled in: the released folder, with the instructor's
    notebooks and cs231n_lib modules copied over it."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(release_dir, dest)
    for nb in ASSIGNMENTS[assignment]["notebooks"]:
        shutil.copy2(NOTEBOOKS / nb, dest / nb)
    given, student = shipped_modules(assignment)
    for mod in given + student:
        shutil.copy2(LIB / mod, dest / PACKAGE / mod)
    return dest


def stub_submission(dest, release_dir):
    """A submission that leaves the release untouched."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(release_dir, dest)
    return dest


def break_module(folder, module: str, old: str, new: str) -> Path:
    """Replace the text ``old`` by ``new`` in ``folder/cs231n_lib/<module>`` (one bug)."""
    path = Path(folder) / PACKAGE / module
    text = path.read_text()
    if old not in text:
        raise ValueError(f"{path}: {old!r} not found; cannot introduce the bug")
    path.write_text(text.replace(old, new, 1))
    return path


def make_sample_class(course_dir, assignment, dest, bug=None):
    """Three sample submissions of ``assignment`` under ``dest``: ``reference`` (the
    reference filled in), ``stubs`` (release untouched) and ``buggy`` (the reference with
    one function broken). ``bug`` is ``(module, old, new)`` or a callable taking the
    buggy folder; by default the first solution
    region of the first student module is replaced by nbgrader's stub again.
    Returns {student: folder}."""
    release_dir = Path(course_dir) / "release" / assignment
    dest = Path(dest)
    folders = {
        "reference": reference_submission(assignment, dest / "reference", release_dir),
        "stubs": stub_submission(dest / "stubs", release_dir),
        "buggy": reference_submission(assignment, dest / "buggy", release_dir),
    }
    if bug is None:
        _, student = shipped_modules(assignment)
        module = student[0]
        text = (LIB / module).read_text()
        begin, end = solution_regions(text)[0]
        lines = text.splitlines(keepends=True)
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        lines[begin + 1:end] = [f"{indent}raise NotImplementedError()\n"]
        (folders["buggy"] / PACKAGE / module).write_text("".join(lines))
    elif callable(bug):
        bug(folders["buggy"])
    else:
        break_module(folders["buggy"], *bug)
    return folders
