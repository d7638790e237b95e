"""The grading time per submission of this checkout versus a baseline commit, measured side by side
in one run (``make bench BENCH_ONLY=versions``; ``python -m tests.bench_versions``).

Issue 16 asks that its grader changes (inputs checked unchanged after every call, a diagnosis per
output, more misconceptions) keep the grading time per submission within 10 %. The baseline is the
commit in ``BENCH_BASELINE``, by default ``c36ea36``: the last commit before issue 16's grader
changes. Its tree is taken with ``git archive`` into a temporary folder (removed at the end, also on
failure). Both trees grade the SAME submissions (made from this checkout: per assignment the
reference solution and the release's stubs) with the SAME Python (``sys.executable``), each with its
own tree as cwd and on ``PYTHONPATH``, through the command a user runs
(``python -m grading grade FOLDER --assignment A --json FILE``), so each time includes starting
Python and the grader's imports. The two versions take turns (baseline, this checkout, then the
other order next round) so load on the machine affects both alike; ``BENCH_VERSIONS_ROUNDS`` rounds
(default 3) after one untimed warm-up grading per tree. Prints per assignment and submission the
median seconds of each version and the ratio this checkout / baseline, and the scores each gave.
Without git history (e.g. a tarball) or without the baseline commit it says so in one line and
returns no headline (not a failure). No timed assertion anywhere.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = os.environ.get("BENCH_BASELINE", "c36ea36")
ROUNDS = int(os.environ.get("BENCH_VERSIONS_ROUNDS", "3"))
NOTEBOOK_OF = {"linear_classifiers": "svm.ipynb", "computational_graphs": "computational_graphs.ipynb",
               "neural_networks": "two_layer_net.ipynb"}
KINDS = ("reference", "stubs")


def _git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)


def baseline_commit(ref=BASELINE):
    """``(short hash, None)`` of ``ref`` in this repository, or ``(None, why)`` when there is no git
    history here or the commit is not in it."""
    if shutil.which("git") is None or _git("rev-parse", "--git-dir").returncode != 0:
        return None, f"no git history at {ROOT} (e.g. a tarball): the baseline {ref} cannot be checked out"
    found = _git("rev-parse", "--short", "--verify", f"{ref}^{{commit}}")
    if found.returncode != 0:
        return None, f"the baseline commit {ref} is not in this repository's history (a shallow clone?)"
    return found.stdout.strip(), None


def _extract(commit, dest):
    """The tree of ``commit`` in ``dest`` (``git archive``, no git metadata)."""
    archive = Path(dest).parent / "baseline.tar"
    with open(archive, "wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit], stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    archive.unlink()


def _submissions(root):
    """``{(assignment, kind): folder}``, made by this checkout as bench_draws and the scale tests do."""
    from tests import student_code

    folders = {}
    for a, notebook in NOTEBOOK_OF.items():
        for kind in KINDS:
            folder = student_code.make_submission(Path(root) / f"{a}-{kind}", a,
                                                  base="reference" if kind == "reference" else "stub")
            (folder / notebook).write_text("{}")
            folders[a, kind] = folder
    return folders


def _check_tree(tree):
    """Fail loudly if ``python -m grading`` in ``tree`` would import another tree's grader."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    where = subprocess.run([sys.executable, "-c", "import grading; print(grading.__file__)"], cwd=tree,
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    if not Path(where).resolve().is_relative_to(Path(tree).resolve()):
        raise RuntimeError(f"in {tree}, `import grading` finds {where}: the versions would not be compared")


