"""Misconceptions of ``classifiers/softmax.py``: ``softmax_loss_naive`` and ``softmax_loss_vectorized``."""
import numpy as np

from .base import lazy, mistakes_of
from .common import REG_EXCLUSIVE, reg_items, regularize

NAIVE = "classifiers.softmax.softmax_loss_naive"
VECTORIZED = "classifiers.softmax.softmax_loss_vectorized"


def softmax_loss_naive(W, X, y, reg, *, mistakes=frozenset()):
    m = mistakes
    lazy("classifiers.input_checks").check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros(W.shape)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    global_max = np.max(X @ W) if "global_max_shift" in m else None
    for i in range(num_train):
        scores = X[i].dot(W)
        if "global_max_shift" in m:
            scores = scores - global_max
        elif "max_added" in m:
            scores = scores + np.max(scores)
        elif "no_max_shift" not in m:
            scores = scores - np.max(scores)
        exp_scores = np.exp(scores)
        sum_exp = np.sum(exp_scores)
        if "log_of_p" in m:
            loss += -np.log(exp_scores[y[i]] / sum_exp)
        else:
            loss += np.log(sum_exp) - scores[y[i]]
        for j in range(num_classes):
            p_j = exp_scores[j] / sum_exp
            if "no_minus_one" in m:
                dW[:, j] += p_j * X[i]
            else:
                dW[:, j] += (p_j - (j == y[i])) * X[i]
    if "loss_not_averaged" not in m:
        loss /= num_train
    if "grad_not_averaged" not in m:
        dW /= num_train
    return regularize(loss, dW, W, reg, num_train, m)


def softmax_loss_vectorized(W, X, y, reg, *, mistakes=frozenset()):
    m = mistakes
    lazy("classifiers.input_checks").check_loss_inputs(W, X, y)
    num_train = X.shape[0]
    rows = np.arange(num_train)
    scores = X @ W
    if "global_max_shift" in m:
        scores -= np.max(scores)
    elif "max_added" in m:
        scores += np.max(scores, axis=1, keepdims=True)
    elif "wrong_axis_max" in m:
        scores -= np.max(scores, axis=0, keepdims=True)
    elif "no_max_shift" not in m:
        scores -= np.max(scores, axis=1, keepdims=True)
    exp_scores = np.exp(scores)
    if "wrong_axis_sum" in m or "grad_probs_wrong_axis" in m:
        norm = np.sum(exp_scores, axis=0, keepdims=True)     # (1, C): a sum over the examples
    elif "sum_not_kept_as_column" in m:
        norm = np.sum(exp_scores, axis=1)                    # (N,): lines up with the classes
    else:
        norm = np.sum(exp_scores, axis=1, keepdims=True)     # (N, 1)
    probs = exp_scores / norm
    if "grad_probs_wrong_axis" in m:                         # only the gradient's probabilities
        norm = np.sum(exp_scores, axis=1, keepdims=True)
    if "log_of_p" in m or "sum_not_kept_as_column" in m:
        loss = -np.sum(np.log(probs[rows, y]))
    else:
        loss = np.sum(np.log(np.broadcast_to(norm, scores.shape)[rows, y]) - scores[rows, y])
    if "loss_not_averaged" not in m:
        loss = loss / num_train
    dscores = probs
    if "no_minus_one" not in m:
        dscores[rows, y] -= 1.0
    if "grad_not_averaged" not in m:
        dscores /= num_train
    dW = X.T @ dscores
    return regularize(loss, dW, W, reg, num_train, m)


WRONG_VERSIONS = {NAIVE: softmax_loss_naive, VECTORIZED: softmax_loss_vectorized}

_FORMULA = ('"L = (1/N) sum_i -log( exp(s_{i,y[i]}) / sum_j exp(s_ij) )  +  reg * sum(W * W)" '
            '(softmax_loss_naive)')
_GRAD = '"gradient with respect to weights W ... (the regularization adds 2 * reg * W)" (softmax_loss_naive)'
_BIAS = ('"Every entry of W is regularized: if the caller uses the bias trick (a column of ones in X), the biases '
         'are regularized too" (softmax_loss_naive)')
_AVERAGE = '"Don\'t forget the averaging over N and the regularization!" (softmax_loss_naive, TODO)'
_SHIFT = ('"Subtract the largest score of each example before exponentiating (this does not change the '
          'probabilities)" (softmax_loss_naive)')
_LSE = ('"compute -log p_{y[i]} as log(sum_j exp(s_ij)) - s_{i,y[i]} on the shifted scores, so that a tiny '
        'probability does not round to log(0). The result must be finite even for scores around 1e4." '
        '(softmax_loss_naive)')
_SAME = " softmax_loss_vectorized: \"Inputs and outputs are the same as softmax_loss_naive, and so are the values\"."


