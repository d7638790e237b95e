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
from grading.release import NOTEBOOK_CODE_STUB, PACKAGE, student_modules  # noqa: E402
from grading.nbgrader_plugins import TIMESTAMP_IN_NAME, RestoreHiddenTestsQuietly  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    CheckCellMetadata, ClearOutput, DeduplicateIds, OverwriteKernelspec)

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
c.ClearSolutions.code_stub = {"python": NOTEBOOK_CODE_STUB}
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
# The release removed the hidden tests from the locked test cells; autograde restores
# every locked cell from the gradebook. nbgrader warns "Attribute 'checksum' for cell ...
# has changed" for each of those expected restorations (one per hidden-test cell and
# submission); this OverwriteCells stays silent for them and still warns for real edits.
c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec,
                                      RestoreHiddenTestsQuietly, CheckCellMetadata]
c.Autograde.create_student = True

# --- feedback --------------------------------------------------------------------------
# nbgrader's feedback shows the autograded notebook as is: hidden tests included. The
# kit removes hidden test regions from sources and scrubs them from every output,
# tracebacks included.
c.GenerateFeedback.preprocessors = feedback_preprocessors()

# --- export ----------------------------------------------------------------------------
# One row per student and *released* assignment (someone submitted it, or it is in the
# exchange's outbound folder), with names, auto/manual parts of the score and the manual
# points still to grade; see grading/nbgrader_plugins.py.
c.ExportApp.plugin_class = "grading.nbgrader_plugins.ReleasedAssignmentsCsvExport"

# --- offline collection: `nbgrader zip_collect ASSIGNMENT` -------------------------------
# Put one zip per student, named <student_id>.zip (the zipped assignment folder, or its
# contents), in downloaded/<assignment>/archive/. The notebooks and the student's
# cs231n_lib modules are collected into submitted/<student_id>/<assignment>/.
# The zip may carry the submission time: <student_id>_2026-10-09T23-59-00.zip (read in
# CourseSchedule.timezone unless it ends in Z or +02:00); otherwise the newest file time
# inside the zip is taken (TimestampedZipCollector), so late penalties apply.
c.ZipCollectApp.collector_plugin = "grading.nbgrader_plugins.TimestampedZipCollector"
c.FileNameCollectorPlugin.valid_ext = [".ipynb", ".py"]
c.FileNameCollectorPlugin.named_regexp = (
    r".*[/\\]extracted[/\\](?P<student_id>[^/\\]+?)"
    r"(?:_(?P<timestamp>" + TIMESTAMP_IN_NAME + r"))?[/\\]"
    r"(?:[^/\\.][^/\\]*[/\\])*?"
    r"(?P<file_id>(?:" + PACKAGE + r"[/\\][^.].*\.py|[^/\\]+\.ipynb))$"
)

# --- due dates and late submissions --------------------------------------------------
# Due dates: c.CourseSchedule.due_dates = {"linear_classifiers": "2026-10-09 23:59"} in the
# course's nbgrader_config.py (or a "due" entry in grading/assignments.py). Default policy:
# 10 % of each notebook's score per started day late, no grace period.
c.AssignLatePenalties.plugin_class = "grading.nbgrader_plugins.LatePenaltyPerDay"
c.LatePenaltyPerDay.fraction_per_day = 0.1
c.LatePenaltyPerDay.grace_minutes = 0.0

# --- feedback through the exchange ------------------------------------------------------
# Students collected with zip_collect never used the exchange: release_feedback names
# them (send their feedback/<student>/<assignment>/*.html yourself) and releases the rest.
c.ExchangeFactory.release_feedback = "grading.nbgrader_plugins.ReleaseFeedbackExchangeOnly"

# --- exchange: collect never follows a student's symbolic links (grading/exchange.py) ----
c.ExchangeFactory.collect = "grading.exchange.SafeCollect"
