"""Misconceptions of ``classifiers/linear_svm.py``: ``svm_loss_naive`` and ``svm_loss_vectorized``."""
import numpy as np

from .base import lazy, mistakes_of
from .common import REG_EXCLUSIVE, reg_items, regularize

NAIVE = "classifiers.linear_svm.svm_loss_naive"
VECTORIZED = "classifiers.linear_svm.svm_loss_vectorized"


def svm_loss_naive(W, X, y, reg, *, mistakes=frozenset()):
    m = mistakes
    lazy("classifiers.input_checks").check_loss_inputs(W, X, y)
    dW = np.zeros(W.shape)
    loss = 0.0
    num_classes = W.shape[1]
    num_train = X.shape[0]
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i] and "correct_class_counted" not in m:
                continue
            margin = scores[j] - correct_class_score + 1
            active = margin >= 0 if "margin_ge_0" in m else margin > 0
            if active:
                loss += margin
            if active or "gradient_outside_margin_check" in m:
                dW[:, j] += X[i]
                if "correct_column_sign" in m:
                    dW[:, y[i]] += X[i]
                elif "correct_column_missing" not in m:
                    dW[:, y[i]] -= X[i]
    if "loss_not_averaged" not in m:
        loss /= num_train
    if "grad_not_averaged" not in m:
        dW /= num_train
    return regularize(loss, dW, W, reg, num_train, m)


def svm_loss_vectorized(W, X, y, reg, *, mistakes=frozenset()):
    m = mistakes
    lazy("classifiers.input_checks").check_loss_inputs(W, X, y)
    num_train = X.shape[0]
    rows = np.arange(num_train)
    scores = X @ W
    if "correct_scores_not_column" in m:
        correct_class_scores = scores[rows, y]          # (N,): broadcasts along the rows
    else:
        correct_class_scores = scores[rows, y][:, None]
    raw = scores - correct_class_scores + 1.0
    margins = np.maximum(0.0, raw)
    if "correct_class_counted" not in m:
        margins[rows, y] = 0.0
    loss = np.sum(margins)
    if "loss_not_averaged" not in m:
        loss = loss / num_train
    # the loss may drop the correct class's margin of 1 while the gradient mask still counts it
    in_mask = "correct_class_counted" in m or "correct_class_in_gradient_mask" in m
    if "margin_ge_0" in m:
        dscores = (raw >= 0).astype(np.float64)
        if not in_mask:
            dscores[rows, y] = 0.0
    else:
        dscores = ((np.maximum(0.0, raw) if in_mask else margins) > 0).astype(np.float64)
    if "correct_column_not_counted" in m:
        dscores[rows, y] = -1.0
    elif "correct_column_missing" in m:
        pass
    elif "correct_column_sign" in m:
        dscores[rows, y] = np.sum(dscores, axis=1)
    else:
        dscores[rows, y] = -np.sum(dscores, axis=1)
    if "grad_not_averaged" not in m:
        dscores /= num_train
    dW = X.T @ dscores
    return regularize(loss, dW, W, reg, num_train, m)


WRONG_VERSIONS = {NAIVE: svm_loss_naive, VECTORIZED: svm_loss_vectorized}

_FORMULA = ('"L = (1/N) sum_i sum_{j != y[i]} max(0, s_ij - s_{i,y[i]} + 1)  +  reg * sum(W * W)" '
            '(svm_loss_naive)')
_GRAD = '"gradient with respect to weights W ... (the regularization adds 2 * reg * W)" (svm_loss_naive)'
_BIAS = ('"Every entry of W is regularized: if the caller uses the bias trick (a column of ones in X, so the '
         'last row of W holds the biases), the biases are regularized too" (svm_loss_naive)')
_AVERAGE = '"Average over the examples (divide by N), then add the regularization" (svm_loss_naive, TODO)'
_KINK = '"A margin of exactly 0 counts as inactive (it adds nothing to the gradient)." (svm_loss_naive)'
_SAME = " svm_loss_vectorized: \"Inputs and outputs are the same as svm_loss_naive, and so are the values\"."


