"""Check helpers for the notebooks' public checks.

Each check compares type, dtype, shape and values, in that order, by the same rules as the
grader, and prints what was computed, what was expected and a one-line verdict. A check that
passes returns a :class:`Verdict` (true). A check that fails prints its explanation (for arrays
the worst entries side by side, got versus expected, with their indices) and then raises
:class:`CheckFailed`, so the cell stops there with an error: nbgrader's Validate and the
autograder count it, and a learner cannot miss it.

:func:`check_outputs` checks a graded function of the package on given inputs. When it fails
it also looks the inputs up in the assignment's fingerprint file (``fingerprints.json`` and
``fingerprints.npz`` beside this module in a released assignment): the outputs that common
mistakes give on exactly these inputs, computed when the assignment was built. Every mistake
whose outputs are the student's is named, with what to change.

:func:`note` and :func:`note_target` print a NOTE line and never raise: for measurements that
depend on the data set or the machine (an accuracy target tuned for one data set), not on
whether the code is right.

Given code: nothing here is a student task.
"""
import hashlib
import json
import os
import re
import textwrap
from pathlib import Path

import numpy as np

from . import comparison, diagnosis
from .comparison import plain as _plain
from .comparison import same_value
from .notebook_utils import record_result

_counts = {"passed": 0, "failed": 0}

# Inputs larger than this (bytes of their arrays) get no fingerprints: the file stays small.
FINGERPRINT_INPUT_CAP = 200_000
# Default tolerances of the public checks: relative error, and absolute error times
# max(1, max|expected|) (the tolerance table: cs231n_lib/comparison.py).
DEFAULT_TOL = comparison.CHECK_RTOL
DEFAULT_ATOL = comparison.CHECK_ATOL
# Environment: record the inputs of every check_outputs call into this folder (grader-side build).
RECORD_ENV = "CS231N_RECORD_CHECKS"
# Environment: extra fingerprint files (os.pathsep-separated .json paths), e.g. for the kit's own tests.
FINGERPRINTS_ENV = "CS231N_FINGERPRINTS"
# Printed lines fit a notebook's output area (JupyterLab breaks longer ones anywhere, even
# inside a word): longer lines wrap at spaces, continued with a hanging indent.
WIDTH = 100
HANGING_INDENT = 5      # under the name, after "PASS " / "FAIL "

# What a relative error is, said once (after the first verdict that prints one).
RELATIVE_ERROR = (
    "  (The relative error of two numbers is |got - expected| / (|got| + |expected|): 0 when they "
    "are equal, 1 when they have nothing in common (one is 0, or they have opposite signs). "
    "A tolerance of 1e-7 asks them to agree to about 7 significant digits. As in CS231n: above "
    "1e-2 the code is wrong; 1e-4 to 1e-2 is suspicious; below 1e-7 it is right for smooth "
    "functions (a kink such as max(0, x) can justify 1e-4 near it). Values very close to 0 are "
    "compared by their difference instead, the absolute tolerance.)")
_explained = {"relative error": False}


class CheckFailed(AssertionError):
    """A public check failed. The message is the check's verdict line; what was compared and
    the likely cause are printed above it."""

    def _render_traceback_(self):
        # IPython shows this instead of a traceback through this module: the lines printed
        # above the error already say what was compared and what to change.
        lines = wrap(f"CheckFailed: {self}")
        lines[0] = "\x1b[0;31mCheckFailed\x1b[0m" + lines[0][len("CheckFailed"):]
        return lines


