"""The value comparison, written once: the notebook checks, the grader and its misconception
matcher all decide with :func:`compare` (is this output right?) and :func:`same_value` (is it the
output a known mistake gives?), so a check cell and the grader never disagree on the same outputs.

:func:`compare` checks, in this order: kind (array, number, bool, None, other), dtype (integers
for integers, floats for floats, float64 where float64 is expected: float32 loses the precision
the checks need), shape, finiteness, then values: each entry within relative error ``tol`` or
within ``atol * max(1, max|expected|)``. It returns a :class:`Comparison`: the verdict, the
notebook's message, and the data behind it (the compared arrays and the flat indices of the
entries worth showing), from which the notebook prints its side-by-side lines and the grader
words its own feedback.

Given code: nothing here is a student task. Depends on numpy only.
"""
from dataclasses import dataclass, field

import numpy as np

# --------------------------------------------------------------------------- the tolerance table
# Relative error |g - e| / max(REL_FLOOR, |g| + |e|), and an absolute error scaled by max(1, max|expected|).
REL_FLOOR = 1e-8
CHECK_RTOL = 1e-7      # the notebooks' public checks (cs231n_lib.checks: check_close, check_outputs)
CHECK_ATOL = 1e-10     # the notebooks' public checks, and the grader's hidden cases unless a case says otherwise
GRADER_RTOL = 1e-6     # the grader's hidden cases unless a case says otherwise (grading/cases.py)
GRADER_ATOL = CHECK_ATOL

_INTEGERS = "iub"
_SHOWN_ENTRIES = 5


@dataclass(frozen=True)
class Comparison:
    """The outcome of :func:`compare`.

    - ok: the verdict.
    - message: the verdict in the notebook's words (one line).
    - step: where the comparison decided: "None", "kind", "bool", "other", "dtype", "shape",
      "integers", "finite" or "values".
    - got, expected: the compared arrays (after the dtype step; floats as float64), else None.
    - entries: flat indices of the entries worth showing (the first that differ, the first
      non-finite, or the entries out of tolerance, worst first); empty when there are none.
    - header: what ``entries`` are, for the side-by-side lines.
    - rel: the relative error of every entry (the "values" step), else None.
    """
    ok: bool
    message: str
    step: str
    got: np.ndarray = None
    expected: np.ndarray = None
    entries: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    header: str = ""
    rel: np.ndarray = None

    def detail_lines(self) -> list:
        """The notebook's side-by-side lines for a failure of arrays: got versus expected at
        ``entries`` (none for a number: its message already shows both)."""
        if self.ok or self.got is None or not self.got.ndim or not len(self.entries):
            return []
        return side_by_side(self.got, self.expected, self.entries, self.header)


def plain(value):
    """The plain ndarray of an ndarray subclass (np.matrix, a masked array): its values count."""
    if isinstance(value, np.ndarray) and type(value) is not np.ndarray:
        return np.asarray(value)
    return value


def kind_of(value) -> str:
    """"bool", "number" (a Python or numpy number, a 0-d array), "array", "None", or the type name."""
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, np.ndarray):
        return "number" if value.ndim == 0 else "array"
    if isinstance(value, (int, float, np.number)):
        return "number"
    if value is None:
        return "None"
    return type(value).__name__


def describe(value) -> str:
    """A short description of a value for a message: "array (3, 4) float64", "the number 2.5"."""
    if isinstance(value, np.ndarray) and value.ndim:
        return f"array {value.shape} {value.dtype}"
    if kind_of(value) == "number":
        return f"the number {float(value):.10g}"
    return f"{type(value).__name__} {value!r}"[:80]


def _fmt(x):
    return f"{x:.6g}" if np.isfinite(x) else str(x)


def side_by_side(got, expected, order, header="worst entries") -> list:
    """Lines showing got versus expected at the flat indices ``order`` (worst first)."""
    lines = [f"    {header + ':':<22}{'index':>12}{'got':>15}{'expected':>15}"]
    for flat in order[:_SHOWN_ENTRIES]:
        at = np.unravel_index(int(flat), expected.shape)
        index = "[" + ", ".join(str(int(i)) for i in at) + "]"
        lines.append(f"    {'':<22}{index:>12}{_fmt(float(got[at])):>15}{_fmt(float(expected[at])):>15}")
    return lines


