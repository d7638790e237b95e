"""Hidden case generators: seeded inputs that differ from the notebooks' public checks.

Each generator returns a list of :class:`Case`. A case carries its inputs (numpy arrays and
plain numbers, by the names the manifest's driver spec uses), a short label for feedback
("N=1, D=3, C=2, reg=0"), optional per-output tolerances, and ``meta`` facts the feedback
analysis can use (N, reg, whether scores are very large, ...). Seeds start at 2310000 so they
never coincide with the public checks' small seeds.
"""
from dataclasses import dataclass, field

import numpy as np

DEFAULT_TOL = 1e-6


@dataclass
class Case:
    label: str
    inputs: dict
    tol: dict = field(default_factory=dict)     # output name (or "*") -> relative tolerance
    atol: dict = field(default_factory=dict)    # output name (or "*") -> absolute tolerance, times max|expected|
    meta: dict = field(default_factory=dict)

    def tolerance(self, name):
        base = name.split(".")[0]
        return self.tol.get(name, self.tol.get(base, self.tol.get("*", DEFAULT_TOL)))

    def abs_tolerance(self, name):
        base = name.split(".")[0]
        return self.atol.get(name, self.atol.get(base, self.atol.get("*", 1e-10)))


def _rng(seed):
    return np.random.default_rng(2310000 + seed)


def _labels(rng, N, C, all_classes=False):
    y = rng.integers(0, C, size=N).astype(np.int64)
    if all_classes and N >= C:
        y[:C] = np.arange(C)
        rng.shuffle(y)
    return y


# --------------------------------------------------------------------------- linear losses

def _loss_case(seed, N, D, C, reg, scale=1.0, integer=False, label=""):
    rng = _rng(seed)
    if integer:
        W = rng.integers(-2, 3, size=(D, C)).astype(np.float64)
        X = rng.integers(-2, 3, size=(N, D)).astype(np.float64)
    else:
        W = 0.1 * rng.standard_normal((D, C))
        X = scale * rng.standard_normal((N, D))
    y = _labels(rng, N, C, all_classes=True)
    meta = {"N": N, "D": D, "C": C, "reg": reg, "large_scores": scale >= 100, "zero_margins": integer}
    text = f"N={N}, D={D}, C={C}, reg={reg:g}" + (f", {label}" if label else "")
    return Case(text, {"W": W, "X": X, "y": y, "reg": float(reg)}, meta=meta)


def svm_cases():
    return [
        _loss_case(1, N=1, D=3, C=2, reg=0.0, label="one example, two classes"),
        _loss_case(2, N=5, D=7, C=4, reg=0.1, label="D != C"),
        _loss_case(3, N=8, D=3, C=6, reg=0.5, label="more classes than dimensions"),
        _loss_case(4, N=6, D=4, C=3, reg=0.05, integer=True, label="integer data: ties and margins of exactly 0"),
        _loss_case(5, N=20, D=10, C=10, reg=0.0, label="reg = 0"),
    ]


def softmax_cases():
    return [
        _loss_case(11, N=1, D=3, C=2, reg=0.0, label="one example, two classes"),
        _loss_case(12, N=5, D=7, C=4, reg=0.1, label="D != C"),
        _loss_case(13, N=8, D=3, C=6, reg=0.5, label="more classes than dimensions"),
        _loss_case(14, N=6, D=5, C=3, reg=0.0, scale=3000.0, label="very large scores (about 1e3)"),
        _loss_case(15, N=20, D=10, C=10, reg=1e-3, label="small reg"),
    ]


# --------------------------------------------------------------------------- kNN