class Verdict(int):
    """The result of a check that passed: 1 (true).

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


def _verdict(name, ok, detail, explanation=(), cause="", shows=""):
    """Count, print the verdict line (and on failure the explanation lines), then return a
    Verdict or raise CheckFailed (its message: the verdict line, and the likely ``cause`` when one
    is known, else what the outputs ``shows``, so that nbgrader's Validate, which shows only the
    error, names the mistake or the fact too)."""
    ok = bool(ok)
    _counts["passed" if ok else "failed"] += 1
    record_result("checks_passed", _counts["passed"])
    record_result("checks_failed", _counts["failed"])
    line = f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else "")
    _print(line)
    for text in explanation:
        _print(text)
    if "relative error" in line and not _explained["relative error"]:
        _explained["relative error"] = True
        _print(RELATIVE_ERROR)
    if not ok:
        raise CheckFailed(line + (f" (likely cause: {cause})" if cause else f" ({shows})" if shows else ""))
    return Verdict(True)


_SHORT_PARENS = re.compile(r"\([^()]{1,24}\)")
_GLUE = "\x00"


def wrap(line: str, width: int = WIDTH) -> list:
    """``line`` as lines of at most ``width`` columns, cut at spaces only (a word longer than
    ``width`` stays whole). Continuation lines are indented by the line's own indent plus
    :data:`HANGING_INDENT` for a verdict, or plus 2 for an indented line; a short line is kept as is."""
    if len(line) <= width:
        return [line]
    indent = line[:len(line) - len(line.lstrip(" "))]
    hanging = " " * HANGING_INDENT if not indent else indent + "  "
    # A short parenthesis, e.g. a shape "(200, 2000)" or "(tolerance 1e-07)", stays on one line.
    glued = _SHORT_PARENS.sub(lambda m: m.group(0).replace(" ", _GLUE), line.lstrip(" "))
    lines = textwrap.wrap(glued, width=width, initial_indent=indent, subsequent_indent=hanging,
                          break_long_words=False, break_on_hyphens=False)
    return [part.replace(_GLUE, " ") for part in lines] or [line]


def _print(line):
    for part in wrap(line):
        print(part)


# --------------------------------------------------------------------------- comparison

def compare(got, expected, tol: float = DEFAULT_TOL, atol: float = DEFAULT_ATOL) -> tuple:
    """Return ``(ok, message, details)`` comparing ``got`` with ``expected`` by the one rule the
    grader uses too (:func:`cs231n_lib.comparison.compare`).

    In order: kind (array, number, bool, None, other), dtype (integers for integers, floats for
    floats, float64 where float64 is expected: float32 loses the precision the checks need),
    shape, finiteness, then values: each entry within relative error ``tol`` or within
    ``atol * max(1, max|expected|)``. An ndarray subclass (``np.matrix``) is compared by its
    values. ``details`` are extra lines for a failure: the worst entries side by side.
    """
    result = comparison.compare(got, expected, tol, atol)
    return result.ok, result.message, result.detail_lines()


def among_allowed(got, expected, allowed) -> bool:
    """Is ``got`` another right answer of ``expected``, whose docstring leaves a choice free (kNN:
    which of several equally far training points are among the k nearest)? ``allowed``: per entry
    of ``expected`` (flat order) the values a valid choice gives. Only an integer array of
    ``expected``'s shape qualifies, every entry among its allowed values. The grader's rule too
    (``grading/acceptors.py`` calls this function)."""
    got, expected = _plain(got), _plain(expected)
    if allowed is None or not isinstance(got, np.ndarray) or not isinstance(expected, np.ndarray):
        return False
    if got.dtype.kind not in "iu" or expected.dtype.kind not in "iu" or got.shape != expected.shape:
        return False
    allowed = list(allowed)
    return len(allowed) == got.size and all(int(v) in set(a) for v, a in zip(got.ravel(), allowed))


# --------------------------------------------------------------------------- simple checks

def check_close(name: str, got, expected, tol: float = DEFAULT_TOL, atol: float = DEFAULT_ATOL) -> Verdict:
    """Check that ``got`` matches ``expected`` (see :func:`compare`): PASS returns the Verdict,
    FAIL prints the worst entries side by side and raises :class:`CheckFailed`.

    The relative error of two numbers is ``|got - expected| / (|got| + |expected|)`` (symmetric:
    neither is "the truth"; 0 when equal, 1 when one is 0 or the signs differ). ``tol = 1e-7``
    asks for agreement to about 7 significant digits. The CS231n scale: above 1e-2 the code is
    wrong; 1e-4 to 1e-2 suspicious; below 1e-7 right for smooth functions (a kink such as
    max(0, x) can justify ~1e-4 near it). Entries very close to 0, where a relative error means
    little, pass by the absolute tolerance ``atol * max(1, max|expected|)`` instead, and the
    verdict line says so."""
    ok, message, details = compare(got, expected, tol, atol)
    return _verdict(name, ok, message, details)


def check_true(name: str, condition, detail: str = "") -> Verdict:
    """Check a yes/no condition, with ``detail`` saying what was measured: PASS returns the
    Verdict, FAIL raises :class:`CheckFailed`."""
    return _verdict(name, bool(condition), detail)


def check_relative_errors(name: str, errors, tol: float = DEFAULT_TOL) -> Verdict:
    """Check a list of relative errors (e.g. from ``grad_check_sparse``): all below ``tol``."""
    worst = float(np.max(errors)) if len(errors) else 0.0
    return _verdict(name, worst < tol,
                    f"largest relative error {worst:.2e} over {len(errors)} probes (tolerance {tol:.0e})")


def note(name: str, detail: str = "") -> None:
    """Print a NOTE line: a measurement worth seeing that is not a verdict on the code. Never raises."""
    _print(f"NOTE {name}" + (f": {detail}" if detail else ""))


def note_target(name: str, reached: bool, detail: str = "") -> None:
    """Print whether a target that depends on the data set or the machine (an accuracy tuned for
    one data set) was reached, as a NOTE. Never raises: the checks of the code are elsewhere."""
    note(f"{name}: {'reached' if reached else 'not reached'}", detail)


# --------------------------------------------------------------------------- graded functions

def _flatten(values, prefix=""):
    """``{"config": {"m": a}}`` -> ``{"config.m": a}`` (the driver's naming of nested values)."""
    flat = {}
    for name, value in values.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and type(value) is dict:
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = value
    return flat


def _key_part(name, value):
    """The bytes that identify one input: its name, kind, dtype, shape and values. Floats are
    hashed at float32 precision, so the last bits of rounding (another CPU's exp) do not matter."""
    value = _plain(value)
    if isinstance(value, np.ndarray):
        kind = value.dtype.kind
        if kind == "f":
            data = np.ascontiguousarray(value, dtype="<f4").tobytes()
        elif kind in "iu":
            data = np.ascontiguousarray(value, dtype="<i8").tobytes()
        elif kind == "b":
            data = np.ascontiguousarray(value, dtype="u1").tobytes()
        else:
            return None
        head = f"{name}|array|{kind}{value.dtype.itemsize if kind == 'f' else ''}|{value.shape}|"
        return head.encode() + data
    if isinstance(value, (bool, np.bool_)):
        return f"{name}|bool|{bool(value)}".encode()
    if isinstance(value, (int, np.integer)):
        return f"{name}|int|{int(value)}".encode()
    if isinstance(value, (float, np.floating)):
        return f"{name}|float|".encode() + np.float32(value).tobytes()
    if isinstance(value, str):
        return f"{name}|str|{value}".encode()
    if value is None:
        return f"{name}|None".encode()
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                                                for v in value):
        return f"{name}|ints|{[int(v) for v in value]}".encode()
    return None


