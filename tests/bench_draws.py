"""What per-submission hidden inputs cost, measured side by side in one run
(``python -m tests.bench_draws``; ``BENCH_DRAWS_ROUNDS`` rounds, default 4).

Each round grades the reference submission of every assignment twice, in turn: once with the
fixed hidden cases (the reference outputs computed once per process and cached, as before
issue 15: ``submission_draw`` forced to None) and once with inputs drawn per submission (a new
draw every time, so the reference outputs are computed again for each). Both are graded in
the sandbox with the default limits. Prints seconds per submission of each and the ratio
(drawn / fixed) per assignment and over all, and the parent's time for one assignment's reference
outputs alone. ``make bench`` runs it through :func:`run` (``make bench BENCH_ONLY=draws``: it alone).
"""
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from grading import manifest as M, parent

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_OF = {"linear_classifiers": "svm.ipynb", "computational_graphs": "computational_graphs.ipynb",
               "neural_networks": "two_layer_net.ipynb"}
ROUNDS = int(os.environ.get("BENCH_DRAWS_ROUNDS", "4"))


def _submission(root, name, assignment):
    folder = Path(root) / name
    shutil.copytree(ROOT / "cs231n_lib", folder / "cs231n_lib", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / NOTEBOOK_OF[assignment]).write_text("{}")
    return folder


def run():
    """Grade, print the side-by-side table and return its headline lines (tests/bench.py's summary)."""
    real_draw = parent.submission_draw
    seconds = {(a, m): 0.0 for a in NOTEBOOK_OF for m in ("fixed", "drawn")}
    graded = dict.fromkeys(seconds, 0)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folders = {a: _submission(tmp, a, a) for a in NOTEBOOK_OF}
            for a, folder in folders.items():       # warm-up: imports, the fixed cases' cache
                parent.submission_draw = lambda *args: None
                parent.grade(folder, assignment=a)
            for r in range(ROUNDS):
                for a, folder in folders.items():
                    order = ("fixed", "drawn") if r % 2 == 0 else ("drawn", "fixed")
                    for mode in order:
                        counter = iter(range(10**9))
                        parent.submission_draw = (lambda *args: None) if mode == "fixed" else \
                            (lambda *args, r=r, c=counter: real_draw(*args) + 1000 * r + next(c))
                        t0 = time.perf_counter()
                        result = parent.grade(folder, assignment=a, student=f"s{r}")
                        seconds[a, mode] += time.perf_counter() - t0
                        graded[a, mode] += 1
                        assert result["total"] == result["max_total"], (mode, a, result["total"])
    finally:
        parent.submission_draw = real_draw
    print(f"grading time per submission (the reference submission, in the sandbox, {ROUNDS} round(s), "
          "the two modes in turn):")
    print(f"{'assignment':24s} {'fixed cases':>12s} {'drawn inputs':>13s} {'drawn / fixed':>14s}")
    rows = [(a, [a]) for a in NOTEBOOK_OF] + [("all assignments", list(NOTEBOOK_OF))]
    headlines = []
    for label, names in rows:
        per = {m: sum(seconds[a, m] for a in names) / sum(graded[a, m] for a in names) for m in ("fixed", "drawn")}
        print(f"{label:24s} {per['fixed']:10.3f} s {per['drawn']:11.3f} s {per['drawn'] / per['fixed']:13.3f}x")
        if label == "all assignments":
            headlines.append(f"grading time per submission, all assignments: fixed {per['fixed']:.3f} s, drawn per "
                             f"submission {per['drawn']:.3f} s, ratio drawn / fixed {per['drawn'] / per['fixed']:.3f} "
                             f"(issue 15 asks <= 1.10; {sum(graded.values())} gradings)")
    for a in NOTEBOOK_OF:
        t0 = time.perf_counter()
        for g in M.for_assignment(a):
            parent.reference_outputs(g, 424242 + ROUNDS)
        print(f"reference outputs of one draw, {a}: {time.perf_counter() - t0:.3f} s in the parent")
    return headlines


def main():
    run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