def _knn_case(seed, num_train, num_test, D, pixels=False, duplicates=False, label=""):
    rng = _rng(seed)
    if pixels:
        X_train = rng.integers(0, 256, size=(num_train, D)).astype(np.float64)
        X = rng.integers(0, 256, size=(num_test, D)).astype(np.float64)
    else:
        X_train = rng.standard_normal((num_train, D))
        X = rng.standard_normal((num_test, D))
    if duplicates:
        X_train[1] = X_train[0]                       # two identical training points
        X[0] = X_train[0]                             # test points equal to training points
        X[-1] = X_train[-1]
    y_train = _labels(rng, num_train, 3)
    text = f"num_test={num_test}, num_train={num_train}, D={D}" + (f", {label}" if label else "")
    return Case(text, {"X_train": X_train, "y_train": y_train, "X": X},
                tol={"*": 1e-7}, atol={"*": 1e-7}, meta={"duplicates": duplicates})


def knn_distance_cases():
    return [
        _knn_case(21, num_train=4, num_test=1, D=3, label="one test point"),
        _knn_case(22, num_train=7, num_test=3, D=5, label="non-square"),
        _knn_case(23, num_train=5, num_test=9, D=2, label="more test than training points"),
        _knn_case(24, num_train=6, num_test=4, D=20, pixels=True, duplicates=True,
                  label="pixel values, test points equal to training points"),
    ]


def _labels_case(seed, dists, y_train, k, label):
    num_train = dists.shape[1]
    return Case(f"num_test={dists.shape[0]}, num_train={num_train}, k={k}, {label}",
                {"X_train": np.zeros((num_train, 1)), "y_train": np.asarray(y_train, dtype=np.int64),
                 "dists": np.asarray(dists, dtype=np.float64), "k": int(k)}, meta={"k": k})


def knn_label_cases():
    rng = _rng(31)
    d = rng.random((5, 8))
    y = rng.integers(0, 4, size=8)
    ties = np.array([[1.0, 1.0, 2.0, 2.0, 3.0], [2.0, 1.0, 1.0, 3.0, 0.5], [5.0, 4.0, 3.0, 2.0, 1.0]])
    return [
        _labels_case(31, d, y, 1, "k=1"),
        _labels_case(32, d, y, 3, "k=3"),
        _labels_case(33, ties, [2, 0, 1, 0, 1], 2, "equal distances and a tie between labels (smaller label wins)"),
        _labels_case(34, ties, [3, 3, 1, 1, 2], 4, "two labels with two votes each"),
        _labels_case(35, d[:1], y, 8, "one test point, k = num_train"),
    ]


# --------------------------------------------------------------------------- linear classifier

def linear_predict_cases():
    out = []
    for seed, (N, D, C) in enumerate([(1, 3, 2), (6, 4, 5), (9, 7, 3)]):
        rng = _rng(41 + seed)
        out.append(Case(f"N={N}, D={D}, C={C}", {"W": rng.standard_normal((D, C)), "X": rng.standard_normal((N, D))}))
    W = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    X = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    out.append(Case("equal scores (the smaller class wins)", {"W": W, "X": X}))
    return out


def linear_train_cases():
    cases = []
    for seed, (N, D, C, batch, iters, lr, reg) in enumerate([(10, 3, 2, 4, 5, 0.1, 0.0),
                                                             (7, 5, 4, 12, 3, 0.05, 0.1),
                                                             (1, 2, 3, 2, 4, 0.5, 0.01)]):
        rng = _rng(51 + seed)
        X = rng.standard_normal((N, D))
        y = _labels(rng, N, C, all_classes=True)
        y[-1] = C - 1  # so that C = max(y) + 1
        cases.append(Case(f"N={N}, D={D}, C={C}, batch_size={batch}, num_iters={iters}, learning_rate={lr:g}, reg={reg:g}",
                          {"X": X, "y": y, "learning_rate": lr, "reg": reg, "num_iters": iters,
                           "batch_size": batch, "seed": 2310000 + seed},
                          meta={"N": N, "reg": reg, "lr": lr, "batch_size": batch}))
    rng = _rng(55)
    X = rng.standard_normal((6, 3))
    cases.append(Case("continuing from an existing W (no re-initialization)",
                      {"X": X, "y": np.array([0, 1, 2, 0, 1, 2]), "W0": rng.standard_normal((3, 3)),
                       "learning_rate": 0.2, "reg": 0.0, "num_iters": 3, "batch_size": 6, "seed": 7}))
    return cases
