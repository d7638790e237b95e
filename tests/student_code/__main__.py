"""``python -m tests.student_code``: run every corpus sample on the hidden cases and print, per
sample, whether it is caught (cases the grader would fail) and which misconceptions (single
flags and compatible pairs of grading/misconceptions) reproduce it on every case; then the
totals: bugs caught, causes named exactly (the sample's flags among the claims, and no false
claim), false claims (a claimed mistake the sample does not commit), false fails, conventions
named as conventions, and the samples that change an input in place (``MUTATES``: their outputs
are right, so only the grader's input check catches them; here they are checked directly).

The claims are what the grader would say: the smallest candidates (single flags first, then
compatible pairs) that reproduce the sample on every case."""
import copy
import sys
from collections import Counter
from functools import lru_cache

import numpy as np

from grading import manifest as M
from grading import misconceptions as MC

from . import changed_inputs, load_all

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


def _equal(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape and \
            np.array_equal(a, b, equal_nan=True)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def run_copy(path, case, function=None):
    """``(outcome, names of the inputs changed)``: ``function`` (the reference when None) run
    on a deep copy of the case's inputs, so a sample that writes into its inputs cannot corrupt
    the shared cases."""
    inputs = copy.deepcopy(case.inputs)
    outcome = MC.run(ENTRIES[path], inputs, function)
    return outcome, sorted(n for n in case.inputs if not _equal(case.inputs[n], inputs[n]))


def claims(matches):
    """What the grader names: the single flags that reproduce the sample, else the pairs."""
    for size in (1, 2):
        found = [m for m in matches if len(m) == size]
        if found:
            return found
    return []


def examine(sample):
    """``(failed cases, number of cases, matching flag sets, inputs changed)`` for one sample."""
    path = sample.path
    runs = [run_copy(path, c, sample.function) for c in _cases(path)]
    got = [g for g, _ in runs]
    changed = {n for _, names in runs for n in names}
    if sample.mutates or path.startswith("layers."):   # the driver copies: call the function itself too
        changed |= {n for c in _cases(path) for n in changed_inputs(sample, ENTRIES[path], c)}
    changed = sorted(changed)
    failed = sum(bool(MC.changed_outputs(g, r, c)) for g, r, c in zip(got, _reference(path), _cases(path)))
    matches = [f for f in candidates(path)
               if all(MC.same_outcome(g, v, c) for g, v, c in zip(got, _variant(path, f), _cases(path)))]
    return failed, len(got), matches, changed


def main():
    samples = load_all()
    rows, totals = [], Counter()
    for s in samples:
        failed, n, matches, changed = examine(s)
        expect = frozenset(s.flags)
        said = claims(matches) if failed else []
        false = [c for c in said if not c <= expect]
        if s.correct:
            verdict = "ok" if failed == 0 and not changed else "FALSE FAIL"
            totals["correct"] += 1
            totals["false fails"] += failed > 0 or bool(changed)
        elif s.mutates:
            totals["wrong"] += 1
            totals["in place"] += 1
            right = failed == 0 and changed == sorted(s.mutates)
            totals["in place confirmed"] += right
            verdict = ("changes " + ", ".join(changed)) if right else f"NOT AS MARKED (changes {changed})"
        else:
            totals["wrong"] += 1
            totals["caught"] += failed > 0
            known = expect <= set(MC.by_flag(s.path))
            named = expect in said and not false
            totals["named"] += named
            totals["false claims"] += bool(false)
            conventions = [f for f in s.flags if known and MC.by_flag(s.path)[f].convention]
            if conventions:
                totals["with a convention"] += 1
                totals["convention named"] += named
            others = f" (+{len(said) - 1} other)" if named and len(said) > 1 else ""
            verdict = ("named" if named else "NOT NAMED" if known else "UNKNOWN FLAG") + others
            verdict += " FALSE CLAIM" if false else ""
        shown = ", ".join("+".join(sorted(f)) for f in matches) or "-"
        label = "correct" if s.correct else ("in place: " + ",".join(s.mutates)) if s.mutates else "+".join(s.flags)
        rows.append((s.id, label, f"{failed}/{n}", verdict, shown))
    widths = [max(len(r[i]) for r in rows + [("sample", "expect", "failed", "verdict", "")]) for i in range(4)]
    print(f"{'sample':<{widths[0]}}  {'expect':<{widths[1]}}  {'failed':>{widths[2]}}  {'verdict':<{widths[3]}}  "
          "reproduced by")
    for r in rows:
        print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]:<{widths[3]}}  {r[4]}")
    print()
    outputs_wrong = totals["wrong"] - totals["in place"]
    print(f"{len(samples)} samples: {totals['correct']} correct, {totals['wrong']} wrong "
          f"({totals['with a convention']} with another year's convention, {totals['in place']} that only change "
          "an input in place)")
    print(f"wrong outputs caught: {totals['caught']} / {outputs_wrong}; causes named exactly (no false claim): "
          f"{totals['named']} / {outputs_wrong}; samples with a false claim: {totals['false claims']}; "
          f"false fails: {totals['false fails']} / {totals['correct']}; "
          f"conventions named: {totals['convention named']} / {totals['with a convention']}; "
          f"in-place changes confirmed: {totals['in place confirmed']} / {totals['in place']} "
          "(caught only by the grader's input check)")
    ok = totals["false fails"] == 0 and totals["caught"] == outputs_wrong == totals["named"]
    return 0 if ok and totals["in place confirmed"] == totals["in place"] else 1


if __name__ == "__main__":
    sys.exit(main())
