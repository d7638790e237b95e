"""Misconceptions of ``classifiers/k_nearest_neighbor.py``: the three distance versions and
``predict_labels``. Each wrong version is the reference with ``if "flag" in mistakes:`` switches."""
from collections import Counter

import numpy as np

from .base import mistakes_of

_K = "classifiers.k_nearest_neighbor.KNearestNeighbor."
TWO, ONE, NO, LABELS = (_K + n for n in ("compute_distances_two_loops", "compute_distances_one_loop",
                                         "compute_distances_no_loops", "predict_labels"))

_EUCLID = ('"dists[i, j] is the Euclidean distance between the ith test point and the jth training point: '
           'sqrt(sum_d (X[i, d] - X_train[j, d])**2)" (compute_distances_two_loops)')

_NO_SQRT = ("no_sqrt", "squared distances (no square root)",
            "You return the sum of squared differences; the L2 distance is its square root. Apply np.sqrt "
            "to the sum (kNN's ranking does not change, but the distances themselves are graded).",
            _EUCLID, "", ("dists",))


def compute_distances_two_loops(self, X, *, mistakes=frozenset()):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    for i in range(num_test):
        for j in range(num_train):
            diff = X[i] - self.X_train[j]
            if "l1_distance" in mistakes:
                dists[i, j] = np.sum(np.abs(diff))
                continue
            if "square_of_sum" in mistakes:
                total = np.sum(diff) ** 2
            else:
                total = np.sum(diff * diff)
            dists[i, j] = total if "no_sqrt" in mistakes else np.sqrt(total)
    return dists


def compute_distances_one_loop(self, X, *, mistakes=frozenset()):
    X = self._check_test_X(X)
    num_test = X.shape[0]
    num_train = self.X_train.shape[0]
    dists = np.zeros((num_test, num_train))
    for i in range(num_test):
        diff = self.X_train - X[i]
        if "sum_without_axis" in mistakes:
            total = np.sum(diff * diff)
        elif "sum_wrong_axis" in mistakes:
            total = np.sum(diff * diff, axis=0)
        elif "square_of_sum" in mistakes:
            total = np.sum(diff, axis=1) ** 2
        else:
            total = np.sum(diff * diff, axis=1)
        dists[i, :] = total if "no_sqrt" in mistakes else np.sqrt(total)
    return dists


def compute_distances_no_loops(self, X, *, mistakes=frozenset()):
    X = self._check_test_X(X)
    test_sq = np.sum(X * X, axis=1)
    train_sq = np.sum(self.X_train * self.X_train, axis=1)
    factor = -1.0 if "cross_term_not_doubled" in mistakes else -2.0
    if "cross_term_sign" in mistakes:
        factor = -factor
    if "transposed" in mistakes:
        sq = (factor * self.X_train) @ X.T
        sq += train_sq[:, None]
        sq += test_sq[None, :]
    else:
        sq = (factor * X) @ self.X_train.T
        sq += test_sq[:, None]
        sq += train_sq[None, :]
    if "no_sqrt" in mistakes:
        return np.maximum(sq, 0.0) if "no_clip" not in mistakes else sq
    if "no_clip" not in mistakes:
        np.maximum(sq, 0.0, out=sq)
    return np.sqrt(sq)


# The order among equal distances is free (any valid choice of the k nearest is right), but a
# mistake such as Counter's tie rule shows differently in each order: every variant of
# predict_labels is also run in these orders (``ANY_ORDER``, used by ``base.run_variant``), and a
# student's outputs match it when each entry is what one of them gives.
_ORDERS = ("_order_default", "_order_heapsort", "_order_reversed")
ANY_ORDER = {_K + "predict_labels": _ORDERS}


def _order(row, mistakes):
    """The training points of ``row`` by distance, equal distances in the order a flag of
    :data:`_ORDERS` says (numpy's default sort, heapsort, reversed training order), else stable."""
    if "_order_default" in mistakes:
        return np.argsort(row)
    if "_order_heapsort" in mistakes:
        return np.argsort(row, kind="heapsort")
    if "_order_reversed" in mistakes:
        return np.lexsort((-np.arange(len(row)), row))
    return np.argsort(row, kind="stable")


