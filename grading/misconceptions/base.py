"""The record of one misconception, and how to run a wrong version (or any replacement) of a
graded function through its grading driver.

Everything here runs in the trusted parent (or in tests), on the *reference* package:
:func:`installed` puts a replacement in place of the graded function for the duration of a
``with`` block (module attribute, method, or static method of a gate), and :func:`run` calls
the manifest entry's driver (``grading.child.run_case``) on one case's inputs, exactly as the
child calls the student's function. The other functions of the module stay the reference's,
so a layer's backward receives the reference forward's cache.
"""
import functools
import importlib
import threading
import inspect
import warnings
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import numpy as np

from grading.dotted import DottedPath

# Seed of numpy's legacy global generator before every run. A student who samples with
# np.random (instead of the seeded rng) gets reproducible outputs only if the child seeds it
# the same way before each case; the parent then reproduces them with the wrong version.
from grading.dispatch import LEGACY_SEED as GLOBAL_RNG_SEED  # noqa: E402  (one number, the child's too)


@dataclass(frozen=True)
class Misconception:
    path: str          # manifest dotted path of the graded function
    flag: str          # identifier of the mistake, e.g. "correct_class_counted"
    name: str          # short name shown to the student, e.g. "the correct class is counted in the margin sum"
    explanation: str   # what a TA would say: the mistake and the fix, one or two sentences, precise
    contradicts: str   # where the rule is written: the docstring line (quoted) or notebook section it contradicts
    convention: str = ""   # non-empty when this is another year's CS231n convention, e.g. "CS231n 2016";
                           # then the explanation is worded as a convention
    outputs: tuple = ()    # output names it changes (driver output names, e.g. ("loss",), ("dW",)); () = any.
                           # A name without a dot also stands for its sub-outputs ("grads" = grads.W1, ...)


def mistakes_of(path: str, *items: tuple) -> list:
    """Build the Misconception list of one graded function from tuples
    ``(flag, name, explanation, contradicts, convention, outputs)``."""
    return [Misconception(path, *item) for item in items]


def with_mistakes(fn, mistakes):
    """``fn`` (a wrong version) with its ``mistakes`` keyword fixed: same positional signature
    as the graded function, so it can be installed in its place."""
    mistakes = frozenset(mistakes)

    @functools.wraps(fn)
    def wrong(*args, **kwargs):
        return fn(*args, mistakes=mistakes, **kwargs)

    wrong.__wrapped__ = fn
    return wrong


def owner_of(path: str, import_module=importlib.import_module) -> tuple:
    """``(owner, attribute name)`` of a dotted path: the module or class that holds it."""
    dotted = DottedPath(path)
    *owners, name = dotted.attribute_chain
    owner = import_module("cs231n_lib." + dotted.module)
    for part in owners:
        owner = getattr(owner, part)
    return owner, name


# The reference package is shared by the grader's threads: wrong versions are installed in it
# (:func:`installed`) and numpy's global generator is seeded (:func:`run`). Everything that runs
# reference code in the grader's process holds this lock (re-entrant: matching may nest).
REFERENCE_LOCK = threading.RLock()


@contextmanager
def installed(path: str, fn, import_module=importlib.import_module):
    """Within the block, ``fn`` stands in for the graded function ``path`` of the reference
    package: a module function, a method (``fn`` takes ``self`` first) or a gate's static
    ``backward`` (``fn`` takes ``ctx`` first)."""
    owner, attr = owner_of(path, import_module)
    had = attr in vars(owner)
    old = vars(owner).get(attr)
    static = isinstance(inspect.getattr_static(owner, attr), staticmethod)
    setattr(owner, attr, staticmethod(fn) if static else fn)
    try:
        yield
    finally:
        if had:
            setattr(owner, attr, old)
        else:
            delattr(owner, attr)


@dataclass(frozen=True)
class Raised:
    """The outcome of a run that raised: the exception's type name and message."""
    error_type: str
    message: str = ""


def run(entry, inputs, fn=None, import_module=importlib.import_module):
    """Outputs (``{name: value}``) of manifest ``entry``'s driver on ``inputs`` with ``fn``
    installed in place of the graded function (``None``: the reference itself), or a
    :class:`Raised` when the call raised. Warnings are silenced and numpy's global
    generator is seeded with :data:`GLOBAL_RNG_SEED` first."""
    from grading import child as runner

    swap = installed(entry.path, fn, import_module) if fn is not None else nullcontext()
    with swap, np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        np.random.seed(GLOBAL_RNG_SEED)
        try:
            return runner.run_case(entry.path, entry.driver, entry.spec, inputs, import_module)
        except Exception as exc:  # a wrong version (or a student) may raise: that is an outcome too
            return Raised(type(exc).__name__, str(exc)[:300])


