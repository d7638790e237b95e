"""No notebook point for stubs by an in-kernel trick, under the real ``python -m grading autograde``
(issue 15, item 5). Three students submit the release's stubs with a first code cell that fakes
every later cell: an IPython input transformer turning each cell into ``pass``; patched builtins
(``__import__`` hands out a ``cs231n_lib.checks`` whose checks never fail); a custom exception
handler with a ``sys.settrace`` hook (every exception swallowed, so no cell shows an error). Every
graded cell of theirs must score 0: module-scored cells take the isolated grader's result, and the
cells that check kernel state (CV, searches, numerical gradient) are ungraded checks."""
import json
import subprocess
import sys

import pytest

from grading import workflow
from tests.test_autograde import grade_cells

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required"), pytest.mark.xdist_group("autograde")]

ASSIGNMENT = "linear_classifiers"
TRICKS = {
    "transformer": "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])",
    "builtins": (
        "import builtins, types\n"
        "import cs231n_lib.checks as _real\n"
        "_fake = types.ModuleType('cs231n_lib.checks')\n"
        "_fake.__dict__.update(_real.__dict__)\n"
        "for _n in dir(_real):\n"
        "    if _n.startswith('check'):\n"
        "        setattr(_fake, _n, lambda *a, **k: True)\n"
        "_orig_import = builtins.__import__\n"
        "def _import(name, *args, **kwargs):\n"
        "    mod = _orig_import(name, *args, **kwargs)\n"
        "    return _fake if name == 'cs231n_lib.checks' else mod\n"
        "builtins.__import__ = _import\n"
        "import sys; sys.modules['cs231n_lib.checks'] = _fake\n"
        "builtins.AssertionError = type('AssertionError', (Exception,), {})\n"),
    "settrace": (
        "import sys\n"
        "get_ipython().set_custom_exc((BaseException,), lambda shell, etype, value, tb, tb_offset=None: None)\n"
        "sys.settrace(lambda frame, event, arg: None)\n"),
}


def _with_first_cell(folder, code):
    for nb in folder.glob("*.ipynb"):
        data = json.loads(nb.read_text())
        data["cells"].insert(0, {"cell_type": "code", "execution_count": None, "id": "trick", "metadata": {},
                                 "outputs": [], "source": code})
        nb.write_text(json.dumps(data, indent=1))


def test_in_kernel_tricks_earn_stubs_no_notebook_point(tmp_path):
    course = tmp_path / "course"
    workflow.release_assignment(ASSIGNMENT, course)
    release = course / "release" / ASSIGNMENT
    for name, code in TRICKS.items():
        folder = workflow.stub_submission(tmp_path / "class" / name, release)
        _with_first_cell(folder, code)
        workflow.submit(course, name, ASSIGNMENT, folder)
    cp = subprocess.run([sys.executable, "-m", "grading", "autograde", ASSIGNMENT, "--course", str(course),
                         "--workers", "2"], capture_output=True, text=True, timeout=1800)
    assert cp.returncode == 0, cp.stdout + cp.stderr
    cells = grade_cells(course, ASSIGNMENT)
    assert {s for s, _, _ in cells} == set(TRICKS)
    earned = {k: v[0] for k, v in cells.items() if v[0]}
    assert not earned, f"stubs earned notebook points by an in-kernel trick: {earned}"
