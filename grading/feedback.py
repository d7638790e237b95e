"""Feedback: which mistake the student's outputs show, and the text that says so.

First, per output, what it shows structurally (:func:`output_status`, the rule of
``cs231n_lib/diagnosis.py`` that the notebook checks share): right on every case, or not computed
(None, zeros, an input unchanged), transposed, off by a constant factor, wrong in one row or
column, right for reg = 0 only... Inputs changed in place are said by the dispatch
(:func:`mutation_message`). Then the causes, two ways, in this order:

1. **Misconceptions** (:func:`name_misconceptions`): every graded function has, grader-side, a
   wrong version of the reference with one switch per mistake students really make
   (``grading/misconceptions/``). When a function fails, the trusted parent runs the wrong
   version on the same hidden cases with each mistake, and each compatible pair of mistakes,
   and names those whose outputs match the student's on every case (per output: the loss and
   the gradient may have different mistakes). A mistake is named only when its outputs really
   are the student's, so its explanation is never a guess about something the code does not do.
   Every finding is checked against the outputs it describes in one place
   (:func:`supported_findings`): none says an output is wrong that passed on every case.
2. **Numeric patterns** (:func:`diagnose`), when no misconception matches: a factor N, an offset
   of exactly 2·reg·W, a transposed shape, NaN at very large scores, squared distances... Each is
   shown only when the student's output has that exact pattern.
"""
import re
from dataclasses import dataclass

import numpy as np


