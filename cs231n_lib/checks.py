"""Check helpers for the notebooks' public checks.

Each check compares type, dtype, shape and values, in that order, prints what was
computed, what was expected and a one-line verdict, and returns True or False.
Given code: nothing here is a student task.
"""
import numpy as np

from .gradient_check import rel_error
from .notebook_utils import record_result

_counts = {"passed": 0, "failed": 0}


def _verdict(name, ok, detail):
    _counts["passed" if ok else "failed"] += 1
    record_result("checks_passed", _counts["passed"])
    record_result("checks_failed", _counts["failed"])
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")
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
    """Print and return whether ``got`` matches ``expected`` (see :func:`compare`)."""
    ok, message = compare(got, expected, tol)
    return _verdict(name, ok, message)


def check_true(name, condition, detail=""):
    """Print and return a verdict for a yes/no check, with ``detail`` saying what was measured."""
    return _verdict(name, bool(condition), detail)


def check_relative_errors(name, errors, tol=1e-7):
    """Verdict on a list of relative errors (e.g. from ``grad_check_sparse``): all below ``tol``."""
    worst = float(np.max(errors)) if len(errors) else 0.0
    return _verdict(name, worst < tol, f"largest relative error {worst:.2e} over {len(errors)} probes (tolerance {tol:.0e})")
