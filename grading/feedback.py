"""Diagnosis of a wrong output: from the difference between got and expected to a likely cause.

:func:`diagnose` is called by the grader (the trusted parent) for each failed output of a
case. It tests a few exact patterns against the case's inputs (``N``, ``reg``, ``W``) and
returns one sentence a student can act on, or None when no pattern fits:

- gradient (or loss) larger by a factor of N: "divide by the number of examples?";
- off by exactly ``2 * reg * W`` ("regularization gradient missing?"), by ``reg * W`` (the
  derivative of ``reg * sum(W * W)`` is ``2 * reg * W``), or added twice; the loss off by
  ``reg * sum(W * W)``;
- the wrong sign; a constant factor; output transposed; all zeros;
- the loss off by a constant per example (for the SVM: the correct class's own margin);
- NaN/inf at very large scores ("subtract the max before exp?");
- distances squared ("missing sqrt?"), NaN distances at duplicates (clip before sqrt);
- ties (labels, equal scores, zero margins), overwritten gradients at a fork ("use +="),
  optimizer state (bias correction, ``t`` incremented before use).
"""
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


def diagnose(path, name, got, expected, case):
    """One likely cause for ``got`` != ``expected`` of output ``name`` of function ``path``
    on ``case`` (a :class:`grading.cases.Case`), or None."""
    try:
        return _diagnose(path, name, got, expected, case)
    except Exception:  # feedback must never break grading
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
            return "NaN/inf with very large scores: subtract each example's max score before exp (it does not change the probabilities)"
        if name == "dists" and meta.get("duplicates"):
            return "NaN at a test point equal to a training point: rounding made a squared distance slightly negative; clip at 0 before np.sqrt"
        return "the result holds NaN or inf: look for a division by zero, log(0) or an overflowing exp"

    if fn.startswith("compute_distances") and _close(g, e * e):
        return "these are squared distances: missing np.sqrt?"
    if fn.startswith("compute_distances") and _close(g * g, e):
        return "these are square roots of the distances: np.sqrt applied twice?"
    if e.size and np.any(e != 0) and np.all(g == 0):
        return "the result is all zeros: it was never filled in (assigned to a new name instead of the returned variable?)"
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

    # case-specific hints
    if meta.get("zero_margins") and name == "dW":
        return "with margins of exactly 0: a margin of 0 is inactive (test margin > 0, not >= 0)"
    if fn == "predict_labels" or (fn == "predict" and "equal" in case.label):
        if "tie" in case.label or "equal" in case.label or "two votes" in case.label:
            return "ties: among equally near neighbours take the smaller training index (stable argsort), among equally frequent labels the smaller label (np.argmax(np.bincount(...)))"
    if fn == "train":
        return ("sample the minibatch as rng.choice(num_train, batch_size, replace=True) with the rng the given code "
                "creates, record the minibatch loss before the update, and update in place: self.W -= learning_rate * grad")
    if meta.get("fork") and name.startswith("grad."):
        return "a value used more than once gets the sum of the gradients from each use: accumulate with +=, do not overwrite with ="
    if meta.get("optimizer") == "adam" and name in ("next_w", "config.m", "config.v"):
        return "Adam: increment t before using it, update m and v, then use the bias-corrected m / (1 - beta1**t) and v / (1 - beta2**t)"
    if meta.get("optimizer") in ("sgd_momentum", "rmsprop") and name != "next_w":
        return "store the updated state (velocity / cache) back in config so the next call continues from it"
    return None


def feedback_text(path, r):
    """The feedback of one graded function from its result record ``r`` (``passed``, ``cases``,
    ``failures``, ``rubric``): empty when everything passed."""
    if r["passed"] == r["cases"] and not r["failures"] and not r.get("rubric"):
        return ""
    lines = [f"{path}: {r['passed']}/{r['cases']} hidden cases passed"]
    for problem in r.get("rubric", []):
        lines.append(f"  - rubric (0 points until fixed): {problem}")
    fails = r["failures"]
    if len(fails) > 1 and len({(f["message"], f.get("hint")) for f in fails}) == 1:
        # the same verdict everywhere (a stub, an import error): say it once
        lines.append(f"  - all {len(fails)} failed cases: {fails[0]['message']}")
        if fails[0].get("hint"):
            lines.append(f"    likely cause: {fails[0]['hint']}")
        return "\n".join(lines)
    for f in fails[:4]:
        head = f"  - case {f['case']}: " if f["case"] else "  - "
        lines.append(head + f["message"])
        if f.get("hint"):
            lines.append(f"    likely cause: {f['hint']}")
    if len(fails) > 4:
        lines.append(f"  - ... and {len(fails) - 4} more failed cases")
    return "\n".join(lines)
