"""Hidden cases of ``classifiers/linear_classifier.py``: training by SGD and prediction."""
import numpy as np

from .base import Case, drawn, random_labels, seeded_rng


def linear_predict_cases() -> list:
    out = []
    for seed, (N, D, C) in enumerate([(1, 3, 2), (6, 4, 5), (9, 7, 3)]):
        rng = seeded_rng(41 + seed)
        out.append(Case(f"N={N}, D={D}, C={C}", {"W": rng.standard_normal((D, C)), "X": rng.standard_normal((N, D))}))
    W = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    X = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    jitter = drawn(44)
    if jitter is not None:          # scaled by positive factors, rows in another order: the same ties
        W = W * float(np.round(jitter.uniform(0.5, 3.0), 3))
        X = (X * np.round(jitter.uniform(0.5, 3.0, (3, 1)), 3))[jitter.permutation(3)]
    out.append(Case("equal scores (the smaller class wins)", {"W": W, "X": X}))
    return out


def linear_train_cases() -> list:
    cases = []
    for seed, (N, D, C, batch, iters, lr, reg) in enumerate([(10, 3, 2, 4, 5, 0.1, 0.0),
                                                             (7, 5, 4, 12, 3, 0.05, 0.1),
                                                             (1, 2, 3, 2, 4, 0.5, 0.01)]):
        rng = seeded_rng(51 + seed)
        X = rng.standard_normal((N, D))
        y = random_labels(rng, N, C, all_classes=True)
        y[-1] = C - 1  # so that C = max(y) + 1
        cases.append(Case(f"N={N}, D={D}, C={C}, batch_size={batch}, num_iters={iters}, learning_rate={lr:g}, reg={reg:g}",
                          {"X": X, "y": y, "learning_rate": lr, "reg": reg, "num_iters": iters,
                           "batch_size": batch, "seed": 2310000 + seed},
                          meta={"N": N, "reg": reg, "lr": lr, "batch_size": batch}))
    rng = seeded_rng(55)
    X = rng.standard_normal((6, 3))
    cases.append(Case("continuing from an existing W (no re-initialization)",
                      {"X": X, "y": np.array([0, 1, 2, 0, 1, 2]), "W0": rng.standard_normal((3, 3)),
                       "learning_rate": 0.2, "reg": 0.0, "num_iters": 3, "batch_size": 6, "seed": 7}))
    return cases
