"""The nbgrader course directory: its configuration file, the exchange, the due dates.

    python -m grading exchange [--course DIR]     create the exchange the course config names
    python -m grading due-dates [--course DIR]    show the due dates, write them to the gradebook

The course's ``nbgrader_config.py`` (default ``build/course/nbgrader_config.py``) is
written once, by the first ``python -m grading release``, and never rewritten: it loads
the kit's settings (``grading/nbgrader_config.py``) and then holds the instructor's own
(course id, exchange root, due dates, late policy). A re-release keeps every line of it.
"""
import argparse
import os
import stat
import sys
from pathlib import Path

from traitlets import Unicode
from traitlets.config import LoggingConfigurable
from traitlets.config.loader import PyFileConfigLoader

DEFAULT_EXCHANGE = "/srv/nbgrader/exchange"
COURSE_ID = "cs231n"
CONFIG_NAME = "nbgrader_config.py"

COURSE_CONFIG_TEMPLATE = '''\
# nbgrader configuration of this course. Written once by `python -m grading release`;
# this file is yours: a release never rewrites it. Run nbgrader commands from this folder
# (or start JupyterLab here for the formgrader).
c = get_config()  # noqa: F821

# The kit's settings: autograde pipeline, isolated grader, feedback, zip_collect, export.
load_subconfig({config!r})  # noqa: F821
c.CourseDirectory.root = {root!r}

# ---- your settings ------------------------------------------------------------------
c.CourseDirectory.course_id = {course_id!r}

# The exchange: one folder on a file system every student's Jupyter sees, writable by
# everyone. `python -m grading exchange` creates it and prints the line students add to
# their own ~/.jupyter/nbgrader_config.py.
c.Exchange.root = {exchange!r}

# Due dates (nbgrader's late penalties need them), read in this time zone (IANA name).
c.CourseSchedule.timezone = "UTC"
c.CourseSchedule.due_dates = {{
    # "linear_classifiers": "2026-10-09 23:59",
}}
# Late policy: this fraction of each notebook's score per started day late.
# c.LatePenaltyPerDay.fraction_per_day = 0.1
# c.LatePenaltyPerDay.grace_minutes = 15

# A course-policy cell at the top of every released notebook (Markdown), e.g. the use of AI tools
# (CS231n opens each notebook with a "Generative AI use" cell). Empty: no cell. Release again after a change.
c.CoursePolicy.text = ""

# `nbgrader export` counts ungraded written answers as 0 points; to leave the manually
# graded answers out of score and max_score instead, uncomment:
# c.ReleasedAssignmentsCsvExport.exclude_manual = True
'''

# What `python -m grading release` wrote before this file became the instructor's: a file
# with exactly this text is the kit's, not edited, and is upgraded.
LEGACY_TEMPLATE = '''\
# Written by `python -m grading release`: the course configuration of the kit.
# Run nbgrader commands from this folder (or launch JupyterLab here for the formgrader).
c = get_config()  # noqa: F821
load_subconfig({config!r})  # noqa: F821
c.CourseDirectory.root = {root!r}
'''


POLICY_CELL_ID = "course-policy"


class CoursePolicy(LoggingConfigurable):
    """The course's policy, shown in a locked Markdown cell at the top of every released notebook::

        c.CoursePolicy.text = "**Use of AI tools.** ..."

    Empty (the default): no cell."""

    text = Unicode("", help="Markdown of the course-policy cell opening every released notebook "
                            "(e.g. the use of AI tools); empty for no cell").tag(config=True)


def course_policy(course_dir):
    """The course-policy text of ``course_dir`` ("" without a course config or a policy)."""
    try:
        config = load_course_config(course_dir)
    except FileNotFoundError:
        return ""
    return CoursePolicy(config=config).text.strip()


def policy_cell(text):
    """The locked Markdown cell (nbgrader metadata: read-only, not graded) that shows ``text``."""
    import nbformat

    cell = nbformat.v4.new_markdown_cell(text, id=POLICY_CELL_ID)
    cell.metadata["nbgrader"] = {"grade": False, "grade_id": POLICY_CELL_ID, "locked": True,
                                 "schema_version": 3, "solution": False, "task": False}
    return cell