def stability_items(shift_rule, lse_rule, formula, grad_output, row_max="np.max(scores, axis=1, keepdims=True)"):
    """The numerical-stability and gradient mistakes shared by every softmax loss (``row_max``:
    how the right shift is written in that function)."""
    return [
        ("no_max_shift", "no max shift before exp: overflow at large scores",
         "exp(1000) overflows to inf and the probabilities become inf / inf = NaN. Subtract each example's "
         "largest score first (softmax does not change when a constant is subtracted from a row).",
         shift_rule, "", ("loss", grad_output)),
        ("max_added", "the max is added to the scores instead of subtracted",
         "The shift must make every score <= 0: scores - max. Adding the max keeps the probabilities the same "
         "for small scores, but doubles the largest score, so exp overflows (inf / inf = NaN) exactly where the "
         f"shift should prevent it. Subtract it: scores -= {row_max}.", shift_rule, "", ("loss", grad_output)),
        ("global_max_shift", "one max over the whole minibatch instead of each example's max",
         "Subtracting the single largest score of the minibatch leaves examples whose scores are far below it "
         "with exp(...) = 0 for every class (0 / 0 = NaN); subtract each row's own max "
         f"({row_max}).", shift_rule, "", ("loss", grad_output)),
        ("log_of_p", "-log(p) of the normalized probability: log(0) when p underflows",
         "You used -log(p) of the normalized probability p = exp(s_y) / sum_j exp(s_j) (as the CS231n notes "
         "write it); this kit uses log-sum-exp: change the loss to log(sum_j exp(s_j)) - s_y on the shifted "
         "scores. After the shift p can still round to 0 (scores 1e3 apart), and -log(0) = inf.", lse_rule,
         "CS231n course notes and assignment 1 solutions (-log of the probability)", ("loss",)),
        ("no_minus_one", "the softmax gradient without the -1 at the correct class",
         "d loss_i / d s_ij = p_ij - 1[j == y_i]: subtract 1 from the correct class's probability "
         "(dscores[np.arange(N), y] -= 1) before the gradient is formed from it.", formula, "",
         (grad_output,)),
    ]


def _items(vectorized):
    items = stability_items(_SHIFT, _LSE, _FORMULA, "dW", "np.max(scores, axis=1, keepdims=True)" if vectorized
                            else "np.max(scores) inside the loop over examples")
    if vectorized:
        items += [
            ("wrong_axis_sum", "the probabilities normalized over the examples (axis=0) instead of the classes",
             "np.sum(exp_scores, axis=0) adds over the minibatch; each example's probabilities must sum to 1 over "
             "its classes: np.sum(exp_scores, axis=1, keepdims=True).", _FORMULA, "", ("loss", "dW")),
            ("grad_probs_wrong_axis", "the loss is right, but the probabilities in dW are normalized over the "
             "examples (axis=0)",
             "Your log-sum-exp loss sums over the classes, but the probabilities you use for dW divide by "
             "np.sum(exp_scores, axis=0), a sum over the minibatch: each example's probabilities must sum to 1 "
             "over its classes, np.sum(exp_scores, axis=1, keepdims=True), before dscores[np.arange(N), y] -= 1.",
             _FORMULA, "", ("dW",)),
            ("wrong_axis_max", "the max shift taken per class (axis=0) instead of per example",
             "Subtracting a different constant from each column changes the probabilities; subtract each "
             "example's max: np.max(scores, axis=1, keepdims=True).", _SHIFT, "", ("loss", "dW")),
            ("sum_not_kept_as_column", "the row sums as a vector (N,) that broadcasts along the classes",
             "exp_scores / np.sum(exp_scores, axis=1) divides column j by example j's sum (numpy lines up the (N,) "
             "vector with the last axis); keep the sums as a column: keepdims=True (or [:, None]). It only runs "
             "at all when N equals C or N = 1.", _FORMULA, "", ("loss", "dW")),
        ]
    return items + reg_items(_FORMULA, _GRAD, _BIAS, _AVERAGE)


def _for(path, vectorized):
    items = _items(vectorized)
    if vectorized:
        items = [(f, n, e, c + _SAME, conv, o) for f, n, e, c, conv, o in items]
    return mistakes_of(path, *items)


MISCONCEPTIONS = _for(NAIVE, False) + _for(VECTORIZED, True)

# The shift line has one form; an overflow (NaN) hides what the loss line does after it.
_SHIFT_FLAGS = {"no_max_shift", "global_max_shift", "wrong_axis_max", "max_added"}
_AXIS_FLAGS = {"wrong_axis_sum", "sum_not_kept_as_column", "grad_probs_wrong_axis"}
EXCLUSIVE = {
    NAIVE: REG_EXCLUSIVE + [{"no_max_shift", "global_max_shift", "log_of_p", "max_added"}],
    VECTORIZED: REG_EXCLUSIVE + [_SHIFT_FLAGS | {"log_of_p"}, _AXIS_FLAGS,
                                 {"sum_not_kept_as_column", "log_of_p"}, {"grad_probs_wrong_axis", "log_of_p"}],
}
