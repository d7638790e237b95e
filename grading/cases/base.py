"""What every case generator shares: :class:`Case`, the default tolerance, the seeded random
generators (seeds start at 2310000, so they never coincide with the public checks' small seeds)
and the case of a linear loss (``W``, ``X``, ``y``, ``reg``), used by the SVM and the softmax.

Per-submission inputs: :func:`cases_for` calls a generator under a *draw* (a large integer the
parent derives from the student, the assignment and the submission's content). Under a draw,
:func:`seeded_rng` mixes it into every case's seed and :func:`drawn` gives the generators whose
inputs are written out (schedules, ties) a generator of their own, so every random value changes
with the draw while the structure of each case (shapes, ties, exact zeros, N=1, reg=0) stays.
Without a draw (``None``: the notebooks' tests, ``explain``) the cases are the fixed ones."""
import contextvars
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def grader_tolerances() -> tuple:
    """``(relative, absolute)``: the hidden cases' defaults, from the one tolerance table
    (``cs231n_lib/comparison.py``), taken from the reference package."""
    from grading.parent import reference_import

    table = reference_import("cs231n_lib.comparison")
    return table.GRADER_RTOL, table.GRADER_ATOL


@dataclass
class Case:
    label: str
    inputs: dict
    tol: dict = field(default_factory=dict)     # output name (or "*") -> relative tolerance
    atol: dict = field(default_factory=dict)    # output name (or "*") -> absolute tolerance, times max|expected|
    meta: dict = field(default_factory=dict)
    draw: int = None                            # the per-submission draw the inputs came from (None: fixed)

    def tolerance(self, name):
        base = name.split(".")[0]
        return self.tol.get(name, self.tol.get(base, self.tol.get("*", grader_tolerances()[0])))

    def abs_tolerance(self, name):
        base = name.split(".")[0]
        return self.atol.get(name, self.atol.get(base, self.atol.get("*", grader_tolerances()[1])))


_DRAW = contextvars.ContextVar("grading_cases_draw", default=None)


def seeded_rng(seed: int) -> np.random.Generator:
    """The generator of one case: seeds start at 2310000, apart from the public checks' seeds;
    under a per-submission draw (:func:`cases_for`) the draw is mixed in."""
    draw = _DRAW.get()
    return np.random.default_rng(2310000 + seed if draw is None else [2310000 + seed, draw])


def drawn(seed: int):
    """A generator for the inputs a case writes out, under a per-submission draw; None without
    one (the case then keeps its written-out values)."""
    return None if _DRAW.get() is None else seeded_rng(seed)


def cases_for(entry, draw=None) -> list:
    """The hidden cases of a manifest entry (anything with a ``cases()`` generator) under
    ``draw`` (a non-negative integer; None: the fixed cases). The same draw gives the same cases."""
    if draw is not None and (not isinstance(draw, int) or draw < 0):
        raise ValueError(f"a draw is a non-negative integer, not {draw!r}")
    token = _DRAW.set(draw)
    try:
        out = entry.cases()
    finally:
        _DRAW.reset(token)
    for case in out:
        case.draw = draw
    return out


def random_labels(rng: np.random.Generator, N: int, C: int, all_classes: bool = False) -> np.ndarray:
    """``N`` labels in ``0..C-1``; with ``all_classes`` (and N >= C) every class occurs."""
    y = rng.integers(0, C, size=N).astype(np.int64)
    if all_classes and N >= C:
        y[:C] = np.arange(C)
        rng.shuffle(y)
    return y


def loss_case(seed: int, N: int, D: int, C: int, reg: float, scale: float = 1.0, integer: bool = False,
              label: str = "") -> Case:
    """A case of a linear loss (``W``, ``X``, ``y``, ``reg``): Gaussian or small-integer data."""
    rng = seeded_rng(seed)
    if integer:
        W, X, y = _integer_loss_data(rng, N, D, C)
    elif scale >= 100:
        W, X, y = _large_score_data(rng, N, D, C, scale)
    else:
        W = 0.1 * rng.standard_normal((D, C))
        X = scale * rng.standard_normal((N, D))
        y = random_labels(rng, N, C, all_classes=True)
    meta = {"N": N, "D": D, "C": C, "reg": reg, "large_scores": scale >= 100, "zero_margins": integer}
    text = f"N={N}, D={D}, C={C}, reg={reg:g}" + (f", {label}" if label else "")
    return Case(text, {"W": W, "X": X, "y": y, "reg": float(reg)}, meta=meta)


def tests_every_shift_rule(scores, y) -> bool:
    """Do these scores overflow exp without a shift (some |score| > 710) and make some example's
    correct-class probability underflow (its score > 800 below its row's best: -log(p) is inf)?"""
    gap = scores.max(axis=1) - scores[np.arange(len(y)), y]
    return bool(np.abs(scores).max() > 710 and gap.max() > 800)


def _large_score_data(rng, N, D, C, scale, tries=500):
    """``(W, X, y)`` with scores large enough that exp overflows without a shift (some |score| >
    710) and some example's correct class so far below its best (by > 800) that its probability
    underflows to 0 (``-log(p)`` is inf there, log-sum-exp is not): drawn again from the same
    generator until they are, so every draw tests both."""
    for _ in range(tries):
        W = 0.1 * rng.standard_normal((D, C))
        X = scale * rng.standard_normal((N, D))
        y = random_labels(rng, N, C, all_classes=True)
        if tests_every_shift_rule(X @ W, y):
            return W, X, y
    raise RuntimeError(f"no large-score loss data in {tries} draws (N={N}, D={D}, C={C}, scale={scale:g})")


def _integer_loss_data(rng, N, D, C, tries=500):
    """``(W, X, y)`` of small integers whose scores have at least 3 SVM margins of exactly 0
    (a score one below the correct class's) and a tie with the correct class's score: drawn
    again (from the same generator, so any draw gives the same data each time) until they do."""
    for _ in range(tries):
        W = rng.integers(-2, 3, size=(D, C)).astype(np.float64)
        X = rng.integers(-2, 3, size=(N, D)).astype(np.float64)
        y = random_labels(rng, N, C, all_classes=True)
        scores = X @ W
        correct = scores[np.arange(N), y][:, None]
        others = np.ones_like(scores, dtype=bool)
        others[np.arange(N), y] = False
        if np.sum((scores - correct + 1 == 0) & others) >= 3 and np.sum((scores == correct) & others) >= 1:
            return W, X, y
    raise RuntimeError(f"no integer loss data with zero margins and ties in {tries} draws (N={N}, D={D}, C={C})")