def input_key(path: str, inputs: dict) -> str:
    """The key of a check's inputs in the fingerprint file: the graded path and a hash of every
    input's name, kind, dtype, shape and values. None when an input cannot be keyed."""
    digest = hashlib.sha256(path.encode())
    for name, value in sorted(_flatten(inputs).items()):
        part = _key_part(name, value)
        if part is None:
            return None
        digest.update(len(part).to_bytes(8, "little") + part)
    return f"{path}|{digest.hexdigest()[:20]}"


def input_bytes(inputs: dict) -> int:
    """Total size of the arrays among ``inputs``, in bytes."""
    return sum(np.asarray(v).nbytes for v in _flatten(inputs).values() if isinstance(v, np.ndarray))


_FINGERPRINTS = {}


def _fingerprint_files():
    files = [Path(__file__).with_name("fingerprints.json")]
    files += [Path(p) for p in os.environ.get(FINGERPRINTS_ENV, "").split(os.pathsep) if p]
    return [f for f in files if f.is_file()]


def _load_fingerprints(json_path):
    stamp = (str(json_path), json_path.stat().st_mtime_ns)
    if stamp not in _FINGERPRINTS:
        with open(json_path, encoding="utf-8") as f:
            table = json.load(f)
        npz = json_path.with_suffix(".npz")
        with np.load(npz, allow_pickle=False) as arrays:
            table["arrays"] = {k: arrays[k] for k in arrays.files}
        _FINGERPRINTS[stamp] = table
    return _FINGERPRINTS[stamp]


def _fingerprint(key):
    """(table, entry) for a check key, or (None, None) when no file holds it."""
    for json_path in _fingerprint_files():
        try:
            table = _load_fingerprints(json_path)
        except (OSError, ValueError, KeyError):
            continue
        if key in table.get("checks", {}):
            return table, table["checks"][key]
    return None, None


def _allowed(path, inputs, name):
    """The other right answers of output ``name`` on these inputs, per entry, as the assignment
    was built with them (the fingerprint entry's ``allowed``); None when there are none."""
    key = input_key(path, inputs)
    if key is None or input_bytes(inputs) > FINGERPRINT_INPUT_CAP:
        return None
    _, entry = _fingerprint(key)
    return (entry or {}).get("allowed", {}).get(name)


def _value(table, ref):
    kind = table["values"][ref]
    if kind == "None":
        return None
    value = table["arrays"][ref]
    if kind == "number":
        return value[()]
    if kind == "bool":
        return bool(value)
    return value