def _grade(tree, folder, assignment, out_json):
    """Seconds for one ``python -m grading grade`` of ``folder`` in ``tree``, and ``(total, max_total, sandbox)``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, "-m", "grading", "grade", str(folder), "--assignment", assignment, "--json", str(out_json)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if not Path(out_json).exists():
        raise RuntimeError(f"{' '.join(cmd)} (in {tree}) wrote no JSON; exit {done.returncode}:\n"
                           f"{done.stderr[-2000:]}")
    result = json.loads(Path(out_json).read_text())
    Path(out_json).unlink()
    sandbox = result.get("sandbox")
    mode = sandbox.get("mode") if isinstance(sandbox, dict) else sandbox
    return seconds, (result["total"], result["max_total"], mode if sandbox else "off")


def _measure(trees, folders, tmp):
    """``{(version, assignment, kind): [seconds, ...]}`` and the scores, versions in turn."""
    seconds, scores = {}, {}
    out = Path(tmp) / "result.json"
    for version, tree in trees.items():            # untimed warm-up: bytecode caches, the OS's file cache
        _grade(tree, folders["linear_classifiers", "stubs"], "linear_classifiers", out)
    for r in range(ROUNDS):
        order = list(trees) if r % 2 == 0 else list(reversed(trees))
        for (a, kind), folder in folders.items():
            for version in order:
                s, score = _grade(trees[version], folder, a, out)
                seconds.setdefault((version, a, kind), []).append(s)
                scores[version, a, kind] = score
        print(f"  round {r + 1}/{ROUNDS} done (load average {os.getloadavg()[0]:.2f})", flush=True)
    return seconds, scores


def _report(commit, seconds, scores):
    """Print the table; return the headline line."""
    med = {key: statistics.median(values) for key, values in seconds.items()}
    print(f"grading time per submission, median of {ROUNDS} round(s), `python -m grading grade` run as a user "
          f"runs it (Python start and imports included), baseline {commit} and this checkout in turn:")
    for version in ("baseline", "this"):
        print(f"sandbox of {version}: {sorted({str(s[2]) for (v, *_), s in scores.items() if v == version})}")
    print(f"{'assignment':22s} {'submission':10s} {'baseline':>10s} {'this':>10s} {'this/base':>10s}  scores (base | this)")
    rows = [((a,), (k,)) for a in NOTEBOOK_OF for k in KINDS] + [((a,), KINDS) for a in NOTEBOOK_OF] + \
        [(tuple(NOTEBOOK_OF), KINDS)]
    headline = None
    for names, kinds in rows:
        per = {v: statistics.mean(med[v, a, k] for a in names for k in kinds) for v in ("baseline", "this")}
        label = names[0] if len(names) == 1 else "all assignments"
        what = kinds[0] if len(kinds) == 1 else "both"
        score = ""
        if len(names) == 1 and len(kinds) == 1:
            b, t = scores["baseline", names[0], kinds[0]], scores["this", names[0], kinds[0]]
            score = f"  {b[0]:g}/{b[1]:g} | {t[0]:g}/{t[1]:g}"
        print(f"{label:22s} {what:10s} {per['baseline']:8.2f} s {per['this']:8.2f} s "
              f"{per['this'] / per['baseline']:9.3f}x{score}")
        headline = (f"grading time per submission, all assignments: baseline {commit} {per['baseline']:.2f} s, "
                    f"this checkout {per['this']:.2f} s, ratio this / baseline {per['this'] / per['baseline']:.3f} "
                    f"(issue 16 asks <= 1.10; {sum(len(v) for v in seconds.values())} gradings)")
    return headline


def run():
    """Grade with both trees, print the table and return the headline lines (tests/bench.py's summary)."""
    commit, why = baseline_commit()
    if commit is None:
        print(f"versions: skipped, {why}.")
        return []
    tmp = tempfile.mkdtemp(prefix="bench-versions-")
    try:
        baseline = Path(tmp) / f"baseline-{commit}"
        _extract(commit, baseline)
        trees = {"baseline": baseline, "this": ROOT}
        for tree in trees.values():
            _check_tree(tree)
        folders = _submissions(Path(tmp) / "submissions")
        print(f"load average at the start {os.getloadavg()[0]:.2f} on {os.cpu_count()} core(s)", flush=True)
        seconds, scores = _measure(trees, folders, tmp)
        return [_report(commit, seconds, scores)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