def predict_labels(self, dists, k=1, *, mistakes=frozenset()):
    if self.y_train is None:
        raise RuntimeError("The classifier has no training data yet: call train(X_train, y_train) first.")
    dists = np.asarray(dists)
    num_train = self.y_train.shape[0]
    if dists.ndim != 2 or dists.shape[1] != num_train:
        raise ValueError(f"dists must have shape (num_test, {num_train}), got {dists.shape}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= num_train:
        raise ValueError(f"k must be an integer with 1 <= k <= num_train = {num_train}, got k={k!r}")
    num_test = dists.shape[0]
    y_pred = np.zeros(num_test, dtype=np.int64)
    for i in range(num_test):
        if "argpartition" in mistakes:
            nearest = np.argpartition(dists[i], k)[:k]
        elif "farthest_neighbours" in mistakes:
            nearest = _order(dists[i], mistakes)[::-1][:k]
        else:
            nearest = _order(dists[i], mistakes)[:k]
        closest_y = self.y_train[nearest]
        if "counter_vote" in mistakes:
            y_pred[i] = Counter(closest_y.tolist()).most_common(1)[0][0]
        elif "ties_to_larger_label" in mistakes:
            y_pred[i] = np.argsort(np.bincount(closest_y), kind="stable")[-1]
        else:
            y_pred[i] = np.argmax(np.bincount(closest_y))
    return y_pred


WRONG_VERSIONS = {TWO: compute_distances_two_loops, ONE: compute_distances_one_loop,
                  NO: compute_distances_no_loops, LABELS: predict_labels}

_SQUARE_OF_SUM = ("square_of_sum", "the square of the sum instead of the sum of squares",
                  "You square the sum of the differences, (sum_d diff_d)**2; the distance needs the sum of the "
                  "squared differences, sum_d diff_d**2 (square first, then sum).", _EUCLID, "", ("dists",))

_K_RULE = '"k: How many nearest neighbours vote (1 <= k <= num_train)." (predict_labels)'
_VOTE_RULE = '"ties between labels go to the smaller label" (predict_labels)'

MISCONCEPTIONS = (
    mistakes_of(
        TWO, _NO_SQRT, _SQUARE_OF_SUM,
        ("l1_distance", "the L1 (Manhattan) distance instead of L2",
         "You sum absolute differences, which is the L1 distance; this classifier uses L2: the square root of "
         "the sum of squared differences.", _EUCLID, "", ("dists",)),
    )
    + mistakes_of(
        ONE, _NO_SQRT, _SQUARE_OF_SUM,
        ("sum_without_axis", "np.sum without axis=1: one number for the whole row",
         "np.sum(diff ** 2) adds up the squared differences to every training point at once, so the whole row "
         "dists[i, :] gets one value; sum over the features only: np.sum(diff ** 2, axis=1).",
         '"Compute the l2 distance between the ith test point and all training points, and store the result in '
         'dists[i, :]" (compute_distances_one_loop)', "", ("dists",)),
        ("sum_wrong_axis", "the sum over axis=0 (training points) instead of axis=1 (features)",
         "diff = X_train - X[i] has one row per training point, so the sum over features is axis=1; axis=0 "
         "sums over training points and gives D numbers instead of num_train.",
         '"dists: A numpy array of shape (num_test, num_train)" (compute_distances_two_loops)', "", ("dists",)),
    )
    + mistakes_of(
        NO, _NO_SQRT,
        ("no_clip", "no clip of tiny negative squared distances before the square root",
         "||a||^2 + ||b||^2 - 2 a.b is rounded: for a test point equal (or very close) to a training point it "
         "can come out as -1e-15, and np.sqrt gives NaN there. Clip at 0 first: np.maximum(sq, 0).",
         '"Rounding can make an expanded square slightly negative (about -1e-9 when a test point equals a '
         'training point): clip those at 0 before the square root, or you get NaN." (compute_distances_no_loops)',
         "", ("dists",)),
        ("transposed", "distances of shape (num_train, num_test)",
         "You computed X_train @ X.T, so rows are training points; dists[i, j] must have the test point i in "
         "the row: use X @ X_train.T (shape (num_test, num_train)).",
         '"dists: A numpy array of shape (num_test, num_train) where dists[i, j] is the Euclidean distance '
         'between the ith test point and the jth training point" (compute_distances_two_loops)', "", ("dists",)),
        ("cross_term_sign", "+2 a.b instead of -2 a.b",
         "The expansion is ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b: the cross term is subtracted.",
         '"Hint: expand ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b" (compute_distances_no_loops)', "", ("dists",)),
        ("cross_term_not_doubled", "the cross term without its factor 2",
         "You subtract a.b once; the expansion ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b needs it twice "
         "(-2 * X @ X_train.T).",
         '"Hint: expand ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b" (compute_distances_no_loops)', "", ("dists",)),
    )
    + mistakes_of(
        LABELS,
        ("argpartition", "np.argpartition(dists[i], k) fails for k = num_train",
         "np.argpartition(dists[i], k) needs k < num_train (kth is an index into the row), so it raises "
         "ValueError when every training point votes; use np.argpartition(dists[i], k - 1)[:k] or "
         "np.argsort(dists[i])[:k].",
         _K_RULE, "", ("y_pred",)),
        ("farthest_neighbours", "the k farthest training points instead of the nearest",
         "Your indices come from the end of the ascending sort (or a descending sort), i.e. the largest "
         "distances; the neighbours are the k smallest: np.argsort(dists[i], kind=\"stable\")[:k].",
         '"the k nearest neighbours are the k smallest distances in row i" (predict_labels)', "", ("y_pred",)),
        ("counter_vote", "Counter.most_common: ties go to the label seen first, not the smaller",
         "Counter(closest_y).most_common(1) breaks a tie between equally frequent labels by the order the "
         "labels were first seen (the nearer neighbour's label); the rule is the smaller label: "
         "np.argmax(np.bincount(closest_y)).", _VOTE_RULE, "", ("y_pred",)),
        ("ties_to_larger_label", "ties between labels go to the larger label",
         "Among equally frequent labels you take the larger one (e.g. the last entry of a sort of the counts); "
         "the rule is the smaller label, which np.argmax(np.bincount(closest_y)) returns (argmax picks the "
         "first maximum).", _VOTE_RULE, "", ("y_pred",)),
    )
)

# Flags that are alternatives of the same line: never combined into a pair.
EXCLUSIVE = {
    TWO: [{"l1_distance", "square_of_sum"}, {"l1_distance", "no_sqrt"}],
    ONE: [{"sum_without_axis", "sum_wrong_axis", "square_of_sum"},
          {"sum_wrong_axis", "no_sqrt"}],                                # the shape error comes first
    # without sqrt a -1e-15 is harmless; with a wrong cross term nothing rounds to a tiny negative
    NO: [{"cross_term_sign", "cross_term_not_doubled", "no_clip"}, {"no_sqrt", "no_clip"}],
    LABELS: [{"argpartition", "farthest_neighbours"}, {"counter_vote", "ties_to_larger_label"}],
}