def add_policy_cell(notebook, text):
    """Put the course-policy cell first in the notebook file ``notebook`` (replacing an older one; none
    for an empty ``text``)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if c.get("id") != POLICY_CELL_ID]
    nb.cells = ([policy_cell(text)] if text else []) + cells
    nbformat.write(nb, notebook)


def default_course_dir():
    from grading.release import DEFAULT_COURSE

    return DEFAULT_COURSE


def kit_config_path():
    return Path(__file__).resolve().parent / "nbgrader_config.py"


def write_course_config(course_dir, config=None, exchange=DEFAULT_EXCHANGE, course_id=COURSE_ID):
    """Write ``<course_dir>/nbgrader_config.py`` unless it exists (an unedited file of
    the old kit template is upgraded). Returns ``(path, written)``."""
    course_dir = Path(course_dir).resolve()
    course_dir.mkdir(parents=True, exist_ok=True)
    config = str(Path(config or kit_config_path()).resolve())
    path = course_dir / CONFIG_NAME
    if path.exists():
        legacy = LEGACY_TEMPLATE.format(config=config, root=str(course_dir))
        if path.read_text() != legacy:
            if config not in path.read_text():
                print(f"note: {path} does not load the kit's settings ({config}); "
                      "nbgrader then runs without them", file=sys.stderr)
            return path, False
    path.write_text(COURSE_CONFIG_TEMPLATE.format(config=config, root=str(course_dir),
                                                  course_id=course_id, exchange=exchange))
    return path, True


def load_course_config(course_dir):
    """The traitlets Config nbgrader reads in ``course_dir`` (its nbgrader_config.py,
    with the kit's settings it loads)."""
    course_dir = Path(course_dir).resolve()
    path = course_dir / CONFIG_NAME
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run `python -m grading release` first")
    return PyFileConfigLoader(CONFIG_NAME, path=str(course_dir)).load_config()


def check_course_root(course_dir):
    """Refuse a course folder whose ``nbgrader_config.py`` names another course root (a copied
    course keeps its original's line, and nbgrader would then grade the original)."""
    course_dir = Path(course_dir).resolve()
    root = load_course_config(course_dir).get("CourseDirectory", {}).get("root")
    if root and Path(root).resolve() != course_dir:
        raise ValueError(f"{course_dir / CONFIG_NAME} sets c.CourseDirectory.root = {root!r}, another folder: "
                         f"nbgrader would grade that course, not this one (was the folder copied?). "
                         f"Set it to {str(course_dir)!r} in that file.")
    return course_dir


def exchange_settings(course_dir):
    """``(exchange_root, course_id)`` of the course."""
    from nbgrader.exchange.default import Exchange

    config = load_course_config(course_dir)
    root = config.Exchange.root if "root" in config.Exchange else Exchange.root.default_value
    course_id = config.CourseDirectory.get("course_id") or COURSE_ID
    return str(root), str(course_id)


def create_exchange(root):
    """Create the exchange folder ``root`` as nbgrader needs it: existing and writable
    by every user (nbgrader's docs: ``chmod ugo+rw``), here mode 1777 like /tmp so that
    no user can delete what another created. Returns the mode set."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO | stat.S_ISVTX
    os.chmod(root, mode)
    return mode


def student_config_line(root):
    """The line a student adds to ``~/.jupyter/nbgrader_config.py``."""
    return f"c.Exchange.root = {str(root)!r}"


def apply_due_dates(course_dir, assignments=None, log=None):
    """Write the due dates of the course config to the gradebook (for ``assignments``,
    default: every assignment generated); returns ``{assignment: naive UTC due date or None}``."""
    from grading.assignments import ASSIGNMENTS
    from grading.nbgrader_plugins import CourseSchedule, apply_due_date

    from nbgrader.api import Gradebook

    course_dir = Path(course_dir).resolve()
    schedule = CourseSchedule(config=load_course_config(course_dir))
    db = f"sqlite:///{course_dir / 'gradebook.db'}"
    if assignments is None:   # the generated ones
        with Gradebook(db) as gb:
            assignments = [a.name for a in gb.assignments] or list(ASSIGNMENTS)
    return {a: apply_due_date(db, a, schedule, log) for a in assignments}


def cmd_exchange(args):
    course = Path(args.course).resolve()
    try:
        root, course_id = exchange_settings(course)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        mode = create_exchange(root)
    except PermissionError:
        print(f"error: cannot create {root}. Create it once as root:\n"
              f"    sudo mkdir -p {root} && sudo chmod 1777 {root}\n"
              f"or choose a folder you can create: c.Exchange.root in {course / CONFIG_NAME}",
              file=sys.stderr)
        return 1
    print(f"exchange ready: {root} (mode {stat.filemode(mode | stat.S_IFDIR)}), course id {course_id!r}")
    print("Each student adds this line to ~/.jupyter/nbgrader_config.py (create the file "
          "if needed, with `c = get_config()` as its first line):\n")
    print(f"    {student_config_line(root)}\n")
    print(f"and fetches with `nbgrader fetch_assignment ASSIGNMENT --course {course_id}`.")
    stale = releases_naming_another_exchange(course, root)
    if stale:
        names = " ".join(stale)
        print(f"\nWARNING: the released STUDENT_SETUP.md of {', '.join(stale)} names another exchange (the one "
              f"configured when it was released). Release again so students get this line:\n"
              f"    python -m grading release {' '.join('-a ' + a for a in stale)}\n"
              f"    cd {course} && nbgrader release_assignment ASSIGNMENT --force    # for each of: {names}, if "
              "already released to the exchange")
    return 0


def releases_naming_another_exchange(course_dir, root):
    """Assignments whose released STUDENT_SETUP.md gives students an exchange line other than ``root``'s."""
    line = student_config_line(root)
    stale = []
    for setup in sorted(Path(course_dir, "release").glob("*/STUDENT_SETUP.md")):
        text = setup.read_text(encoding="utf-8")
        if "c.Exchange.root" in text and line not in text:
            stale.append(setup.parent.name)
    return stale


def cmd_due_dates(args):
    course = Path(args.course).resolve()
    try:
        dates = apply_due_dates(course)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, due in dates.items():
        print(f"{name}: {'due ' + str(due) + ' UTC' if due else 'no due date'}")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m grading", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name, help_text in (("exchange", "create the course's exchange folder"),
                            ("due-dates", "write the course's due dates to the gradebook")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--course", default=str(default_course_dir()),
                       help="nbgrader course directory (default: build/course)")
    args = ap.parse_args(argv)
    return cmd_exchange(args) if args.cmd == "exchange" else cmd_due_dates(args)


if __name__ == "__main__":
    sys.exit(main())
