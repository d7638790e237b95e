"""``score(*dotted_paths)``: the hidden block of an autograder-test cell.

Each notebook check cell for graded package functions ends with::

    ### BEGIN HIDDEN TESTS
    from grading.hidden import score
    score("classifiers.linear_svm.svm_loss_vectorized")
    ### END HIDDEN TESTS

At ``nbgrader autograde`` time the call grades the named functions of the submission in
the notebook's current folder and evaluates to the points earned (a float between 0 and the
cell's points, which nbgrader reads as partial credit). The student never sees this block:
the release removes it.

Design (why patching inside the notebook cannot raise a module score)
-------------------------------------------------------------------
1. Nothing is graded in the kernel. ``score`` starts a *fresh* interpreter
   (``python -I -m grading grade FOLDER --only PATHS --json FILE``, isolated mode: no
   PYTHONPATH, no user site, no current folder on ``sys.path``; a clean environment; working
   directory the kit's checkout). Patches the student's code applied to numpy, ``assert``,
   ``cs231n_lib.checks`` or ``np.allclose`` live in the kernel process only and do not
   exist there. That grader is the trusted parent of ``grading/grader.py``: it computes the
   reference outputs itself and runs the student's modules from the folder (read from disk)
   in a separate sandboxed child that never sees the expected values.
2. The kernel's number is a preview (and under ``nbgrader autograde`` it is skipped). A notebook cell could still replace ``score`` itself,
   ``subprocess`` or ``float`` in the kernel before the hidden block runs. So the kit's
   nbgrader preprocessor ``grading.nbgrader_preprocessors.IsolatedGrades`` (run by
   ``nbgrader autograde`` after ``SaveAutoGrades``) recomputes every such cell's score in
   the nbgrader process from the *instructor's* copy of the cell (the gradebook's, so an
   edited or deleted test cell changes nothing) with the same isolated grader, and writes
   that to the gradebook. ``python -m grading grade`` gives the same numbers outside nbgrader.
3. Output: ``score`` prints a short verdict on stdout (never stderr: nbgrader gives 0 to a
   cell that wrote to stderr) and returns the rounded float as the cell's last value.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 600


def grade_isolated(folder, paths, timeout=TIMEOUT):
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


def score(*dotted_paths):
    """Points earned by the named graded functions of the submission in the current folder."""
    if not dotted_paths:
        raise TypeError('score() needs at least one dotted path, e.g. score("layers.affine_forward")')
    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        # nbgrader autograde: IsolatedGrades scores this cell outside the kernel afterwards;
        # grading here too would only double the time (and its number is not trusted anyway).
        print("Graded by the kit's isolated grader after this notebook has run.")
        return 0.0
    folder = Path.cwd()
    if folder == REPO / "notebooks":  # the kit's own source notebooks: grade the reference itself
        folder = REPO
    try:
        result = grade_isolated(folder, list(dotted_paths))
    except Exception as exc:  # reported on stdout; the cell then scores 0
        print(f"hidden checks could not run: {exc}")
        return 0.0
    total = 0.0
    for path in dotted_paths:
        r = result["functions"].get(path, {})
        total += float(r.get("points", 0.0))
        verdict = "all hidden cases passed" if not r.get("feedback") else r["feedback"]
        print(f"{path}: {r.get('points', 0):g} / {r.get('max_points', 0):g} ({r.get('passed', 0)}/{r.get('cases', 0)} cases)")
        if r.get("feedback"):
            print(verdict)
    return round(total, 4)
