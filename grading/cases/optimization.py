"""Hidden cases of ``optimization.py``: learning-rate schedules and L1 regularization."""
import numpy as np

from .base import Case, drawn, seeded_rng

_STEP_FIXED = [(0.1, 0, 0.5, 10), (0.1, 9, 0.5, 10), (0.1, 10, 0.5, 10), (3e-3, 7, 0.1, 2), (1.0, 25, 0.5, 1),
               (0.05, 12, 1.0, 3), (0.2, 16, 0.5, 10)]
_STEP_LABELS = ["epoch 0: the initial learning rate", "the last epoch before the first drop",
                "exactly at the first drop", "three drops", "a drop every epoch",
                "drop=1: constant", "past the middle of the second period: one drop, not two"]


def _step_drawn(rng):
    """The seven step-decay cases with drawn values and the same structure as ``_STEP_FIXED``."""
    lr = [float(v) for v in 10.0 ** rng.uniform(-3, 0, 7)]      # every expected value stays above 1e-6,
    drop = [float(v) for v in np.round(rng.uniform(0.1, 0.9, 7), 3)]   # far from the absolute tolerance
    lr[4], drop[4] = float(10.0 ** rng.uniform(-1, 0)), float(np.round(rng.uniform(0.5, 0.9), 3))
    every = [int(v) for v in rng.integers(2, 16, 7)]
    first = every[1]
    three = every[3]
    second = every[6] + 1          # at least 3, so that the second half of a period exists
    return [(lr[0], 0, drop[0], every[0]), (lr[1], first - 1, drop[1], first), (lr[2], every[2], drop[2], every[2]),
            (lr[3], 3 * three + int(rng.integers(0, three)), drop[3], three),
            (lr[4], int(rng.integers(8, 17)), drop[4], 1), (lr[5], int(rng.integers(1, 40)), 1.0, every[5]),
            (lr[6], second + int(rng.integers(second // 2 + 1, second)), drop[6], second)]


def step_decay_cases() -> list:
    rng = drawn(191)
    rows = _STEP_FIXED if rng is None else _step_drawn(rng)
    out = []
    for (lr, epoch, drop, every), label in zip(rows, _STEP_LABELS):
        out.append(Case(f"learning_rate={lr:g}, epoch={epoch}, drop={drop:g}, epochs_per_drop={every}: {label}",
                        {"learning_rate": lr, "epoch": epoch, "drop": drop, "epochs_per_drop": every},
                        tol={"*": 1e-9}))
    return out


def exponential_decay_cases() -> list:
    rows = [(0.1, 0, 0.1), (0.1, 1, 0.1), (2e-3, 17, 0.35), (1.0, 40, 0.0), (0.5, 100, 0.2)]
    rng = drawn(192)
    if rng is not None:
        lr = [float(v) for v in 10.0 ** rng.uniform(-3, 0, 5)]
        k = [float(v) for v in np.round(rng.uniform(0.05, 0.5, 3), 3)]
        rows = [(lr[0], 0, k[0]), (lr[1], 1, k[1]), (lr[2], int(rng.integers(5, 30)), k[2]),
                (lr[3], int(rng.integers(1, 60)), 0.0), (lr[4], int(rng.integers(90, 120)), 0.2)]
    labels = ["epoch 0: the initial learning rate", "one epoch", "a later epoch", "k=0: constant",
              "a very small learning rate (about 1e-9)"]
    out = []
    for (lr, epoch, k), label in zip(rows, labels):
        out.append(Case(f"learning_rate={lr:g}, epoch={epoch}, k={k:g}: {label}",
                        {"learning_rate": lr, "epoch": epoch, "k": k}, tol={"*": 1e-9}, atol={"*": 0.0}))
    return out


def l1_regularization_cases() -> list:
    out = []
    for seed, (shape, reg) in enumerate([((3, 2), 0.5), ((1, 1), 2.0), ((6, 4), 1e-3)]):
        rng = seeded_rng(181 + seed)
        out.append(Case(f"W {shape}, reg={reg:g}", {"W": rng.standard_normal(shape), "reg": reg}))
    W, reg = np.array([[0.0, 1.5, -2.0], [0.0, -0.0, 3.0]]), 0.3
    rng = drawn(184)
    if rng is not None:          # the same places of the zeros (one of them -0.0), drawn values elsewhere
        W = np.where(W == 0, W, rng.choice([-1.0, 1.0], W.shape) * rng.uniform(0.5, 3.0, W.shape))
        reg = float(np.round(rng.uniform(0.1, 1.0), 3))
    out.append(Case("W with exact zeros: the subgradient there is 0", {"W": W, "reg": reg}))
    out.append(Case("reg=0", {"W": seeded_rng(185).standard_normal((2, 5)), "reg": 0.0}))
    out.append(Case("very large weights (about 1e6)", {"W": 1e6 * seeded_rng(186).standard_normal((4, 3)), "reg": 1e-4}))
    return out
