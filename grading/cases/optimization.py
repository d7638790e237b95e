"""Hidden cases of ``optimization.py``: learning-rate schedules and L1 regularization."""
import numpy as np

from .base import Case, seeded_rng


def step_decay_cases() -> list:
    out = []
    for lr, epoch, drop, every, label in [
            (0.1, 0, 0.5, 10, "epoch 0: the initial learning rate"),
            (0.1, 9, 0.5, 10, "the last epoch before the first drop"),
            (0.1, 10, 0.5, 10, "exactly at the first drop"),
            (3e-3, 7, 0.1, 2, "three drops by 0.1 (epochs_per_drop=2)"),
            (1.0, 25, 0.5, 1, "a drop every epoch, epoch 25"),
            (0.05, 12, 1.0, 3, "drop=1: constant"),
            (0.2, 16, 0.5, 10, "past the middle of the second period: one drop, not two")]:
        out.append(Case(f"learning_rate={lr:g}, epoch={epoch}, drop={drop:g}, epochs_per_drop={every}: {label}",
                        {"learning_rate": lr, "epoch": epoch, "drop": drop, "epochs_per_drop": every},
                        tol={"*": 1e-9}))
    return out


def exponential_decay_cases() -> list:
    out = []
    for lr, epoch, k, label in [(0.1, 0, 0.1, "epoch 0: the initial learning rate"),
                                (0.1, 1, 0.1, "one epoch"),
                                (2e-3, 17, 0.35, "epoch 17, k=0.35"),
                                (1.0, 40, 0.0, "k=0: constant"),
                                (0.5, 100, 0.2, "a very small learning rate (about 1e-9)")]:
        out.append(Case(f"learning_rate={lr:g}, epoch={epoch}, k={k:g}: {label}",
                        {"learning_rate": lr, "epoch": epoch, "k": k}, tol={"*": 1e-9}, atol={"*": 0.0}))
    return out


def l1_regularization_cases() -> list:
    out = []
    for seed, (shape, reg) in enumerate([((3, 2), 0.5), ((1, 1), 2.0), ((6, 4), 1e-3)]):
        rng = seeded_rng(181 + seed)
        out.append(Case(f"W {shape}, reg={reg:g}", {"W": rng.standard_normal(shape), "reg": reg}))
    W = np.array([[0.0, 1.5, -2.0], [0.0, -0.0, 3.0]])
    out.append(Case("W with exact zeros: the subgradient there is 0", {"W": W, "reg": 0.3}))
    out.append(Case("reg=0", {"W": seeded_rng(185).standard_normal((2, 5)), "reg": 0.0}))
    out.append(Case("very large weights (about 1e6)", {"W": 1e6 * seeded_rng(186).standard_normal((4, 3)), "reg": 1e-4}))
    return out
