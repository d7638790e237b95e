"""Memory while a notebook executes under ``python -m grading autograde`` is bounded (issue 15).

A submitted notebook whose first cell allocates 20 GB, or grows its memory step by step past the
limit, must fail in the student's own kernel (MemoryError, or the kernel stopped), never take the
instructor's machine down; the notebook is graded as far as it got and the command's log says in
one line which student ran out of memory and which setting raises the limit
(``c.KitSandbox.memory_mb``). The test configures a small limit (1024 MB) so it stays cheap; an
honest notebook still gets its full grade under the default limit.
"""
import json
import subprocess
import sys

import pytest

from grading import workflow
from tests.test_autograde import grade_cells
from tests.test_kernel_tricks import _with_first_cell

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required"), pytest.mark.xdist_group("autograde")]

ASSIGNMENT = "computational_graphs"
LIMIT_MB = 1024
HOGS = {
    "hog": "hog = bytearray(20 * 1024**3)   # 20 GB at once",
    "grower": ("blocks = []\n"
               "while True:                      # 100 MB more at a time, each page touched\n"
               "    blocks.append(bytearray(100 * 1024**2))\n"
               "    blocks[-1][::4096] = b'x' * len(range(0, 100 * 1024**2, 4096))\n"),
}


def _autograde(course, *students):
    args = [sys.executable, "-m", "grading", "autograde", ASSIGNMENT, "--course", str(course), "--workers", "1",
            "--student", *students]
    return subprocess.run(args, capture_output=True, text=True, timeout=1800)


def test_a_notebook_that_allocates_past_the_limit_fails_in_its_own_kernel(tmp_path):
    course = tmp_path / "course"
    workflow.release_assignment(ASSIGNMENT, course)
    release = course / "release" / ASSIGNMENT
    for name, code in HOGS.items():
        folder = workflow.reference_submission(ASSIGNMENT, tmp_path / "class" / name, release)
        _with_first_cell(folder, code)
        workflow.submit(course, name, ASSIGNMENT, folder)
    honest = workflow.reference_submission(ASSIGNMENT, tmp_path / "class" / "honest", release)
    workflow.submit(course, "honest", ASSIGNMENT, honest)
    config = course / "nbgrader_config.py"
    default = config.read_text()

    config.write_text(default + f"\nc.KitSandbox.memory_mb = {LIMIT_MB}\n")
    cp = _autograde(course, *HOGS)
    log = cp.stdout + cp.stderr
    assert cp.returncode == 0, log[-4000:]
    for name in HOGS:
        line = next((x for x in log.splitlines() if name in x and "out of memory" in x), None)
        assert line is not None, f"no line says {name}'s notebook ran out of memory:\n{log[-4000:]}"
        assert f"{LIMIT_MB} MB" in line and "c.KitSandbox.memory_mb" in line, line

    config.write_text(default)                     # the default limit for the honest notebook
    cp = _autograde(course, "honest")
    assert cp.returncode == 0, (cp.stdout + cp.stderr)[-4000:]
    assert "out of memory" not in cp.stdout + cp.stderr

    cells = grade_cells(course)
    full = {g: v[0] for (s, _, g), v in cells.items() if s == "honest"}       # written answers: None (manual)
    auto = [v for (s, _, _), v in cells.items() if s == "honest" and v[0] is not None]
    assert auto and all(v[0] == v[3] for v in auto), full
    hog = {g: v[0] for (s, _, g), v in cells.items() if s == "hog"}
    assert hog == full, (hog, full)     # the 20 GB failed at once: every later cell ran as the honest one's
    grower = {g: v[0] for (s, _, g), v in cells.items() if s == "grower"}
    assert grower.keys() == full.keys(), grower     # graded (as far as its kernel got)


def test_a_kernel_that_dies_ends_the_run_of_the_notebook_not_its_grade(tmp_path):
    """A kernel that dies (the watchdog stopped it, or the code ended it): nbgrader removed the whole
    submission ("Removing failed assignment"); now it is graded, its later cells marked not run, so
    no test cell of the notebook passes by not running."""
    course = tmp_path / "course"
    workflow.release_assignment(ASSIGNMENT, course)
    release = course / "release" / ASSIGNMENT
    folder = workflow.reference_submission(ASSIGNMENT, tmp_path / "class" / "quitter", release)
    _with_first_cell(folder, "import os\nos._exit(1)")
    workflow.submit(course, "quitter", ASSIGNMENT, folder)
    cp = _autograde(course, "quitter")
    log = cp.stdout + cp.stderr
    assert cp.returncode == 0, log[-4000:]
    line = next((x for x in log.splitlines() if "quitter" in x and "kernel died in code cell 1" in x), None)
    assert line is not None and "graded as far as it got" in line, log[-4000:]
    nb = json.loads((course / "autograded" / "quitter" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(any(o.get("ename") == "KernelDied" for o in c["outputs"]) for c in code), \
        "a code cell after the kernel died has no error output"
    kernel_checked = {g: v for (s, _, g), v in grade_cells(course).items() if s == "quitter" and v[0] is not None}
    assert kernel_checked, "quitter was not graded"
