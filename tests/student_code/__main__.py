"""``python -m tests.student_code``: run every corpus sample on the hidden cases and print, per
sample, whether it is caught (cases the grader would fail) and which misconceptions (single
flags and compatible pairs of grading/misconceptions) reproduce it on every case; then the
totals: bugs caught, causes named, false fails, conventions named as conventions."""
import sys
from collections import Counter
from functools import lru_cache

from grading import manifest as M
from grading import misconceptions as MC

from . import load_all

ENTRIES = M.by_path()


@lru_cache(maxsize=None)
def _cases(path):
    return tuple(ENTRIES[path].cases())


@lru_cache(maxsize=None)
def _reference(path):
    return tuple(MC.run(ENTRIES[path], c.inputs) for c in _cases(path))


@lru_cache(maxsize=None)
def _variant(path, flags):
    return tuple(MC.run_variant(ENTRIES[path], c.inputs, MC.wrong_versions[path], flags) for c in _cases(path))


def candidates(path):
    """Single flags, then the compatible pairs, as frozensets."""
    return [frozenset({m.flag}) for m in MC.CATALOGUE[path]] + [frozenset(p) for p in MC.compatible_pairs(path)]


def examine(sample):
    """``(failed cases, number of cases, matching flag sets)`` for one sample."""
    path = sample.path
    got = [MC.run(ENTRIES[path], c.inputs, sample.function) for c in _cases(path)]
    failed = sum(bool(MC.changed_outputs(g, r, c)) for g, r, c in zip(got, _reference(path), _cases(path)))
    matches = [f for f in candidates(path)
               if all(MC.same_outcome(g, v, c) for g, v, c in zip(got, _variant(path, f), _cases(path)))]
    return failed, len(got), matches


def main():
    samples = load_all()
    rows, totals = [], Counter()
    for s in samples:
        failed, n, matches = examine(s)
        expect = frozenset(s.flags)
        if s.correct:
            verdict = "ok" if failed == 0 else "FALSE FAIL"
            totals["correct"] += 1
            totals["false fails"] += failed > 0
        else:
            totals["wrong"] += 1
            totals["caught"] += failed > 0
            named = expect in matches
            totals["named"] += named
            totals["named alone"] += named and len(matches) == 1
            conventions = [MC.by_flag(s.path)[f] for f in s.flags if MC.by_flag(s.path)[f].convention]
            if conventions:
                totals["with a convention"] += 1
                totals["convention named"] += named
            others = f" (+{len(matches) - 1} other)" if named and len(matches) > 1 else ""
            verdict = ("named" if named else "NOT NAMED") + others
        shown = ", ".join("+".join(sorted(f)) for f in matches) or "-"
        rows.append((s.id, "correct" if s.correct else "+".join(s.flags), f"{failed}/{n}", verdict, shown))
    widths = [max(len(r[i]) for r in rows + [("sample", "expect", "failed", "verdict", "")]) for i in range(4)]
    print(f"{'sample':<{widths[0]}}  {'expect':<{widths[1]}}  {'failed':>{widths[2]}}  {'verdict':<{widths[3]}}  "
          "reproduced by")
    for r in rows:
        print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]:<{widths[3]}}  {r[4]}")
    print()
    print(f"{len(samples)} samples: {totals['correct']} correct, {totals['wrong']} wrong "
          f"({totals['with a convention']} with another year's convention)")
    print(f"bugs caught: {totals['caught']} / {totals['wrong']}; causes named: {totals['named']} / {totals['wrong']} "
          f"({totals['named alone']} by that variant alone); "
          f"false fails: {totals['false fails']} / {totals['correct']}; "
          f"conventions named: {totals['convention named']} / {totals['with a convention']}")
    return 0 if totals["false fails"] == 0 and totals["caught"] == totals["wrong"] == totals["named"] else 1


if __name__ == "__main__":
    sys.exit(main())