def _close(a, b, tol=1e-6):
    try:
        a = np.asarray(a, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if a.shape != b.shape or not np.all(np.isfinite(a)) or not np.all(np.isfinite(b)):
        return False
    scale = max(float(np.max(np.abs(b))) if b.size else 0.0, 1e-12)
    return bool(np.all(np.abs(a - b) <= tol * scale + 1e-12))


def _is_number(v):
    return isinstance(v, (int, float, np.number)) and not isinstance(v, bool) or (isinstance(v, np.ndarray) and v.ndim == 0)


# What numpy and arithmetic raise on a reply of unexpected values (Warning: a warning made an error).
# Anything else reaches the dispatch, which records it against the case.
_NUMERIC_ERRORS = (ArithmeticError, AttributeError, LookupError, TypeError, ValueError, Warning)


def diagnose(path: str, name: str, got, expected, case) -> str:
    """One likely cause for ``got`` != ``expected`` of output ``name`` of function ``path``
    on ``case`` (a :class:`grading.cases.Case`), or None (also when the values defeat the
    analysis: a hint is only a claim about a pattern that was seen)."""
    try:
        return _diagnose(path, name, got, expected, case)
    except _NUMERIC_ERRORS:
        return None


def _diagnose(path, name, got, expected, case):
    fn = path.split(".")[-1]
    meta, inputs = case.meta, case.inputs
    arr = isinstance(expected, np.ndarray)
    if arr and not isinstance(got, np.ndarray):
        return None
    if arr and got.shape != expected.shape:
        if got.ndim == 2 and got.shape == expected.shape[::-1] and _close(got.T, expected):
            return "the output is transposed: check which axis is which (e.g. (num_test, num_train), (D, C))"
        if got.shape == (expected.size,) or expected.shape == (got.size,):
            return f"a shape of {expected.shape} is expected: reshape (or do not flatten) the result"
        return None
    g = np.asarray(got, dtype=np.float64) if (arr or _is_number(got)) else None
    if g is None:
        return None
    e = np.asarray(expected, dtype=np.float64)

    if not np.all(np.isfinite(g)):
        if meta.get("large_scores"):
            return ("NaN/inf with very large scores: exp overflows unless each example's max score is subtracted first, "
                    "and log(0) appears when a probability underflows to 0 (take the log-softmax as s - max - log(sum(exp(s - max))))")
        if name == "dists" and meta.get("duplicates"):
            return "NaN at a test point equal to a training point: rounding made a squared distance slightly negative; clip at 0 before np.sqrt"
        return "the result holds NaN or inf: look for a division by zero, log(0) or an overflowing exp"

    if fn.startswith("compute_distances") and _close(g, e * e):
        return "these are squared distances: missing np.sqrt?"
    if fn.startswith("compute_distances") and _close(g * g, e):
        return "these are square roots of the distances: np.sqrt applied twice?"
    if np.any(e != 0) and _close(g, -e):
        return "wrong sign: check the direction of each term (e.g. the correct class gets minus the count of active margins)"

    N = meta.get("N")
    reg = meta.get("reg")
    W = inputs.get("W")
    is_grad = name in ("dW", "dx", "dw", "db", "grad") or name.startswith("grads.") or name.startswith("grad.")
    if is_grad and W is not None and reg is not None and np.shape(W) == e.shape:
        R = 2.0 * reg * W
        if reg:
            if _close(g + R, e):
                return "off by exactly 2 * reg * W: regularization gradient missing? (loss += reg * sum(W * W) gives dW += 2 * reg * W)"
            if _close(g + R / 2, e):
                return "off by reg * W: the derivative of reg * sum(W * W) is 2 * reg * W, not reg * W"
            if _close(g - R, e):
                return "2 * reg * W added twice: add the regularization gradient once, after the data term"
        if N and N > 1:
            if _close(g - R, (e - R) * N):
                return f"the data gradient is {N} times too large (N = {N}): divide by the number of examples?"
            if _close(g - R, (e - R) / N):
                return f"the data gradient is {N} times too small (N = {N}): divided by the number of examples twice?"
    if name == "loss" and W is not None and reg is not None:
        Rl = reg * float(np.sum(W * W))
        d = float(g - e)
        if reg and abs(d + Rl) <= 1e-6 * max(abs(Rl), 1e-12):
            return "off by exactly reg * sum(W * W): regularization loss missing?"
        if reg and abs(d - Rl) <= 1e-6 * max(abs(Rl), 1e-12):
            return "reg * sum(W * W) added twice (or to each example)?"
        if N and N > 1 and abs((float(g) - Rl) - (float(e) - Rl) * N) <= 1e-6 * abs(float(e) * N):
            return f"the data loss is {N} times too large: divide the summed loss by N = {N}"
        if abs(d - 1.0) <= 1e-6 and "svm" in path:
            return "the loss is 1.0 too large, i.e. +1 per example: the correct class's own margin (delta = 1) is counted; skip j == y[i]"
        if abs(d) > 1e-12:
            return f"the loss is off by {d:+.6g} (a constant per example after averaging): a term added or missing for every example?"
    if arr and e.size > 1 and np.any(e != 0):
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = g[e != 0] / e[e != 0]
        r = float(np.median(ratio))
        if np.isfinite(r) and r not in (0.0, 1.0) and _close(g, r * e):
            return f"off by a constant factor of {r:.6g} everywhere: a missing or extra scale (1/N, 2, learning rate)?"

    return None


# --------------------------------------------------------------------------- inputs changed in place

_FORBIDS = re.compile(r"(not (be )?(modif|chang)|do not modify|unchanged)", re.IGNORECASE)


def forbidding_line(path: str) -> tuple:
    """``(line, where)``: the docstring line of the reference that says the inputs of ``path``
    are not changed (the function's own docstring first, then its module's), or ``(None, None)``."""
    import importlib
    import inspect

    from .dotted import DottedPath

    dotted = DottedPath(path)
    module = importlib.import_module("cs231n_lib." + dotted.module)
    obj = module
    for name in dotted.attribute_chain:
        obj = getattr(obj, name, None)
    for doc, where in ((inspect.getdoc(obj) if obj is not None else None, f"the docstring of {dotted.qualname}"),
                       (inspect.getdoc(module), f"cs231n_lib/{dotted.module_file}")):
        for line in (doc or "").splitlines():
            m = _FORBIDS.search(line)
            if m:   # the sentence that says it
                return line[line.rfind(". ", 0, m.start()) + 1:].strip(" -"), where
    return None, None


def mutation_message(path: str, names: list) -> str:
    """The failure of a case whose graded function changed the inputs ``names`` in place."""
    which = ", ".join(f"`{n}`" for n in names)
    verb = "was" if len(names) == 1 else "were"
    line, where = forbidding_line(path)
    rule = (f'{where} says: "{line}"' if line else
            "a graded function must leave its inputs as it received them (the caller still uses them)")
    return (f"input {which} {verb} changed in place ({rule}): work on a copy instead of writing into "
            "the input (e.g. `out = np.maximum(0, x)`, `dx = dout * (x > 0)`, `next_w = w + v`)")


# --------------------------------------------------------------------------- misconceptions

_OUTCOMES = {}               # (path, draw, case label, mistakes) -> outcome of the wrong version
_OUTCOMES_KEPT = 4096        # the oldest outcomes go first: a worker grades many submissions (draws)


@dataclass(frozen=True)
class Finding:
    """Mistakes whose outputs are the student's for ``outputs`` on every case."""
    mistakes: tuple          # flags: one, or a pair
    outputs: tuple           # the failed outputs they explain
    misconceptions: tuple    # the Misconception records of the flags
    claims: frozenset = frozenset()   # every output their wrong version gets wrong (what the text is about)


# --------------------------------------------------------------------------- what each output shows

@dataclass(frozen=True)
class OutputStatus:
    """One output of a function over the cases that returned: right everywhere, or the
    structural fact its wrong cases show (``cs231n_lib/diagnosis.py``) and what the pattern of
    passing cases shows."""
    name: str
    wrong_cases: int
    fact: object = None       # a diagnosis.Fact shown by every wrong case, or None
    pattern: str = None       # diagnosis.across_cases


def output_status(observed) -> dict:
    """``{output name: OutputStatus}`` from ``[(case, expected, outcome)]`` (cases that raised
    are left out: they say nothing about one output)."""
    from cs231n_lib import diagnosis
    from . import misconceptions as MC

    per = {}
    for case, exp, got in observed:
        raised = isinstance(got, MC.Raised)
        for n, e in exp.items():
            ok = not raised and n in got and MC.accepted(_plain(got[n]), e, case.tolerance(n), case.abs_tolerance(n))
            per.setdefault(n, []).append((case, ok, raised, _plain(got[n]) if not raised and n in got else None, e))
    status = {}
    for n, rows in per.items():
        wrong = [(case, g, e) for case, ok, raised, g, e in rows if not ok and not raised]
        count = sum(not ok for _, ok, _, _, _ in rows)     # a case that raised is wrong for every output
        fact, pattern = None, None
        if count:
            try:
                with np.errstate(all="ignore"):
                    if wrong and len(wrong) == count:   # a fact only from outputs that were returned
                        fact = diagnosis.consistent_fact([diagnosis.output_fact(g, e, case.inputs, n)
                                                          for case, g, e in wrong])
                    pattern = diagnosis.across_cases([(case.meta, ok) for case, ok, _, _, _ in rows])
            except _NUMERIC_ERRORS:
                fact, pattern = None, None
        status[n] = OutputStatus(n, count, fact, pattern)
    return status


def _claimed(finding, names) -> set:
    """The outputs a finding says are wrong: those it explains, and those its wrong version gets
    wrong on these cases where the student's differ (the misconceptions' declared ``outputs`` say
    what the mistake may change on some input, not what these cases show)."""
    return set(finding.claims) | set(finding.outputs)


def supported_findings(findings, status: dict) -> list:
    """THE check of a claim against the outputs it describes: a finding is kept only when every
    output it talks about (:func:`_claimed`) is wrong on some case (the rule itself:
    ``cs231n_lib/diagnosis.py``'s ``supported``, which the notebook checks use too)."""
    from cs231n_lib import diagnosis

    wrong = {n: bool(s.wrong_cases) for n, s in status.items()}
    return [f for f in findings if diagnosis.supported(_claimed(f, status), wrong)]


def status_lines(status: dict) -> list:
    """Lines saying what each output shows, structural facts first (empty when nothing is to say)."""
    wrong = [s for s in status.values() if s.wrong_cases]
    if not wrong:
        return []
    right = [s.name for s in status.values() if not s.wrong_cases]
    if not right and not any(s.fact or s.pattern for s in wrong):
        return []
    from cs231n_lib import diagnosis

    lines = ["  " + diagnosis.SHOWS]
    for s in wrong:
        if s.fact:
            lines.append(f"    - {diagnosis.fact_line(s.name, s.fact)} (every wrong case)"
                         + (f"; {s.pattern}" if s.pattern else ""))
            continue
        lines.append(f"    - {s.name}: " + (s.pattern or f"wrong on {s.wrong_cases} case"
                                             + ("s" if s.wrong_cases > 1 else "")))
    if right:
        lines.append("    - right on every case: " + ", ".join(right))
    return lines


def _plain(v):
    from .protocol import Subclassed

    return v.array if isinstance(v, Subclassed) else v


def _variant_outcome(entry, case, mistakes, import_module):
    from . import misconceptions as MC

    key = (entry.path, case.draw, case.label, mistakes)     # the inputs behind a label change with the draw
    if key not in _OUTCOMES:
        _OUTCOMES[key] = MC.run_variant(entry, case.inputs, MC.wrong_versions[entry.path], set(mistakes), import_module)
        while len(_OUTCOMES) > _OUTCOMES_KEPT:
            del _OUTCOMES[next(iter(_OUTCOMES))]
    return _OUTCOMES[key]


def name_misconceptions(entry, observed: list, import_module) -> list:
    """The misconceptions that explain a function's wrong outputs.

    ``observed``: ``[(case, expected outputs, the student's outcome)]`` for every case whose call
    returned (the outcome is the outputs dict) or raised (a ``misconceptions.Raised`` with the
    exception's type). A candidate (one mistake, or a compatible pair) *matches* output ``o`` on a
    case when the student's ``o`` equals the candidate's there (or both raised the same type).
    It explains ``o`` when it matches ``o`` on every case, and its own ``o`` is wrong on some case
    where the student's is. Returns the smallest candidates that explain the whole outcome on
    every case, else, output by output, the single mistakes that explain it ([] when none)."""
    from . import misconceptions as MC

    if entry.path not in MC.wrong_versions or not observed:
        return []
    if any(isinstance(got, MC.Raised) and got.error_type == "NotImplementedError" for _, _, got in observed):
        return []   # a candidate explains an output only by matching it on every case, and no wrong
        # version of the reference raises NotImplementedError: a stub (or a called stub) matches none
    observed = [(case, exp, got if isinstance(got, MC.Raised) else {k: _plain(v) for k, v in got.items()})
                for case, exp, got in observed]
    names = sorted({n for _, exp, _ in observed for n in exp})

    def wrong(outcome, case, exp, name):
        if isinstance(outcome, MC.Raised):
            return True
        return name not in outcome or not MC.accepted(outcome[name], exp[name], case.tolerance(name),
                                                      case.abs_tolerance(name))

    def match(a, b, case, name):
        if isinstance(a, MC.Raised) or isinstance(b, MC.Raised):
            return isinstance(a, MC.Raised) and isinstance(b, MC.Raised) and a.error_type == b.error_type
        return name in a and name in b and MC.same_value(a[name], b[name], case.tolerance(name), case.abs_tolerance(name))

    # a case has its own output names (e.g. ``loss(X)`` without y returns scores only)
    failing = {n: [i for i, (case, exp, got) in enumerate(observed) if n in exp and wrong(got, case, exp, n)]
               for n in names}
    bad = tuple(n for n in names if failing[n])
    if not bad:
        return []
    flags = MC.by_flag(entry.path)
    candidates = [(f,) for f in sorted(flags)] + list(MC.compatible_pairs(entry.path))
    explains, claims = {}, {}
    with MC.REFERENCE_LOCK:     # variants are installed in the shared reference package
        for mistakes in candidates:
            outcomes = [_variant_outcome(entry, case, mistakes, import_module) for case, _, _ in observed]
            ok = []
            for n in names:
                same = all(match(got, o, case, n) for (case, exp, got), o in zip(observed, outcomes) if n in exp)
                shows = any(wrong(outcomes[i], observed[i][0], observed[i][1], n) for i in failing[n])
                if same and (shows or not failing[n]):
                    ok.append(n)
            if any(n in ok for n in bad):
                explains[mistakes] = tuple(ok)
                # what its text says is wrong: the outputs its run gets wrong where the student's differs
                claims[mistakes] = set(ok) & set(bad) | {
                    n for n in names for (case, exp, got), o in zip(observed, outcomes)
                    if n in exp and not isinstance(o, MC.Raised) and wrong(o, case, exp, n)
                    and not match(got, o, case, n)}

    def finding(mistakes, outputs):
        return Finding(mistakes, outputs, tuple(flags[f] for f in mistakes), frozenset(claims[mistakes]))

    status = output_status(observed)
    for size in (1, 2):
        full = [m for m, outs in explains.items() if len(m) == size and set(outs) == set(names)]
        full = supported_findings([finding(m, bad) for m in full], status)
        if full:
            return full
    per_output = []
    for n in bad:
        per_output += [finding(m, (n,)) for m, outs in explains.items() if len(m) == 1 and n in outs]
    return supported_findings(per_output, status)


def findings_text(findings: list) -> list:
    """The lines of feedback that name the mistakes (empty list when there is none)."""
    if not findings:
        return []
    lines = []
    alternatives = len(findings) > 1 and len({f.outputs for f in findings}) == 1
    if alternatives:
        lines.append("  likely cause (each of these gives exactly your outputs):")
    for f in findings:
        where = "" if alternatives or len(findings) == 1 else f"{', '.join(f.outputs)}: "
        names = " and ".join(m.name for m in f.misconceptions)
        lead = "    - " if alternatives else "  likely cause: "
        lines.append(f"{lead}{where}{names}")
        for m in f.misconceptions:
            lines.append(f"      {m.explanation}")
            if m.contradicts:
                lines.append(f"      (the rule: {m.contradicts})")
    return lines


def feedback_text(path: str, r) -> str:
    """The feedback of one graded function from its :class:`grading.results.FunctionGrade` ``r``
    (passed, cases, failures, rubric, findings): empty when everything passed."""
    if r.passed == r.cases and not r.failures and not r.rubric:
        return ""
    lines = [f"{path}: {r.passed}/{r.cases} hidden cases passed"]
    for problem in r.rubric:
        lines.append(f"  - rubric (0 points until fixed): {problem}")
    status = output_status(r.observed) if r.observed else {}
    lines += status_lines(status)
    named = findings_text(supported_findings(r.findings, status))
    lines += named
    fails = [f.without_hint() for f in r.failures] if named else r.failures
    if len(fails) > 1 and len({(f.message, f.hint) for f in fails}) == 1:
        # the same verdict everywhere (a stub, an import error): say it once
        lines.append(f"  - all {len(fails)} failed cases: {fails[0].message}")
        if fails[0].hint:
            lines.append(f"    likely cause: {fails[0].hint}")
        return "\n".join(lines)
    for f in fails[:4]:
        head = f"  - case {f.case}: " if f.case else "  - "
        lines.append(head + f.message)
        if f.hint:
            lines.append(f"    likely cause: {f.hint}")
    if len(fails) > 4:
        lines.append(f"  - ... and {len(fails) - 4} more failed cases")
    return "\n".join(lines)
