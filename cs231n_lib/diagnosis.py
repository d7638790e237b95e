"""What a wrong output shows structurally, before any guess about the cause.

One rule for the notebook's check cells and the grader (numpy only; this module never imports
the grader). Each fact is a plain observation about the values, true whenever it is shown:

- not computed: ``None``, all zeros where the expected value is not, or exactly an input
  (e.g. ``config['t']`` still holds the value it had before the call);
- the right values transposed;
- right up to a constant factor (the factor is said);
- right except one row or one column (which one is said).

:func:`output_fact` looks at one output on one case; :func:`consistent_fact` at the same output
over every case where it is wrong (a fact is stated only when every such case shows it);
:func:`across_cases` at which cases pass: right for ``reg = 0`` only, or right on every case
except those with ties or extreme values.

The words are said here once for both sides: :data:`SHOWS` heads the facts, :func:`fact_line`
says one output's fact, and :func:`supported` is THE check of a claimed cause against the
outputs it talks about (a cause that says a right output is wrong is never shown).
"""
from dataclasses import dataclass

import numpy as np

NOT_COMPUTED, TRANSPOSED, FACTOR, ONE_ROW, ONE_COLUMN = "not computed", "transposed", "factor", "row", "column"


# The facts, in the order they are tried (``python -m grading explain`` lists this table).
FACTS = (
    (NOT_COMPUTED, "None, all zeros where the expected value is not, or exactly an input (left as it came in)"),
    (TRANSPOSED, "the right values in the transposed shape"),
    (FACTOR, "the expected values times one constant (the factor is said)"),
    (ONE_COLUMN, "right except one column (which one is said)"),
    (ONE_ROW, "right except one row (which one is said)"),
)
PATTERNS = (
    "right for reg = 0 only (exactly the cases with reg = 0 pass)",
    "right on every case except those with very large scores, ties (margins of exactly 0, duplicate points)",
)


# The heading of the facts, in a check cell and in the grader's feedback.
SHOWS = "what your outputs show:"


@dataclass(frozen=True)
class Fact:
    kind: str    # one of the constants above
    text: str    # the observation, for a learner


def _array(v):
    if v is None or isinstance(v, (bool, np.bool_)):
        return None
    try:
        a = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return a if np.all(np.isfinite(a)) else None


def _close(a, b, rtol=1e-6):
    if a.shape != b.shape:
        return False
    scale = float(np.max(np.abs(b))) if b.size else 0.0
    return bool(np.all(np.abs(a - b) <= rtol * scale + 1e-12))


def _equals_input(g, inputs, name):
    """The input the output is exactly equal to: an array of the same shape, or the input of the
    output's own name (``config.t`` returned as it came in); None when there is none."""
    for key, v in (inputs or {}).items():
        a = _array(v)
        if a is None or a.shape != g.shape or not (a.ndim or key == name):
            continue
        if np.array_equal(a, g):
            return key
    return None


def output_fact(got, expected, inputs=None, name="the output"):
    """The structural :class:`Fact` of a wrong ``got`` for ``expected`` (None when there is none).
    ``inputs``: the values the function received (``{name: value}``), to recognise an input
    returned (or left) unchanged."""
    if got is None:
        return Fact(NOT_COMPUTED, "not computed: it is None (is it assigned and returned?)")
    e, g = _array(expected), _array(got)
    if e is None or g is None:
        return None
    same = _equals_input(g, inputs, name)
    if same is not None and not _close(g, e):
        return Fact(NOT_COMPUTED, f"not computed: exactly the input `{same}`, unchanged")
    if np.any(e != 0) and g.shape == e.shape and not np.any(g):
        return Fact(NOT_COMPUTED, "not computed: all zeros (its initial value: is it ever filled in?)")
    if g.ndim == 2 and g.shape == e.shape[::-1] and g.shape != e.shape and _close(g.T, e):
        return Fact(TRANSPOSED, f"the right values, transposed: shape {g.shape} instead of {e.shape}")
    if g.shape != e.shape:
        return None
    if e.size > 1 and np.any(e != 0):   # a single number is always "a factor" of another
        nz = e != 0
        r = float(np.median(g[nz] / e[nz]))
        if r not in (0.0, 1.0) and np.isfinite(r) and _close(g, r * e):
            return Fact(FACTOR, f"right up to a constant factor: {r:.6g} times the expected value")
    if g.ndim == 2 and min(g.shape) > 1:
        bad = ~np.isclose(g, e, rtol=1e-6, atol=1e-12 * (float(np.max(np.abs(e))) or 1.0))
        rows, cols = np.nonzero(bad)
        if bad.any() and len(set(cols)) == 1:
            return Fact(ONE_COLUMN, f"right except column {int(cols[0])}")
        if bad.any() and len(set(rows)) == 1:
            return Fact(ONE_ROW, f"right except row {int(rows[0])}")
    return None


def consistent_fact(facts):
    """The fact every wrong case of one output shows (``facts``: one :func:`output_fact` per
    wrong case), or None. The same words on every case are said once; the same kind with
    different details (a factor that changes) is said with the first case's details."""
    if not facts or any(f is None for f in facts) or len({f.kind for f in facts}) != 1:
        return None
    if len({f.text for f in facts}) == 1 or len(facts) == 1:
        return facts[0]
    if facts[0].kind == NOT_COMPUTED:
        return Fact(NOT_COMPUTED, "not computed: its value before the call every time (zeros, None, or the "
                                  "input as it came in)")
    return Fact(facts[0].kind, facts[0].text + " (on the first wrong case; the details differ on the others)")


_SPECIAL = (("large_scores", "very large scores"), ("zero_margins", "margins of exactly 0 (ties)"),
            ("duplicates", "duplicate points (ties)"), ("ties", "ties"))


def across_cases(cases):
    """What the pattern of passing cases shows. ``cases``: ``[(meta dict, passed)]``. Says "right
    for reg = 0 only" when exactly the cases with reg = 0 pass, or "right on every case except
    those with ..." when exactly the cases marked with one special property fail."""
    failed = [m for m, ok in cases if not ok]
    passed = [m for m, ok in cases if ok]
    if not failed or not passed:
        return None
    regs = [m.get("reg") for m, _ in cases]
    if all(r is not None for r in regs) and all(m["reg"] for m in failed) and all(not m["reg"] for m in passed):
        return "right for reg = 0 only: every case with reg > 0 is wrong (check the regularization terms)"
    for key, words in _SPECIAL:
        if all(m.get(key) for m in failed) and not any(m.get(key) for m in passed):
            return f"right on every case except those with {words}"
    return None


def fact_line(name, fact) -> str:
    """One output's fact, as the check cells and the grader's feedback both say it."""
    return f"{name}: {fact.text}"


def supported(claimed, wrong: dict) -> bool:
    """THE check of a claimed cause against the outputs it describes. ``claimed``: the outputs
    the cause says are wrong; ``wrong``: ``{output: whether it is wrong}`` for the outputs that
    were compared. The cause may be shown only when every compared output it claims is wrong
    (outputs not compared say nothing)."""
    return all(wrong[n] for n in claimed if n in wrong)
