"""Hidden cases of ``classifiers/k_nearest_neighbor.py``: distances and label votes."""
import numpy as np

from .base import Case, drawn, random_labels, seeded_rng


def _knn_case(seed, num_train, num_test, D, pixels=False, duplicates=False, label=""):
    rng = seeded_rng(seed)
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
    y_train = random_labels(rng, num_train, 3)
    text = f"num_test={num_test}, num_train={num_train}, D={D}" + (f", {label}" if label else "")
    return Case(text, {"X_train": X_train, "y_train": y_train, "X": X},
                tol={"*": 1e-7}, atol={"*": 1e-7}, meta={"duplicates": duplicates})


def knn_distance_cases() -> list:
    return [
        _knn_case(21, num_train=4, num_test=1, D=3, label="one test point"),
        _knn_case(22, num_train=7, num_test=3, D=5, label="non-square"),
        _knn_case(23, num_train=5, num_test=9, D=2, label="more test than training points"),
        _knn_case(24, num_train=6, num_test=4, D=20, pixels=True, duplicates=True,
                  label="pixel values, test points equal to training points"),
        _knn_near_copies_case(25),
    ]


def _knn_near_copies_case(seed, num_test=6, copies=6, D=200):
    """Float data where each test point has ``copies`` training points within 1e-9 (the first
    one exactly equal): the expanded square ||a||^2 + ||b||^2 - 2 a.b then rounds to about +-1e-13,
    below 0 for roughly one pair in three, so some pair needs the clip before np.sqrt on any
    machine (few test points keep per-test-point work, loops or printing, small)."""
    rng = seeded_rng(seed)
    X = rng.standard_normal((num_test, D))
    X_train = np.repeat(X, copies, axis=0) + 1e-9 * rng.standard_normal((num_test * copies, D))
    X_train[::copies] = X
    y_train = random_labels(rng, num_test * copies, 3)
    return Case(f"num_test={num_test}, num_train={num_test * copies}, D={D}, float data, every test point equal to a "
                "training point and within 1e-9 of others (rounding gives tiny negative squares)",
                {"X_train": X_train, "y_train": y_train, "X": X}, tol={"*": 1e-7}, atol={"*": 1e-7},
                meta={"duplicates": True})


def _labels_case(seed, dists, y_train, k, label):
    num_train = dists.shape[1]
    return Case(f"num_test={dists.shape[0]}, num_train={num_train}, k={k}, {label}",
                {"X_train": np.zeros((num_train, 1)), "y_train": np.asarray(y_train, dtype=np.int64),
                 "dists": np.asarray(dists, dtype=np.float64), "k": int(k)}, meta={"k": k})


def knn_label_cases() -> list:
    rng = seeded_rng(31)
    d = rng.random((5, 8))
    y = rng.integers(0, 4, size=8)
    ties = np.array([[1.0, 1.0, 2.0, 2.0, 3.0], [2.0, 1.0, 1.0, 3.0, 0.5], [5.0, 4.0, 3.0, 2.0, 1.0]])
    names, jitter = np.arange(4), drawn(38)
    if jitter is not None:          # distances scaled (same order, same ties), labels renamed in order
        ties = ties * float(np.round(jitter.uniform(0.5, 4.0), 3))
        names = np.sort(jitter.choice(10, 4, replace=False))
    return [
        _labels_case(31, d, y, 1, "k=1"),
        _labels_case(32, d, y, 3, "k=3"),
        _labels_case(33, ties, names[[2, 0, 1, 0, 1]], 2, "equal distances and a tie between labels (smaller label wins)"),
        _labels_case(34, ties, names[[3, 3, 1, 1, 2]], 4, "two labels with two votes each"),
        _labels_case(35, d[:1], y, 8, "one test point, k = num_train"),
        _labels_case(36, seeded_rng(36).integers(0, 3, size=(12, 40)).astype(np.float64), seeded_rng(37).integers(0, 4, size=40), 5,
                     "many equal distances (40 training points, 3 distinct distances): any order among equal distances is right"),
    ]


def knn_vote_choices(dists, y_train, k) -> list:
    """Per test point, every label the vote (the most frequent label, the smaller among equally
    frequent ones) gives for SOME valid choice of the k nearest: the points nearer than the k-th
    smallest distance are in, and any of the points exactly at that distance may fill the rest
    (which of them is arbitrary, so every such answer is right). ``[frozenset of labels]``."""
    y_train = np.asarray(y_train, dtype=np.int64)
    labels = int(y_train.max()) + 1 if y_train.size else 1
    choices = []
    for row in np.asarray(dists, dtype=np.float64):
        kth = np.sort(row)[k - 1]
        sure = np.bincount(y_train[row < kth], minlength=labels)
        tied = np.bincount(y_train[row == kth], minlength=labels)
        choices.append(frozenset(int(np.argmax(sure + take)) for take in _fills(tied, k - int(sure.sum()))))
    return choices


def _fills(available, need):
    """Every vector ``take`` with ``0 <= take <= available`` entrywise and ``sum(take) == need``."""
    if not len(available):
        if need == 0:
            yield np.zeros(0, dtype=np.int64)
        return
    rest = int(available[1:].sum())
    for first in range(max(0, need - rest), min(int(available[0]), need) + 1):
        for tail in _fills(available[1:], need - first):
            yield np.concatenate(([first], tail)).astype(np.int64)