def _record(path, inputs, expected, title, tol, atol):
    """Grader-side build (``python -m grading fingerprints``): append this check's inputs to the
    folder named by ``CS231N_RECORD_CHECKS``. Writes plain data only (json and npz)."""
    folder = Path(os.environ[RECORD_ENV])
    key = input_key(path, inputs)
    if key is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    stem = hashlib.sha256(key.encode()).hexdigest()[:24]
    arrays, meta = {}, {}
    for group, values in (("inputs", _flatten(inputs)), ("expected", _flatten(expected))):
        meta[group] = {}
        for i, (name, value) in enumerate(values.items()):
            value = _plain(value)
            if isinstance(value, np.ndarray):
                ref = f"{group}_{i}"
                arrays[ref] = value
                meta[group][name] = {"array": ref}
            elif isinstance(value, (bool, np.bool_)):
                meta[group][name] = {"bool": bool(value)}
            elif isinstance(value, (int, np.integer)):
                meta[group][name] = {"int": int(value)}
            elif isinstance(value, (float, np.floating)):
                meta[group][name] = {"float": float(value)}
            elif isinstance(value, (list, tuple)):
                meta[group][name] = {"other": [int(v) for v in value]}
            else:
                meta[group][name] = {"other": value}
    meta.update(path=path, key=key, title=title, tol=tol, atol=atol, bytes=input_bytes(inputs),
                notebook=os.environ.get("CS231N_RECORD_NOTEBOOK", ""))
    np.savez(folder / f"{stem}.npz", **arrays)
    (folder / f"{stem}.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")


def _explain(path, inputs, got, expected, wrong, tol, atol, named=None, silent=False):
    """Lines naming the known mistakes whose outputs on these inputs are the student's (their
    names are also appended to ``named``). ``silent``: say nothing when none is on file (every
    wrong output was simply not computed: no mistake of the catalogue is news then)."""
    named = [] if named is None else named
    function = path.split(".")[-1] if not path.endswith("__init__") else ".".join(path.split(".")[-2:])
    key = input_key(path, inputs)
    if key is None:
        return ["  (These inputs cannot be looked up among the fingerprints of common mistakes.)"]
    if input_bytes(inputs) > FINGERPRINT_INPUT_CAP:
        return ["  (These inputs are too large for the fingerprints of common mistakes: "
                "the smaller checks of this function name them.)"]
    table, entry = _fingerprint(key)
    if entry is None:
        return [f"  (No fingerprints of common mistakes of {function} are available for these inputs.)"]
    on_file = table["mistakes"].get(path, {})
    variants = [v for v in entry["variants"] if "outputs" in v]   # (those that raise cannot be a student's outputs)

    def matches(variant, name):
        changed = variant["outputs"]
        if name in changed:
            return same_value(got[name], _value(table, changed[name]), tol, atol)
        return name not in wrong

    def explains_all(variant):
        return all(matches(variant, n) for n in expected) and any(n in variant["outputs"] for n in wrong)

    def supported(variant, explained):
        # what its text says is wrong: the outputs it explains, and those its own run gets wrong
        # where yours differ (the grader's rule: no claim that a right output is wrong)
        claimed = set(explained) | {n for n in variant["outputs"] if n in got and not matches(variant, n)}
        return diagnosis.supported(claimed, {n: n in wrong for n in expected})

    found = []
    for size in (1, 2):
        found = [v for v in variants if len(v["mistakes"]) == size and explains_all(v) and supported(v, wrong)]
        if found:
            break
    lines = []
    outputs = " and ".join(wrong)
    verb = "are" if len(wrong) > 1 else "is"
    if found:
        if len(found) == 1:
            # the mistake's name on a line of its own: easy to spot, and never cut by the wrapping
            lines.append(f"  Likely cause: your {outputs} {verb} exactly what this mistake gives on these inputs:")
            lines.append(f"    {_names(found[0], on_file)}.")
        else:
            lines.append(f"  Likely cause: your {outputs} {verb} exactly what each of these mistakes gives on these "
                         "inputs (tell them apart with the other checks):")
        named += [_names(v, on_file) for v in found]
        for v in found:
            lines += _describe_variant(v, on_file, bullet=len(found) > 1)
        return lines
    for name in wrong:
        singles = [v for v in variants if len(v["mistakes"]) == 1 and name in v["outputs"]
                   and same_value(got[name], _value(table, v["outputs"][name]), tol, atol) and supported(v, [name])]
        for v in singles:
            lines.append(f"  Likely cause of the wrong {name}: it is exactly what this mistake gives on these inputs:")
            lines.append(f"    {_names(v, on_file)}.")
            named.append(_names(v, on_file))
            lines += _describe_variant(v, on_file, bullet=False)
    if not lines and not silent:
        known = len(on_file)
        lines.append(f"  None of the {known} common mistakes on file for {function} gives exactly your outputs here."
                     if known else f"  (No common mistakes of {function} are on file yet.)")
    return lines