def relative_errors(g: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Entry by entry ``|g - e| / max(REL_FLOOR, |g| + |e|)`` (float64 arrays)."""
    return np.abs(g - e) / np.maximum(REL_FLOOR, np.abs(g) + np.abs(e))


def _within(g, e, tol, atol):
    """Entry by entry: relative error below ``tol``, or absolute error within ``atol * max(1, max|e|)``."""
    rel = relative_errors(g, e)
    scale = float(np.max(np.abs(e))) if e.size else 0.0
    return rel, (rel < tol) | (np.abs(g - e) <= atol * max(scale, 1.0))


def compare(got, expected, tol: float = CHECK_RTOL, atol: float = CHECK_ATOL) -> Comparison:
    """Compare ``got`` with ``expected``: kind, dtype, shape, finiteness, then values (see the
    module's docstring). An ndarray subclass (``np.matrix``) is compared by its values."""
    got, expected = plain(got), plain(expected)
    ke, kg = kind_of(expected), kind_of(got)
    if kg == "None" and ke != "None":
        return Comparison(False, "got None: does the function return its result, or is an answer still None?", "None")
    if ke != kg:
        return Comparison(False, f"type: got {describe(got)}, expected {describe(expected)}", "kind")
    if ke == "bool":
        return Comparison(bool(got) == bool(expected), f"got {bool(got)}, expected {bool(expected)}", "bool")
    if ke not in ("array", "number"):
        try:
            same = bool(got == expected)
        except (ValueError, TypeError):  # e.g. arrays inside a list: compare their text
            same = repr(got) == repr(expected)
        return Comparison(same, f"got {got!r}, expected {expected!r}"[:200], "other")
    g, e = np.asarray(got), np.asarray(expected)
    refused = _dtype_or_shape(g, e) if ke == "array" else None
    if refused:
        return refused
    if e.dtype.kind in _INTEGERS and g.dtype.kind in _INTEGERS:
        return _integers(g, e)
    if g.dtype.kind == "c" and e.dtype.kind != "c":
        return Comparison(False, f"dtype: got complex numbers ({g.dtype}), expected {e.dtype}", "dtype")
    return _floats(got, g.astype(np.float64), e.astype(np.float64), tol, atol)


def _dtype_or_shape(g, e):
    """The Comparison of arrays whose dtype or shape is wrong, else None."""
    if e.dtype.kind in _INTEGERS and g.dtype.kind not in _INTEGERS:
        return Comparison(False, f"dtype: got {g.dtype}, expected integers ({e.dtype})", "dtype")
    if e.dtype.kind == "f" and g.dtype.kind != "f":
        return Comparison(False, f"dtype: got {g.dtype}, expected {e.dtype}", "dtype")
    if e.dtype == np.float64 and g.dtype.kind == "f" and g.dtype.itemsize < 8:
        return Comparison(False, f"dtype: got {g.dtype}, expected float64 (keep float64 throughout)", "dtype")
    if g.shape != e.shape:
        hint = " (transposed?)" if g.ndim == 2 and g.shape == e.shape[::-1] else ""
        return Comparison(False, f"shape: got {g.shape}, expected {e.shape}{hint}", "shape")
    return None


def _integers(g, e):
    """Integers (and booleans) are compared exactly."""
    wrong = np.flatnonzero(g != e)
    if not e.ndim:
        ok = int(g) == int(e)
        return Comparison(ok, f"got {int(g)}, expected {int(e)}", "integers", g, e, wrong, "first that differ")
    if len(wrong) == 0:
        return Comparison(True, f"all {e.size} entries equal", "integers", g, e, wrong)
    return Comparison(False, f"{len(wrong)} of {e.size} entries differ", "integers", g, e, wrong, "first that differ")


def _floats(got, g, e, tol, atol):
    """Finiteness, then values, of float64 arrays (``got``: as returned, for the message)."""
    bad = ~np.isfinite(g)
    if not g.ndim:
        gf, ef = float(g), float(e)
        if bad:
            return Comparison(False, f"got {gf}, expected the finite value {_fmt(ef)}", "finite", g, e,
                              np.flatnonzero(bad), "first of them")
        rel, ok = _within(g, e, tol, atol)
        err = abs(gf - ef) / max(REL_FLOOR, abs(gf) + abs(ef))
        if ok and not err < tol:   # accepted by the absolute tolerance: its relative error did not decide
            message = (f"got {gf:.10g}, expected {ef:.10g}, difference {abs(gf - ef):.1e}, within the absolute "
                       f"tolerance {atol * max(1.0, abs(ef)):.0e} (near 0 a relative error means little)")
        else:
            message = f"got {gf:.10g}, expected {ef:.10g}, relative error {err:.2e} (tolerance {tol:.0e})"
        return Comparison(bool(ok), message, "values", g, e, np.flatnonzero(~ok), "worst entries", rel)
    if np.any(bad):
        where = np.flatnonzero(bad)
        return Comparison(False, f"{len(where)} of {g.size} entries are NaN or inf, expected finite values", "finite",
                          g, e, where, "first of them")
    rel, within = _within(g, e, tol, atol)
    off = ~within
    message = _values_message(got, g, e, rel, within, tol, atol)
    if not np.any(off):
        return Comparison(True, message, "values", g, e, np.flatnonzero(off), "worst entries", rel)
    order = np.flatnonzero(off)[np.argsort(-rel.ravel()[off.ravel()], kind="stable")]
    return Comparison(False, message, "values", g, e, order, "worst entries", rel)


def _values_message(got, g, e, rel, within, tol, atol):
    """The message of a comparison of float arrays, true to the decision: the largest relative
    error is taken over the entries it decided (an entry accepted by the absolute tolerance,
    near 0, can have a relative error of 1: it is counted apart, never printed as the error)."""
    by_abs = within & ~(rel < tol)          # accepted by the absolute tolerance only
    decided = rel[~by_abs]
    off = int((~within).sum())
    parts = [describe(got)]
    if decided.size:
        parts.append(f"largest relative error {float(decided.max()):.2e} (tolerance {tol:.0e})")
    if by_abs.any():
        bound = atol * max(1.0, float(np.max(np.abs(e))))
        count = "every entry is" if by_abs.all() else f"{int(by_abs.sum())} of {g.size} entries near 0 are"
        parts.append(f"{count} within the absolute tolerance {bound:.0e} instead (differences up to "
                     f"{float(np.max(np.abs(g - e)[by_abs])):.1e})")
    message = ", ".join(parts[:2]) + "".join(f"; {p}" for p in parts[2:])
    if off:
        message += f"; {off} of {g.size} entries are off"
    return message


def same_value(a, b, tol: float, atol: float = CHECK_ATOL) -> bool:
    """Do two outcomes of one output agree (the student's and a known mistake's)? The kind and
    shape must match; integers exactly; floats entry by entry within ``tol`` / ``atol`` where
    both are finite, and both hold some NaN/inf or neither (rounding decides *where* a NaN
    appears, not *whether*). The rule for naming a mistake, in a check cell and in the grader."""
    a, b = plain(a), plain(b)
    ka, kb = kind_of(a), kind_of(b)
    if ka != kb:
        return False
    if ka not in ("array", "number"):
        try:
            return bool(a == b)
        except (ValueError, TypeError):  # e.g. arrays inside a list: not one value
            return False
    x, y = np.asarray(a), np.asarray(b)
    if x.shape != y.shape or (x.dtype.kind in _INTEGERS) != (y.dtype.kind in _INTEGERS):
        return False
    if x.dtype.kind in _INTEGERS:
        return bool(np.array_equal(x, y))
    x, y = x.astype(np.float64), y.astype(np.float64)
    fx, fy = np.isfinite(x), np.isfinite(y)
    if fx.all() != fy.all():
        return False
    both = fx & fy
    return bool(np.all(_within(x[both], y[both], tol, atol)[1]))
