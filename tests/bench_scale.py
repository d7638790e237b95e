"""Grading at scale, measured side by side in one run (``make bench``; ``python -m tests.bench_scale``).

1. ``grade-all`` on a synthetic class of :data:`CLASS_SIZE` ``linear_classifiers`` submissions
   (``tests/synthetic_class.py``: the reference, the stubs and every sample of the student-code
   corpus, right and wrong, in turn): 1 worker, 2 workers as threads (the old pool), 2 workers as
   forked processes (what ``--workers 2`` runs), and a Dask scheduler with 2 local workers
   (separate processes, one thread each).
2. ``autograde`` of :data:`AUTOGRADE_SIZE` ``computational_graphs`` submissions (it executes
   every notebook, so a smaller class): nbgrader's sequential ``nbgrader autograde``, the kit's
   ``python -m grading autograde --workers 1`` and ``--workers 2``, all on this machine's cores.

For each: seconds per submission (wall time / submissions), the ratios, and whether every grade
is identical across the modes (every result file, or every grade cell of the gradebook).
Set ``BENCH_SCALE_CLASS`` / ``BENCH_SCALE_AUTOGRADE`` to change the sizes.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLASS_SIZE = int(os.environ.get("BENCH_SCALE_CLASS", "104"))
AUTOGRADE_SIZE = int(os.environ.get("BENCH_SCALE_AUTOGRADE", "6"))
VOLATILE = ("seconds", "graded_on")


def _results(out):
    return {p.stem: {k: v for k, v in json.loads(p.read_text()).items() if k not in VOLATILE}
            for p in sorted((Path(out) / "results").glob("*.json"))}


def _where(a, b, path=""):
    """The first place two results differ, with both values (short), for the bench's report."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k) != b.get(k):
                return _where(a.get(k), b.get(k), f"{path}/{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _where(x, y, f"{path}/{i}")
    return f"{path or '/'}: {json.dumps(a)[:150]} vs {json.dumps(b)[:150]}"


class Measured:
    """Wall time, CPU time of this process and everything it waited for, and how idle the whole
    machine was meanwhile (other work on a shared machine takes the cores a parallel run needs)."""

    def __enter__(self):
        self.t0, self.cpu0, self.stat0 = time.perf_counter(), _cpu(), _machine()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        self.cpu = _cpu() - self.cpu0
        busy, total = (b - a for a, b in zip(self.stat0, _machine()))
        self.idle = 1 - busy / total if total else 0.0


def _cpu():
    import resource

    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def _machine():
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def _row(name, m, n, base=None):
    ratio = f"speed-up {base.seconds / m.seconds:5.2f}x" if base else "baseline      "
    print(f"  {name:<46} {m.seconds:7.1f} s  {m.seconds / n:6.2f} s/submission  {ratio}  "
          f"(CPU {m.cpu / n:5.2f} s/submission; machine {100 * m.idle:3.0f}% idle)", flush=True)


def bench_grade_all(tmp):
    from grading import batch
    from tests.dask_cluster import local_cluster
    from tests.synthetic_class import make_class

    made = make_class(tmp / "class", CLASS_SIZE)
    labels = {}
    for label in made.values():
        labels[label] = labels.get(label, 0) + 1
    print(f"grade-all: {len(made)} linear_classifiers submissions ({labels.get('reference', 0)} reference, "
          f"{labels.get('stubs', 0)} stubs, {len(made) - labels.get('reference', 0) - labels.get('stubs', 0)} "
          "corpus samples, right and wrong)", flush=True)
    quiet = lambda *a: None  # noqa: E731
    times = {}
    modes = (("1 worker", "1", {"workers": 1}), ("2 workers, threads", "threads", {"workers": 2, "processes": False}),
             ("2 workers, processes (--workers 2)", "processes", {"workers": 2}))
    for name, folder, kw in modes:
        with Measured() as times[name]:
            batch.grade_all(tmp / "class", out=tmp / folder, log=quiet, **kw)
        _row(f"grade-all, {name}", times[name], len(made), times["1 worker"] if name != "1 worker" else None)
    with local_cluster(tmp / "dask", workers=2) as address:
        with Measured() as times["Dask, 2 local workers"]:
            batch.grade_all(tmp / "class", out=tmp / "dask-out", log=quiet, scheduler=address)
    _row("grade-all, Dask, 2 local workers", times["Dask, 2 local workers"], len(made), times["1 worker"])
    print("  (the CPU of worker processes is counted once they end: the pool's, not Dask's)")
    threads, processes = times["2 workers, threads"].seconds, times["2 workers, processes (--workers 2)"].seconds
    print(f"  2 worker processes vs 2 threads: {threads / processes:.2f}x the threads' speed; "
          f"Dask vs processes: {processes / times['Dask, 2 local workers'].seconds:.2f}x")
    runs = [_results(tmp / f) for f in ("1", "threads", "processes", "dask-out")]
    one = runs[0]
    same = len(one) == len(made) and all(r == one for r in runs)
    print(f"  grades identical across the four runs (every result file, {len(one)} submissions): {same}")
    for mode, run in zip(("threads", "processes", "dask"), runs[1:]):
        for sid in sorted(set(one) | set(run)):
            if one.get(sid) != run.get(sid):
                print(f"    differs, 1 worker vs {mode}: {sid}: {_where(one.get(sid), run.get(sid))}")
    totals = sorted(r["total"] for r in one.values())
    print(f"  totals: min {totals[0]:g}, median {totals[len(totals) // 2]:g}, max {totals[-1]:g} of "
          f"{next(iter(one.values()))['max_total']:g}")
    return same


def bench_autograde(tmp):
    from grading import workflow
    from grading.release import write_course_config
    from tests.synthetic_class import make_course_class
    from tests.test_autograde import grade_cells

    assignment = "computational_graphs"
    base = tmp / "course"
    workflow.release_assignment(assignment, base)
    made = make_course_class(base, assignment, AUTOGRADE_SIZE)
    print(f"\nautograde: {len(made)} {assignment} submissions ({', '.join(made.values())}); the notebook runs in "
          f"quick mode under autograde; {os.cpu_count()} cores", flush=True)
    courses = {}
    for name in ("sequential", "kit1", "kit2"):
        courses[name] = tmp / name
        shutil.copytree(base, courses[name], symlinks=True)
        (courses[name] / "nbgrader_config.py").unlink()   # the copy's configuration points at the copy
        write_course_config(courses[name])
    with Measured() as first:
        workflow.autograde(courses["sequential"], assignment)
    _row("nbgrader autograde (sequential)", first, len(made))
    for name, workers in (("kit1", 1), ("kit2", 2)):
        with Measured() as m:
            cp = subprocess.run([sys.executable, "-m", "grading", "autograde", assignment, "--course",
                                 str(courses[name]), "--workers", str(workers)], capture_output=True, text=True)
        _row(f"python -m grading autograde --workers {workers}", m, len(made), first)
        if cp.returncode != 0:
            print(cp.stdout[-3000:], cp.stderr[-2000:])
    cells = {name: grade_cells(course, assignment) for name, course in courses.items()}
    same = len(cells["sequential"]) > 0 and cells["sequential"] == cells["kit1"] == cells["kit2"]
    print(f"  grades identical across the three runs (every grade cell, {len(cells['sequential'])} cells): {same}")
    return same


def run():
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as d:
        tmp = Path(d)
        ok = bench_grade_all(tmp)
        ok = bench_autograde(tmp) and ok
    if not ok:
        print("GRADES DIFFER between modes: see above")
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