def _names(variant, on_file):
    return ", and also ".join(on_file[f]["name"] for f in variant["mistakes"])


def _describe_variant(variant, on_file, bullet):
    lines = []
    if bullet:
        lines.append(f"    - {_names(variant, on_file)}:")
    for flag in variant["mistakes"]:
        m = on_file[flag]
        if m.get("convention"):
            lines.append(f"      (another convention: {m['convention']})")
        if m.get("explanation"):
            lines.append(f"      {m['explanation']}")
        if m.get("rule"):
            lines.append(f"      The rule: {m['rule']}")
    return lines


def check_outputs(path: str, inputs: dict, got: dict, expected: dict, title: str = None, tol: float = DEFAULT_TOL,
                  atol: float = DEFAULT_ATOL) -> Verdict:
    """Check a graded function of the package on given inputs, as the grader compares.

    Inputs:
    - path: the graded function's dotted path in ``cs231n_lib``, e.g.
      ``"classifiers.linear_svm.svm_loss_naive"``.
    - inputs: the inputs the function was called with, by the names of its arguments, e.g.
      ``{"W": W, "X": X, "y": y, "reg": 0.1}`` (for a method, also the set-up, e.g. ``X_train``).
    - got: what it returned, by output name, e.g. ``{"loss": loss, "dW": grad}``; a dict value
      (``grads``, ``config``) is compared key by key (``grads.W1``).
    - expected: the right outputs, by the same names (only these are compared).
    - title: the name of the check in its verdict line.
    - tol, atol: relative and absolute tolerance, as in :func:`compare`.

    PASS returns the Verdict. FAIL prints each wrong output with its worst entries side by side,
    then every known mistake whose outputs on exactly these inputs are yours, with what to change,
    and raises :class:`CheckFailed`.
    """
    title = title or path.split(".")[-1]
    got, expected = _flatten(got), _flatten(expected)
    if os.environ.get(RECORD_ENV):
        _record(path, inputs, expected, title, tol, atol)
    results = {}
    for name in expected:
        if name not in got:
            results[name] = (False, f"not returned (expected an output named {name!r})", [])
        else:
            results[name] = compare(got[name], expected[name], tol, atol)
            if not results[name][0] and among_allowed(got[name], expected[name], _allowed(path, inputs, name)):
                results[name] = (True, "one of the answers a valid choice among equally far neighbours gives", [])
    wrong = [n for n, r in results.items() if not r[0]]
    if not wrong:
        summary = "; ".join(f"{n}: {r[1]}" for n, r in results.items())
        return _verdict(title, True, summary)
    lines = []
    for name in wrong:
        lines.append(f"  {name}: {results[name][1]}")
        lines += results[name][2]
    right = [n for n in expected if n not in wrong]
    if right:
        lines.append(f"  right: {', '.join(right)}")
    facts = _facts(inputs, got, expected, wrong)
    if facts:
        lines.append("  " + diagnosis.SHOWS)
        lines += [f"    - {diagnosis.fact_line(n, f)}" for n, f in facts.items()]
    named = []
    if all(n in got for n in wrong):
        stubs = len(facts) == len(wrong) and all(f.kind == diagnosis.NOT_COMPUTED for f in facts.values())
        lines += _explain(path, inputs, got, expected, wrong, tol, atol, named, silent=stubs)
    shown = "; ".join(diagnosis.fact_line(n, f) for n, f in facts.items())
    return _verdict(title, False, f"{', '.join(wrong)} wrong", lines, cause="; or ".join(dict.fromkeys(named)),
                    shows=shown)


def _facts(inputs, got, expected, wrong) -> dict:
    """``{output: diagnosis.Fact}`` for the wrong outputs that show one (the grader's rule and
    words, ``cs231n_lib/diagnosis.py``); outputs not returned are said by the comparison."""
    flat = _flatten(inputs)
    facts = {}
    for name in wrong:
        if name not in got:
            continue
        with np.errstate(all="ignore"):
            fact = diagnosis.output_fact(_plain(got[name]), _plain(expected[name]), flat, name)
        if fact is not None:
            facts[name] = fact
    return facts