def run_variant(entry, inputs, wrong_version, mistakes, import_module=importlib.import_module):
    """:func:`run` with the wrong version and a set of mistake flags. Where the docstring leaves
    the order among ties free (``ANY_ORDER`` of the catalogue: kNN's equally far neighbours), the
    variant is run in each of those orders too, and an output that differs between them is a
    :class:`grading.acceptors.OneOf` of every value they give (:func:`same_value` accepts any)."""
    from . import ANY_ORDER

    outcome = run(entry, inputs, with_mistakes(wrong_version, mistakes), import_module)
    orders = ANY_ORDER.get(entry.path, ())
    if not orders or isinstance(outcome, Raised):
        return outcome
    others = [run(entry, inputs, with_mistakes(wrong_version, set(mistakes) | {o}), import_module) for o in orders]
    return _one_of(outcome, others)


def _one_of(outcome, others):
    """``outcome`` with every integer array output that some of ``others`` give otherwise as a
    OneOf of all their values (entry by entry)."""
    from .. import acceptors

    out = dict(outcome)
    for name, value in outcome.items():
        values = [o[name] for o in others if not isinstance(o, Raised) and name in o]
        if not isinstance(value, np.ndarray) or value.dtype.kind not in "iu":
            continue
        values = [np.asarray(v) for v in values if isinstance(v, np.ndarray) and v.shape == value.shape]
        if any(not np.array_equal(v, value) for v in values):
            flat = [v.ravel() for v in [value] + values]
            out[name] = acceptors.OneOf(value, [{int(v[i]) for v in flat} for i in range(value.size)])
    return out


# --------------------------------------------------------------------------- comparisons

def accepted(got, expected, tol: float, atol: float) -> bool:
    """Would the grader accept ``got`` for ``expected``? The one rule,
    :func:`cs231n_lib.comparison.compare`, and the other right answers of an expected
    :class:`grading.acceptors.OneOf` (as the parent's compare); a run that raised is never accepted."""
    if isinstance(got, Raised):
        return False
    from cs231n_lib import comparison   # the reference package's, imported when first needed

    from .. import acceptors

    return comparison.compare(got, expected, tol, atol).ok or acceptors.accepts(got, expected)


def same_value(a, b, tol: float, atol: float) -> bool:
    """Do two outcomes of the same output agree (a student's and a wrong version's)? The
    notebook's rule too, :func:`cs231n_lib.comparison.same_value` (so the grader and a check cell
    name a mistake by the same test): non-finite values are allowed, both must hold some NaN/inf
    or neither, and the entries finite in both must agree (rounding decides *where* a NaN
    appears, e.g. which tiny squared distance went negative, not *whether*). Raising matches
    raising the same error type."""
    if isinstance(a, Raised) or isinstance(b, Raised):
        return isinstance(a, Raised) and isinstance(b, Raised) and a.error_type == b.error_type
    from cs231n_lib import comparison

    from .. import acceptors

    return comparison.same_value(a, b, tol, atol) or acceptors.accepts(a, b)


def same_outcome(a, b, case) -> bool:
    """Do two whole outcomes of a case agree, output by output (see :func:`same_value`)?"""
    if isinstance(a, Raised) or isinstance(b, Raised):
        return same_value(a, b, 0, 0)
    if set(a) != set(b):
        return False
    return all(same_value(a[n], b[n], case.tolerance(n), case.abs_tolerance(n)) for n in a)


def changed_outputs(outcome, reference: dict, case) -> set:
    """Names of the outputs the grader would reject in ``outcome`` (``{"*"}`` if it raised)."""
    if isinstance(outcome, Raised):
        return {"*"}
    names = {n for n in reference if n not in outcome}
    for n, e in reference.items():
        if n in outcome and not accepted(outcome[n], e, case.tolerance(n), case.abs_tolerance(n)):
            names.add(n)
    names |= {n for n in outcome if n not in reference}
    return names


def lazy(module: str):
    """The reference module ``cs231n_lib.<module>`` (imported when first needed, so that
    importing the catalogue never imports a package by accident)."""
    return importlib.import_module("cs231n_lib." + module)
