"""Check helpers for the notebooks' public checks.

Each check compares type, dtype, shape and values, in that order, prints what was
computed, what was expected and a one-line verdict, and returns a :class:`Verdict`: true
when the check passed, so ``ok &= check_close(...)`` and ``assert ok`` work as with a bool.
Given code: nothing here is a student task.
"""
import numpy as np

from .gradient_check import rel_error
from .notebook_utils import record_result

_counts = {"passed": 0, "failed": 0}


class Verdict(int):
    """The result of a check: 1 (true) when it passed, 0 (false) when it failed.

    It behaves like a bool (``if``, ``assert``, ``&``, ``|``, ``==``), but as the last line
    of a notebook cell it shows nothing: the check has already printed its verdict line,
    and an ``Out[]: True`` under it would only add noise.
    """

    def __new__(cls, passed):
        return super().__new__(cls, bool(passed))

    def __and__(self, other):
        return Verdict(bool(self) and bool(other))

    __rand__ = __and__

    def __or__(self, other):
        return Verdict(bool(self) or bool(other))

    __ror__ = __or__

    def __repr__(self):
        return "PASS" if self else "FAIL"

    def _ipython_display_(self):
        # IPython calls this instead of showing the value: display nothing.
        pass


def _verdict(name, ok, detail):
    ok = Verdict(ok)
    _counts["passed" if ok else "failed"] += 1
    record_result("checks_passed", _counts["passed"])
    record_result("checks_failed", _counts["failed"])
    print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else ""))
    return ok


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"array {value.shape} {value.dtype}"
    return type(value).__name__


def compare(got, expected, tol=1e-7):
    """Return ``(ok, message)`` comparing ``got`` with ``expected``.

    Checks, in order: type (array versus scalar), dtype kind, shape, then values by
    ``rel_error`` below ``tol``. Integer or boolean arrays must match exactly.
    """
    if got is None:
        return False, "got None: did the function return its result?"
    exp_is_array = isinstance(expected, np.ndarray)
    got_is_array = isinstance(got, np.ndarray)
    if exp_is_array != got_is_array:
        return False, f"type: got {_describe(got)}, expected {_describe(expected)}"
    if not exp_is_array:
        try:
            got_f = float(got)
        except (TypeError, ValueError):
            return False, f"type: got {_describe(got)}, expected a number"
        err = rel_error(got_f, float(expected))
        ok = err < tol and np.isfinite(got_f)
        return ok, f"got {got_f:.10g}, expected {float(expected):.10g}, relative error {err:.2e} (tolerance {tol:.0e})"
    if expected.dtype.kind != got.dtype.kind and not (expected.dtype.kind in "fc" and got.dtype.kind in "fc"):
        return False, f"dtype: got {got.dtype}, expected {expected.dtype}"
    if got.shape != expected.shape:
        hint = " (transposed?)" if got.shape == expected.shape[::-1] and got.ndim == 2 else ""
        return False, f"shape: got {got.shape}, expected {expected.shape}{hint}"
    if expected.dtype.kind in "iub":
        wrong = int(np.sum(got != expected))
        return wrong == 0, f"{wrong} of {expected.size} entries differ" if wrong else f"all {expected.size} entries equal"
    if not np.all(np.isfinite(got)):
        return False, f"{int(np.sum(~np.isfinite(got)))} entries are NaN or inf"
    err = rel_error(got, expected)
    return err < tol, f"{_describe(got)}, relative error {err:.2e} (tolerance {tol:.0e})"


def check_close(name, got, expected, tol=1e-7):
    """Print whether ``got`` matches ``expected`` (see :func:`compare`); return the Verdict."""
    ok, message = compare(got, expected, tol)
    return _verdict(name, ok, message)


def check_true(name, condition, detail=""):
    """Print a verdict for a yes/no check, with ``detail`` saying what was measured; return it."""
    return _verdict(name, bool(condition), detail)


def check_relative_errors(name, errors, tol=1e-7):
    """Verdict on a list of relative errors (e.g. from ``grad_check_sparse``): all below ``tol``."""
    worst = float(np.max(errors)) if len(errors) else 0.0
    return _verdict(name, worst < tol, f"largest relative error {worst:.2e} over {len(errors)} probes (tolerance {tol:.0e})")
