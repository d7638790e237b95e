"""What every case generator shares: :class:`Case`, the default tolerance, the seeded random
generators (seeds start at 2310000, so they never coincide with the public checks' small seeds)
and the case of a linear loss (``W``, ``X``, ``y``, ``reg``), used by the SVM and the softmax."""
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

    def tolerance(self, name):
        base = name.split(".")[0]
        return self.tol.get(name, self.tol.get(base, self.tol.get("*", grader_tolerances()[0])))

    def abs_tolerance(self, name):
        base = name.split(".")[0]
        return self.atol.get(name, self.atol.get(base, self.atol.get("*", grader_tolerances()[1])))


def seeded_rng(seed: int) -> np.random.Generator:
    """The generator of one case: seeds start at 2310000, apart from the public checks' seeds."""
    return np.random.default_rng(2310000 + seed)


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
        W = rng.integers(-2, 3, size=(D, C)).astype(np.float64)
        X = rng.integers(-2, 3, size=(N, D)).astype(np.float64)
    else:
        W = 0.1 * rng.standard_normal((D, C))
        X = scale * rng.standard_normal((N, D))
    y = random_labels(rng, N, C, all_classes=True)
    meta = {"N": N, "D": D, "C": C, "reg": reg, "large_scores": scale >= 100, "zero_margins": integer}
    text = f"N={N}, D={D}, C={C}, reg={reg:g}" + (f", {label}" if label else "")
    return Case(text, {"W": W, "X": X, "y": y, "reg": float(reg)}, meta=meta)
