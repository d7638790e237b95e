"""``score(*dotted_paths)``: the hidden block of an autograder-test cell.

Each notebook check cell for graded package functions ends with::

    ### BEGIN HIDDEN TESTS
    from grading.hidden import score
    score("classifiers.linear_svm.svm_loss_vectorized")
    ### END HIDDEN TESTS

It names the package functions the cell scores; the release removes the block, so students
never see it. Outside autograde the call grades those functions of the folder the notebook
runs in and evaluates to the points earned.

Design (why nothing in the notebook can raise a module score)
--------------------------------------------------------------
1. Under ``nbgrader autograde`` the notebook's kernel runs in the sandbox
   (``grading/kernel_sandbox.py``), where this module is replaced by a stand-in whose
   ``score`` returns None: the cell shows no number of its own. The score that counts is
   written afterwards by the preprocessor ``grading.nbgrader_preprocessors.IsolatedGrades`` in
   the nbgrader process, from the instructor's copy of the cell (an edited or deleted test cell
   changes nothing), by grading the modules the student *submitted* with the kit's grader
   (``grading/parent.py``; the student's code runs in the sandboxed child).
2. Elsewhere (the kit's own notebooks under ``make demo``, or a notebook run by hand) ``score``
   grades the folder in a *fresh* interpreter (``python -I -m grading grade FOLDER --only PATHS
   --json FILE``: no PYTHONPATH, no user site, a clean environment), so patches a notebook
   applied to numpy, ``assert`` or ``cs231n_lib.checks`` in its own kernel do not exist there.
3. Output: ``score`` prints a short verdict on stdout (never stderr: nbgrader gives 0 to a
   cell that wrote to stderr) and returns the rounded float as the cell's last value.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .limits import ISOLATED_GRADE_SECONDS as TIMEOUT  # the sandbox check, the whole grade budget, a last start
from .results import FunctionGrade, SubmissionResult

REPO = Path(__file__).resolve().parents[1]


def grade_isolated(folder, paths: list, timeout: float = TIMEOUT) -> dict:
    """Grade ``paths`` of the work folder ``folder`` in a fresh interpreter; the result dict."""
    with tempfile.TemporaryDirectory(prefix="cs231n_hidden_") as tmp:
        out = os.path.join(tmp, "result.json")
        env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
        env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1")
        cmd = [sys.executable, "-I", "-m", "grading", "grade", str(folder), "--json", out, "--only", *paths]
        # -I drops the current folder from sys.path, so grading comes from the .pth of the
        # environment; PYTHONPATH is ignored by -I, hence cwd=REPO as a fallback for -m.
        proc = subprocess.run(cmd, cwd=str(REPO), env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
        if not os.path.exists(out):
            raise RuntimeError("the isolated grader failed:\n" + "\n".join(proc.stdout.splitlines()[-20:]))
        with open(out) as f:
            return json.load(f)


def score(*dotted_paths: str):
    """Points earned by the named graded functions of the submission in the current folder."""
    if not dotted_paths:
        raise TypeError('score() needs at least one dotted path, e.g. score("layers.affine_forward")')
    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        # IsolatedGrades scores this cell outside the kernel afterwards and appends its verdict;
        # a number here would only be a preview that contradicts it
        return None
    folder = Path.cwd()
    if folder == REPO / "notebooks":  # the kit's own source notebooks: grade the reference itself
        folder = REPO
    try:
        result = grade_isolated(folder, list(dotted_paths))
    except Exception as exc:  # reported on stdout; the cell then scores 0
        print(f"hidden checks could not run: {exc}")
        return 0.0
    functions = SubmissionResult.from_dict(result).functions
    total = 0.0
    for path in dotted_paths:
        r = functions.get(path) or FunctionGrade()
        total += float(r.points)
        print(f"{path}: {r.points:g} / {r.max_points:g} ({r.passed}/{r.cases} cases)")
        if r.feedback:
            print(r.feedback)
    return round(total, 4)
