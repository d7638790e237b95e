"""nbgrader configuration of the CS231n course kit.

Loaded by the ``nbgrader_config.py`` that ``python -m grading release`` writes into the
course directory (default ``build/course/``), so every nbgrader command and the
formgrader run from that folder use it. It can also be passed directly:
``nbgrader autograde linear_classifiers --config grading/nbgrader_config.py``.

Nothing here is typed per assignment: the list of student-edited modules that autograde
must NOT overwrite with the instructor's copy is generated from the grading manifest.
"""
import os
import sys
from pathlib import Path

try:
    _HERE = Path(__file__).resolve().parent  # set by traitlets when loaded as a config file
except NameError:  # pragma: no cover - exec'd without __file__
    _HERE = Path.cwd() / "grading"
_REPO = _HERE.parent
if str(_REPO) not in sys.path:
    sys.path.insert(0, str(_REPO))

from grading.assignments import ASSIGNMENTS  # noqa: E402
from grading.nbgrader_preprocessors import (  # noqa: E402
    IsolatedGrades, HideHiddenTests, autograde_preprocessors, feedback_preprocessors)
from grading.release import student_modules, PACKAGE  # noqa: E402

c = get_config()  # noqa: F821

# --- course directory ------------------------------------------------------------------
c.CourseDirectory.course_id = "cs231n"
c.CourseDirectory.root = os.environ.get("CS231N_COURSE_DIR", str(_REPO / "build" / "course"))
# Files never copied between source/, release/, submitted/, autograded/ and feedback/.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            ".pytest_cache", ".DS_Store", "*.egg-info"]
# The embedded data set is a few MB; keep nbgrader's size limits well above it.
c.CourseDirectory.max_file_size = 100000  # kB
c.CourseDirectory.max_dir_size = 200000  # kB

# --- release ---------------------------------------------------------------------------
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ClearSolutions.enforce_metadata = True
c.ClearHiddenTests.enforce_metadata = True

# --- execution (autograde, validate) ---------------------------------------------------
# Per-cell timeout. Notebooks shrink under NBGRADER_EXECUTION and run in < 2 min in total;
# a generous per-cell limit still stops an infinite loop in a student's function.
c.Execute.timeout = 300
c.Execute.startup_timeout = 120
c.Execute.interrupt_on_timeout = True
c.Execute.execute_retries = 0
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": "this cell ran longer than 300 s and was stopped",
    "traceback": ["CellTimeoutError: this cell ran longer than 300 s and was stopped "
                  "(an infinite loop, or a loop where a vectorized operation was expected?)"],
}

# nbgrader 0.9 gives a test cell 0 points when it writes anything to stderr. The kit's
# own output never goes there (progress bars and the Solver's log are on stdout;
# tests/notebook_runner.py checks that executed notebooks hold no stderr). Harmless
# stderr from elsewhere is removed first: Python warnings and matplotlib's font-cache notice.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = (
    r"(?:^|\n)[^\n]*\b\w*Warning: "
    r"|Matplotlib is building the font cache"
)

# --- autograde -------------------------------------------------------------------------
# nbgrader copies every non-notebook file of source/<assignment>/ over the submission
# before executing it; the student-edited modules must be kept. One list per assignment,
# generated from the grading manifest.
c.Autograde.exclude_overwriting = {
    name: [f"{PACKAGE}/{module}" for module in student_modules(name)]
    for name in ASSIGNMENTS
}
# Anti-tamper: after the notebook ran, the module scores of the autograder-test cells are
# recomputed by the isolated grader from the nbgrader process (outside the student kernel)
# and written to the gradebook; see grading/nbgrader_preprocessors.py.
c.Autograde.autograde_preprocessors = autograde_preprocessors()
c.Autograde.create_student = True

# --- feedback --------------------------------------------------------------------------
# nbgrader's feedback shows the autograded notebook as is: hidden tests included. The
# kit removes hidden test regions from sources and scrubs them from every output,
# tracebacks included.
c.GenerateFeedback.preprocessors = feedback_preprocessors()

# --- export ----------------------------------------------------------------------------
c.ExportApp.plugin_class = "nbgrader.plugins.export.CsvExportPlugin"

# --- offline collection: `nbgrader zip_collect ASSIGNMENT` -------------------------------
# Put one zip per student, named <student_id>.zip (the zipped assignment folder, or its
# contents), in downloaded/<assignment>/archive/. The notebooks and the student's
# cs231n_lib modules are collected into submitted/<student_id>/<assignment>/.
c.FileNameCollectorPlugin.valid_ext = [".ipynb", ".py"]
c.FileNameCollectorPlugin.named_regexp = (
    r".*[/\\]extracted[/\\](?P<student_id>[^/\\]+)[/\\]"
    r"(?:[^/\\.][^/\\]*[/\\])*?"
    r"(?P<file_id>(?:" + PACKAGE + r"[/\\][^.].*\.py|[^/\\]+\.ipynb))$"
)

# --- exchange: collect never follows a student's symbolic links (grading/exchange.py) ----
c.ExchangeFactory.collect = "grading.exchange.SafeCollect"