def _items(vectorized):
    counted_outputs = ("loss", "dW") if vectorized else ("loss",)
    counted_expl = ("The sum is over j != y[i]: the correct class's own margin is s_y - s_y + 1 = 1, which adds 1 "
                    "to every example's loss" + (" and an extra -X[i] to the correct column of dW" if vectorized
                                                 else "") + ". Skip j == y[i]"
                    + (" (set margins[np.arange(N), y] = 0 before the sum and the mask)." if vectorized else "."))
    items = [
        ("correct_class_counted", "the correct class is counted in the margin sum", counted_expl, _FORMULA, "",
         counted_outputs),
        ("margin_ge_0", "a margin of exactly 0 is treated as active (>= 0 instead of > 0)",
         "At a margin of exactly 0 the hinge max(0, margin) is flat on the side the kit takes: test margin > 0, "
         "not margin >= 0, before adding X[i] to the gradient.", _KINK, "", ("dW",)),
        ("correct_column_missing", "the correct class's column of dW is never updated (no -X[i])",
         "Each active margin s_j - s_{y[i]} + 1 depends on two columns of W: it adds X[i] to column j and takes "
         "X[i] from the correct class's column. You only do the first: add dW[:, y[i]] -= X[i] for every active "
         "margin" + (" (in the vectorized form, dscores[np.arange(N), y] = -np.sum(dscores, axis=1))." if vectorized
                     else "."), _FORMULA, "", ("dW",)),
        ("correct_column_sign", "the correct class's column gets +X[i] instead of -X[i]",
         "d margin_j / d W[:, y[i]] = -X[i]: the correct class's column loses X[i] once for every active margin. "
         "You add it instead (sign error in the correct-class column).", _FORMULA, "", ("dW",)),
    ]
    if vectorized:
        items += [
            ("correct_class_in_gradient_mask", "the loss leaves out the correct class, the gradient mask does not",
             "Your loss is right (the correct class's margin of 1 is removed), but the mask margins > 0 is built "
             "before that class is zeroed, so it counts as one more active margin: its column of dW gets an extra "
             "-X[i] / N per example. Zero the correct class in the mask too (mask[np.arange(N), y] = 0) before "
             "mask[np.arange(N), y] = -mask.sum(axis=1).", _FORMULA, "", ("dW",)),
            ("correct_column_not_counted", "the correct class's column gets -1 instead of minus the number of "
             "active margins",
             "The correct class score appears in every active margin of its example, so its entry of dscores is "
             "-(number of active margins in that row), not -1: dscores[rows, y] = -np.sum(dscores, axis=1).",
             _FORMULA, "", ("dW",)),
            ("correct_scores_not_column", "the correct scores as a vector (N,) broadcast along the wrong axis",
             "scores - scores[np.arange(N), y] subtracts example j's correct score from column j (numpy lines "
             "up the (N,) vector with the last axis); make it a column: scores[np.arange(N), y][:, None] "
             "(it only runs at all when N equals C or N = 1).", _FORMULA, "", ("loss", "dW")),
        ]
    else:
        items.append(
            ("gradient_outside_margin_check", "the gradient is updated for every class, active or not",
             "Only active margins (margin > 0) contribute to the gradient: put dW[:, j] += X[i] and "
             "dW[:, y[i]] -= X[i] inside the if margin > 0 block.", _KINK, "", ("dW",)))
    return items + reg_items(_FORMULA, _GRAD, _BIAS, _AVERAGE)


def _for(path, vectorized):
    items = _items(vectorized)
    if vectorized:
        items = [(f, n, e, c + _SAME, conv, o) for f, n, e, c, conv, o in items]
    return mistakes_of(path, *items)


MISCONCEPTIONS = _for(NAIVE, False) + _for(VECTORIZED, True)

_COLUMN = {"correct_column_sign", "correct_column_not_counted", "correct_column_missing"}
EXCLUSIVE = {
    NAIVE: REG_EXCLUSIVE + [{"gradient_outside_margin_check", "margin_ge_0"},
                            {"correct_column_sign", "correct_column_missing"}],
    # the (N,) broadcast runs only where N = C (or N = 1), and that case has no zero margin; the mask
    # that counts the correct class is one half of correct_class_counted, and it sets the column itself
    VECTORIZED: REG_EXCLUSIVE + [_COLUMN, {"correct_scores_not_column", "margin_ge_0"},
                                 {"correct_class_in_gradient_mask", "correct_class_counted"},
                                 {"correct_class_in_gradient_mask"} | _COLUMN],
}
