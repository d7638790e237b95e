"""Misconceptions of ``layers.py``: the layers' forward and backward passes and the two loss
layers. A backward wrong version receives the cache of the *reference* forward."""
import numpy as np

from .base import mistakes_of
from .softmax import stability_items

P = "layers."


# --------------------------------------------------------------------------- affine

def affine_forward(x, w, b, *, mistakes=frozenset()):
    out = None
    rows = x if "x_not_flattened" in mistakes else x.reshape(x.shape[0], -1)
    out = rows @ w
    if "bias_missing" not in mistakes:
        out = out + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache, *, mistakes=frozenset()):
    m = mistakes
    x, w, b = cache
    x2 = x if "dw_from_unflattened_x" in m else x.reshape(x.shape[0], -1)
    dx = dout @ w.T
    if "dx_not_reshaped" not in m:
        dx = dx.reshape(x.shape)
    dw = x2.T @ dout
    if "db_wrong_axis" in m:
        db = dout.sum(axis=1)
    else:
        db = dout.sum(axis=0, keepdims="db_keepdims" in m)
    if "averaged_over_N" in m:
        dw, db = dw / x.shape[0], db / x.shape[0]
    return dx, dw, db


# --------------------------------------------------------------------------- elementwise

def relu_forward(x, *, mistakes=frozenset()):
    out = np.max(x, 0) if "np_max_instead_of_maximum" in mistakes else np.maximum(x, 0)
    cache = x
    return out, cache


def relu_backward(dout, cache, *, mistakes=frozenset()):
    x = cache
    if "mask_on_dout" in mistakes:
        mask = dout > 0
    elif "mask_ge_zero" in mistakes:
        mask = x >= 0
    else:
        mask = x > 0
    if "multiplied_by_output" in mistakes:
        mask = np.maximum(0, x)               # relu(x), the forward's output, as the local gradient
    dx = mask.astype(dout.dtype) if "mask_without_dout" in mistakes else dout * mask
    return dx


def sigmoid_forward(x, *, mistakes=frozenset()):
    if "exp_ratio_overflow" in mistakes:
        out = np.exp(x) / (1 + np.exp(x))
    elif "sign_flipped" in mistakes:
        z = np.exp(-np.abs(x))
        out = np.where(x >= 0, z / (1 + z), 1 / (1 + z))   # sigma(-x) = 1 / (1 + exp(x)), computed stably
    else:
        z = np.exp(-np.abs(x))
        out = np.where(x >= 0, 1 / (1 + z), z / (1 + z))
    cache = out
    return out, cache


def sigmoid_backward(dout, cache, *, mistakes=frozenset()):
    out = cache
    s = out
    if "recomputed_from_output" in mistakes:
        s = 1 / (1 + np.exp(-out))
    local = 1 - s * s if "tanh_derivative" in mistakes else s * (1 - s)
    dx = local if "forgot_dout" in mistakes else dout * local
    return dx


def tanh_forward(x, *, mistakes=frozenset()):
    if "exp_formula_overflow" in mistakes:
        out = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    else:
        out = np.tanh(x)
    cache = out
    return out, cache


def tanh_backward(dout, cache, *, mistakes=frozenset()):
    out = cache
    t = np.tanh(out) if "recomputed_from_output" in mistakes else out
    local = 1 - t if "not_squared" in mistakes else 1 - t * t
    dx = local if "forgot_dout" in mistakes else dout * local
    return dx


def leaky_relu_forward(x, alpha=0.01, *, mistakes=frozenset()):
    if "slopes_swapped" in mistakes:
        out = np.where(x > 0, alpha * x, x)
    elif "alpha_not_times_x" in mistakes:
        out = np.where(x > 0, x, alpha)
    else:
        out = np.where(x > 0, x, alpha * x)
    cache = (x, alpha)
    return out, cache


def leaky_relu_backward(dout, cache, *, mistakes=frozenset()):
    x, alpha = cache
    positive = x >= 0 if "mask_ge_zero" in mistakes else x > 0
    if "relu_backward_used" in mistakes:
        negative = 0.0 * dout
    elif "alpha_without_dout" in mistakes:
        negative = alpha + 0.0 * dout
    else:
        negative = alpha * dout
    dx = np.where(positive, dout, negative)
    return dx


def elu_forward(x, alpha=1.0, *, mistakes=frozenset()):
    neg = np.exp(np.minimum(x, 0)) if "minus_one_missing" in mistakes else np.expm1(np.minimum(x, 0))
    scale = 1.0 if "alpha_missing" in mistakes else alpha
    out = np.where(x > 0, x, scale * neg)
    cache = (x, out, alpha)
    return out, cache


def elu_backward(dout, cache, *, mistakes=frozenset()):
    x, out, alpha = cache
    positive = x >= 0 if "mask_ge_zero" in mistakes else x > 0
    if "alpha_missing" in mistakes:
        negative = dout * np.exp(x)
    elif "uses_out_without_alpha" in mistakes:
        negative = dout * out
    else:
        negative = dout * (out + alpha)
    dx = np.where(positive, dout, negative)
    return dx


# --------------------------------------------------------------------------- maxout

def maxout_forward(x, w, b, *, mistakes=frozenset()):
    out, z = None, None
    N = x.shape[0]
    D, M, k = w.shape
    z = (x.reshape(N, D) @ w.reshape(D, M * k)).reshape(N, M, k)
    if "bias_missing" not in mistakes:
        z = z + b
    out = z.max(axis=1) if "max_wrong_axis" in mistakes else z.max(axis=2)
    cache = (x, w, b, z)
    return out, cache


def maxout_backward(dout, cache, *, mistakes=frozenset()):
    m = mistakes
    x, w, b, z = cache
    N = x.shape[0]
    D, M, k = w.shape
    if "all_maxima_get_gradient" in m:
        dz = (z == z.max(axis=2, keepdims=True)) * dout[:, :, None]
    else:
        winner = np.argmax(z, axis=2)
        dz = np.zeros_like(z)
        np.put_along_axis(dz, winner[:, :, None], dout[:, :, None], axis=2)
    dz2 = dz.reshape(N, M * k)
    dx = dz2 @ w.reshape(D, M * k).T
    if "dx_not_reshaped" not in m:
        dx = dx.reshape(x.shape)
    dw = x.reshape(N, D).T @ dz2
    if "dw_not_reshaped" not in m:
        dw = dw.reshape(D, M, k)
    db = dz.sum(axis=0)
    return dx, dw, db


# --------------------------------------------------------------------------- loss layers

def softmax_loss(x, y, *, mistakes=frozenset()):
    m = mistakes
    N = x.shape[0]
    rows = np.arange(N)
    if "no_max_shift" in m:
        shifted = x
    elif "max_added" in m:
        shifted = x + x.max(axis=1, keepdims=True)
    elif "global_max_shift" in m:
        shifted = x - x.max()
    elif "wrong_axis_max" in m:
        shifted = x - x.max(axis=0, keepdims=True)
    else:
        shifted = x - x.max(axis=1, keepdims=True)
    exp_shifted = np.exp(shifted)
    over_examples = "wrong_axis_sum" in m or "grad_probs_wrong_axis" in m
    norm = exp_shifted.sum(axis=0 if over_examples else 1, keepdims=True)
    # dx from exp / sum (not exp(log_probs)): where exp overflows, students' dx is NaN, not 0
    dx = exp_shifted / norm
    if "grad_probs_wrong_axis" in m:          # the loss is right; only the gradient's p sums over axis 0
        norm = exp_shifted.sum(axis=1, keepdims=True)
    if "log_of_p" in m:
        per_example = -np.log(dx[rows, y])
    else:
        per_example = -(shifted - np.log(norm))[rows, y]
    loss = per_example.sum() if "loss_not_averaged" in m else per_example.mean()
    if "no_minus_one" not in m:
        dx[rows, y] -= 1
    if "grad_not_averaged" not in m:
        dx /= N
    return loss, dx


def svm_loss(x, y, *, mistakes=frozenset()):
    m = mistakes
    N = x.shape[0]
    rows = np.arange(N)
    correct = x[rows, y] if "correct_scores_not_column" in m else x[rows, y][:, None]
    raw = x - correct + 1
    margins = np.maximum(0, raw)
    if "correct_class_counted" not in m:
        margins[rows, y] = 0
    loss = margins.sum() if "loss_not_averaged" in m else margins.sum() / N
    in_mask = "correct_class_counted" in m or "correct_class_in_gradient_mask" in m
    if "margin_ge_0" in m:
        positive = (raw >= 0).astype(x.dtype)
        if not in_mask:
            positive[rows, y] = 0
    else:
        positive = ((np.maximum(0, raw) if in_mask else margins) > 0).astype(x.dtype)
    if "correct_column_not_counted" in m:
        positive[rows, y] = -1
    elif "correct_column_missing" in m:
        pass
    elif "correct_column_sign" in m:
        positive[rows, y] = positive.sum(axis=1)
    else:
        positive[rows, y] = -positive.sum(axis=1)
    dx = positive if "grad_not_averaged" in m else positive / N
    return loss, dx


WRONG_VERSIONS = {P + f.__name__: f for f in (
    affine_forward, affine_backward, relu_forward, relu_backward, sigmoid_forward, sigmoid_backward,
    tanh_forward, tanh_backward, leaky_relu_forward, leaky_relu_backward, elu_forward, elu_backward,
    maxout_forward, maxout_backward, softmax_loss, svm_loss)}


def _doc(fn, quote):
    return f'"{quote}" ({fn})'


_RELU_ZERO = _doc("relu_backward", "The local gradient is 1 where x > 0 and 0 elsewhere (we take 0 at exactly x = 0).")
_CACHE_OUT = "cache: out, the output of {}_forward, of the same shape as dout"
_SM = "softmax_loss"
_SVM_FORMULA = _doc("svm_loss", "loss = mean over n of sum over j != y[n] of max(0, x[n, j] - x[n, y[n]] + 1)")
_SVM_AVG = _doc("svm_loss", "Average the loss and the gradient over the N examples.")
_SM_AVG = _doc(_SM, "Average the loss and the gradient over the N examples.")

MISCONCEPTIONS = (
    mistakes_of(
        P + "affine_forward",
        ("x_not_flattened", "x is not reshaped to (N, D) before the product",
         "x may have shape (N, d_1, ..., d_k): reshape it to rows first, x.reshape(x.shape[0], -1) @ w + b.",
         _doc("affine_forward", "each of which is reshaped into a vector of dimension D = d_1 * ... * d_k "
              "... before the product"), "", ("out",)),
        ("bias_missing", "the bias b is not added", "out = x w + b: add the bias (it broadcasts over the N rows).",
         _doc("affine_forward", "Forward pass of an affine (fully connected) layer: ``out = x w + b``."), "",
         ("out",)),
    )
    + mistakes_of(
        P + "affine_backward",
        ("dx_not_reshaped", "dx has shape (N, D) instead of x's own shape",
         "dout @ w.T has shape (N, D); reshape it back to the input's shape: .reshape(x.shape).",
         _doc("affine_backward", "dx: Gradient with respect to x, of shape (N, d_1, ..., d_k) (x's own shape)"), "",
         ("dx",)),
        ("dw_from_unflattened_x", "dw computed from x before reshaping it to (N, D)",
         "dw = x2.T @ dout needs x as rows x2 = x.reshape(x.shape[0], -1); with x of shape (N, d_1, ..., d_k), "
         "x.T @ dout has the wrong shape.", _doc("affine_backward", "dw: Gradient with respect to w, of shape (D, M)"),
         "", ("dw",)),
        ("db_keepdims", "db has shape (1, M) instead of (M,)",
         "db = dout.sum(axis=0) has shape (M,) like b; keepdims=True (or a (1, M) sum) gives (1, M).",
         _doc("affine_backward", "db: Gradient with respect to b, of shape (M,)"), "", ("db",)),
        ("db_wrong_axis", "db summed over the outputs (axis=1) instead of the examples",
         "b is added to every example, so its gradient sums dout over the examples: dout.sum(axis=0).",
         _doc("affine_backward", "db: Gradient with respect to b, of shape (M,)"), "", ("db",)),
        ("averaged_over_N", "dw and db divided by N",
         "A layer's backward does not average: dout already carries the 1/N of the loss. dw = x2.T @ dout and "
         "db = dout.sum(axis=0), without / N.",
         _doc("layers", "*_backward(dout, cache) ... returns the gradient of the loss with respect to each input"),
         "", ("dw", "db")),
    )
    + mistakes_of(
        P + "relu_forward",
        ("np_max_instead_of_maximum", "np.max(x, 0) instead of np.maximum(x, 0)",
         "np.max(x, 0) is the largest entry along axis 0 (a reduction); the elementwise max with 0 is "
         "np.maximum(x, 0).", _doc("relu_forward", "out: Output, of the same shape as x"), "", ("out",)),
    )
    + mistakes_of(
        P + "relu_backward",
        ("mask_ge_zero", "the gradient at exactly x = 0 is taken as 1 (x >= 0)",
         "You pass the gradient where x >= 0, which some CS231n solutions and tutorials do; this kit takes 0 at "
         "exactly x = 0, like PyTorch: mask with x > 0.", _RELU_ZERO,
         "CS231n solutions that mask with x >= 0 (dx[x < 0] = 0)", ("dx",)),
        ("mask_on_dout", "the mask is taken from dout instead of x",
         "ReLU's local gradient depends on its input: dx = dout * (x > 0). Masking with dout > 0 drops the "
         "negative upstream gradients of active units and keeps nothing else right.", _RELU_ZERO, "", ("dx",)),
        ("multiplied_by_output", "dout multiplied by the forward's output relu(x) instead of by the mask (x > 0)",
         "ReLU's local gradient is 1 where x > 0 (a slope), not the output value max(0, x): you get dout * x on "
         "the active units. Multiply by the mask: dx = dout * (x > 0).", _RELU_ZERO, "", ("dx",)),
        ("mask_without_dout", "the mask alone, not multiplied by dout",
         "(x > 0) is only the local gradient: multiply it by the upstream gradient, dx = dout * (x > 0).",
         _doc("layers", "*_backward(dout, cache) receives the upstream gradient dout"), "", ("dx",)),
    )
    + mistakes_of(
        P + "sigmoid_forward",
        ("exp_ratio_overflow", "exp(x) / (1 + exp(x)) everywhere: inf / inf at large x",
         "exp(1000) is inf and inf / inf is NaN. Use exp(x) / (1 + exp(x)) only where x < 0 and "
         "1 / (1 + exp(-x)) where x >= 0, so exp never sees a large positive argument.",
         _doc("sigmoid_forward", "The output must be finite for inputs like -1000 and 1000."), "", ("out",)),
        ("sign_flipped", "1 / (1 + exp(x)): the sigmoid of -x",
         "sigma(x) = 1 / (1 + exp(-x)): the exponent is -x (sigma(0) = 0.5 either way, but sigma(3) = 0.95).",
         _doc("sigmoid_forward", "out = 1 / (1 + exp(-x)) elementwise"), "", ("out",)),
    )
    + mistakes_of(
        P + "sigmoid_backward",
        ("recomputed_from_output", "the sigmoid applied again to the cached output",
         "The cache already is sigma(x): use it directly, dx = dout * out * (1 - out). Applying the sigmoid to "
         "it computes sigma(sigma(x)).", _doc("sigmoid_backward", _CACHE_OUT.format("sigmoid")), "", ("dx",)),
        ("forgot_dout", "the local gradient not multiplied by dout",
         "out * (1 - out) is the local gradient; the chain rule multiplies it by the upstream gradient: "
         "dx = dout * out * (1 - out).", _doc("layers", "*_backward(dout, cache) receives the upstream gradient dout"),
         "", ("dx",)),
        ("tanh_derivative", "1 - out**2 (tanh's derivative) instead of out * (1 - out)",
         "The sigmoid's derivative is sigma(x) * (1 - sigma(x)); 1 - out**2 is tanh's.",
         _doc("sigmoid_backward", "The local gradient is sigma(x) * (1 - sigma(x))"), "", ("dx",)),
    )
    + mistakes_of(
        P + "tanh_forward",
        ("exp_formula_overflow", "(exp(x) - exp(-x)) / (exp(x) + exp(-x)): inf / inf at |x| = 1000",
         "The exponential formula overflows for large |x| (inf / inf = NaN); np.tanh(x) is stable.",
         _doc("tanh_forward", "The output must be finite for inputs like -1000 and 1000: np.tanh is stable, the "
              "formula (exp(x) - exp(-x)) / (exp(x) + exp(-x)) is not"), "", ("out",)),
    )
    + mistakes_of(
        P + "tanh_backward",
        ("recomputed_from_output", "tanh applied again to the cached output",
         "The cache already is tanh(x): dx = dout * (1 - out**2). Applying tanh to it computes "
         "tanh(tanh(x)).", _doc("tanh_backward", "cache: out, the output of tanh_forward, of the same shape as dout"),
         "", ("dx",)),
        ("forgot_dout", "the local gradient not multiplied by dout",
         "1 - out**2 is the local gradient; multiply it by the upstream gradient: dx = dout * (1 - out**2).",
         _doc("layers", "*_backward(dout, cache) receives the upstream gradient dout"), "", ("dx",)),
        ("not_squared", "1 - out instead of 1 - out**2",
         "d tanh(x)/dx = 1 - tanh(x)**2: square the output.",
         _doc("tanh_backward", "the local gradient is 1 - tanh(x)**2"), "", ("dx",)),
    )
    + mistakes_of(
        P + "leaky_relu_forward",
        ("slopes_swapped", "alpha applied to the positive side instead of the negative",
         "Leaky ReLU keeps x where x > 0 and scales the rest: np.where(x > 0, x, alpha * x).",
         _doc("leaky_relu_forward", "out = x where x > 0, alpha * x elsewhere"), "", ("out",)),
        ("alpha_not_times_x", "the constant alpha instead of alpha * x for x <= 0",
         "For x <= 0 the output is alpha * x (a line of slope alpha), not the constant alpha.",
         _doc("leaky_relu_forward", "out = x where x > 0, alpha * x elsewhere"), "", ("out",)),
    )
    + mistakes_of(
        P + "leaky_relu_backward",
        ("mask_ge_zero", "the slope at exactly x = 0 is taken as 1 (x >= 0)",
         "At exactly x = 0 the kit takes the negative side's slope alpha: test x > 0, not x >= 0.",
         _doc("leaky_relu_backward", "The local gradient is 1 where x > 0 and alpha elsewhere (alpha at exactly "
              "x = 0)."), "", ("dx",)),
        ("relu_backward_used", "gradient 0 for x <= 0, as for a plain ReLU",
         "The negative side of a leaky ReLU has slope alpha, so it passes alpha * dout, not 0.",
         _doc("leaky_relu_backward", "The local gradient is 1 where x > 0 and alpha elsewhere"), "", ("dx",)),
        ("alpha_without_dout", "alpha instead of alpha * dout for x <= 0",
         "alpha is the local gradient there; multiply it by the upstream gradient: alpha * dout.",
         _doc("leaky_relu_backward", "The local gradient is 1 where x > 0 and alpha elsewhere"), "", ("dx",)),
    )
    + mistakes_of(
        P + "elu_forward",
        ("alpha_missing", "exp(x) - 1 without the factor alpha",
         "For x <= 0 ELU is alpha * (exp(x) - 1); with alpha != 1 the factor matters.",
         _doc("elu_forward", "out = x where x > 0, alpha * (exp(x) - 1) elsewhere"), "", ("out",)),
        ("minus_one_missing", "alpha * exp(x) without the - 1",
         "ELU is alpha * (exp(x) - 1) for x <= 0: without the - 1 it jumps from alpha to 0 at x = 0.",
         _doc("elu_forward", "out = x where x > 0, alpha * (exp(x) - 1) elsewhere"), "", ("out",)),
    )
    + mistakes_of(
        P + "elu_backward",
        ("mask_ge_zero", "the slope at exactly x = 0 is taken as 1 (x >= 0)",
         "At exactly x = 0 the kit takes the negative side's slope alpha * exp(0) = alpha: test x > 0, not "
         "x >= 0.", _doc("elu_backward", "The local gradient is 1 where x > 0 and alpha * exp(x) elsewhere "
                         "(alpha at exactly x = 0)"), "", ("dx",)),
        ("alpha_missing", "exp(x) without the factor alpha for x <= 0",
         "The slope for x <= 0 is alpha * exp(x) (= out + alpha): the factor alpha is missing.",
         _doc("elu_backward", "The local gradient is 1 where x > 0 and alpha * exp(x) elsewhere"), "", ("dx",)),
        ("uses_out_without_alpha", "dout * out for x <= 0 (the + alpha is missing)",
         "alpha * exp(x) equals out + alpha, not out: dx = dout * (out + alpha) where x <= 0.",
         _doc("elu_backward", "which equals ``out + alpha`` there"), "", ("dx",)),
    )
    + mistakes_of(
        P + "maxout_forward",
        ("max_wrong_axis", "the max over the units (axis=1) instead of the pieces (axis=2)",
         "z has shape (N, M, k): each unit takes the max over its k pieces, z.max(axis=2).",
         _doc("maxout_forward", "out[n, j] = max over p of (x[n] . w[:, j, p] + b[j, p])"), "", ("out",)),
        ("bias_missing", "the biases b are not added to the pieces",
         "Every piece is affine: z = x w + b with b of shape (M, k) broadcast over the examples.",
         _doc("maxout_forward", "out[n, j] = max over p of (x[n] . w[:, j, p] + b[j, p])"), "", ("out",)),
    )
    + mistakes_of(
        P + "maxout_backward",
        ("all_maxima_get_gradient", "on a tie every maximal piece gets the whole gradient",
         "A mask z == max gives the gradient to every piece that ties for the maximum (so it is counted twice); "
         "route it to one piece only, the first: np.argmax(z, axis=2).",
         _doc("maxout_backward", "if several pieces share the maximum, the whole gradient goes to the first of "
              "them (the lowest piece index, as np.argmax picks)"), "", ("dx", "dw", "db")),
        ("dx_not_reshaped", "dx has shape (N, D) instead of x's own shape",
         "Reshape dx back to the input's shape: .reshape(x.shape).",
         _doc("maxout_backward", "dx: Gradient with respect to x, of shape (N, d_1, ..., d_k) (x's own shape)"), "",
         ("dx",)),
        ("dw_not_reshaped", "dw has shape (D, M * k) instead of (D, M, k)",
         "The product with the flattened pieces gives (D, M * k); reshape it to w's shape (D, M, k).",
         _doc("maxout_backward", "dw: Gradient with respect to w, of shape (D, M, k)"), "", ("dw",)),
    )
    + mistakes_of(
        P + "softmax_loss",
        *stability_items(_doc(_SM, "subtract each row's maximum from its scores before exponentiating"),
                         _doc(_SM, "compute the log-probabilities with log-sum-exp on the shifted scores ... not as "
                              "the log of the probability: with scores 1e3 apart a probability rounds to 0 and "
                              "log(0) = -inf."),
                         _doc(_SM, "loss = mean over n of -log(exp(x[n, y[n]]) / sum_j exp(x[n, j]))"), "dx",
                         "x.max(axis=1, keepdims=True)"),
        ("wrong_axis_sum", "the probabilities normalized over the examples (axis=0) instead of the classes",
         "Each example's probabilities sum to 1 over its classes: sum exp over axis=1 (keepdims=True).",
         _doc(_SM, "loss = mean over n of -log(exp(x[n, y[n]]) / sum_j exp(x[n, j]))"), "", ("loss", "dx")),
        ("grad_probs_wrong_axis", "the loss is right, but the probabilities in dx are normalized over the examples "
         "(axis=0)",
         "Your log-sum-exp loss sums over the classes, but the probabilities you use for dx divide by "
         "np.sum(..., axis=0), a sum over the minibatch: dx = (p - onehot(y)) / N needs each row of p to sum to 1, "
         "np.sum(exp_shifted, axis=1, keepdims=True).",
         _doc(_SM, "loss = mean over n of -log(exp(x[n, y[n]]) / sum_j exp(x[n, j]))"), "", ("dx",)),
        ("wrong_axis_max", "the max shift taken per class (axis=0) instead of per example",
         "Subtracting a different constant from each column changes the probabilities; subtract each row's "
         "max: x.max(axis=1, keepdims=True).", _doc(_SM, "subtract each row's maximum from its scores before "
                                                    "exponentiating (the probabilities do not change)"), "",
         ("loss", "dx")),
        ("loss_not_averaged", "the loss is summed over the examples, not averaged",
         "Divide the summed loss by N (take the mean over the examples).", _SM_AVG, "", ("loss",)),
        ("grad_not_averaged", "the gradient is not divided by N",
         "The loss is a mean over N examples, so dx = (p - onehot(y)) / N.", _SM_AVG, "", ("dx",)),
    )
    + mistakes_of(
        P + "svm_loss",
        ("correct_class_counted", "the correct class is counted in the margin sum",
         "The sum is over j != y[n]: the correct class's own margin is 1, so it adds 1 per example to the loss "
         "and distorts the correct column of dx. Set margins[np.arange(N), y] = 0.", _SVM_FORMULA, "",
         ("loss", "dx")),
        ("margin_ge_0", "a margin of exactly 0 is treated as active (>= 0 instead of > 0)",
         "At a margin of exactly 0 take the hinge's gradient as 0: count margins > 0, not >= 0.",
         _doc("svm_loss", "At a kink, where a margin is exactly 0, take the gradient of that term as 0."), "",
         ("dx",)),
        ("correct_column_missing", "the correct class's column of dx is left at 0",
         "Each active margin x[n, j] - x[n, y[n]] + 1 also decreases with the correct score: dx[n, y[n]] = "
         "-(number of active margins of row n) / N. You set only the active entries: add "
         "dx[np.arange(N), y] = -dx.sum(axis=1) (before dividing by N).", _SVM_FORMULA, "", ("dx",)),
        ("correct_class_in_gradient_mask", "the loss leaves out the correct class, the gradient mask does not",
         "Your loss is right (the correct class's margin of 1 is removed), but the mask margins > 0 still counts "
         "the correct class as an active margin, so dx[n, y[n]] gets one -1/N too many. Zero the correct class in "
         "the mask too before dx[np.arange(N), y] = -dx.sum(axis=1).", _SVM_FORMULA, "", ("dx",)),
        ("correct_column_sign", "the correct class gets +(number of active margins) instead of minus it",
         "Each active margin x[n, j] - x[n, y] + 1 decreases with x[n, y]: dx[n, y[n]] is minus the number of "
         "active margins of row n.", _SVM_FORMULA, "", ("dx",)),
        ("correct_column_not_counted", "the correct class gets -1 instead of minus the number of active margins",
         "The correct score appears in every active margin of its row: dx[n, y[n]] = -(number of active "
         "margins) / N, not -1 / N.", _SVM_FORMULA, "", ("dx",)),
        ("correct_scores_not_column", "the correct scores as a vector (N,) broadcast along the wrong axis",
         "x - x[np.arange(N), y] subtracts example j's correct score from column j; make it a column: "
         "x[np.arange(N), y][:, None] (it only runs at all when N equals C or N = 1).", _SVM_FORMULA, "",
         ("loss", "dx")),
        ("loss_not_averaged", "the loss is summed over the examples, not averaged",
         "Divide the summed hinge losses by N.", _SVM_AVG, "", ("loss",)),
        ("grad_not_averaged", "the gradient is not divided by N",
         "The loss is a mean over N examples, so every entry of dx is divided by N.", _SVM_AVG, "", ("dx",)),
    )
)

EXCLUSIVE = {
    P + "relu_backward": [{"mask_on_dout", "mask_ge_zero", "multiplied_by_output", "mask_without_dout"}],
    P + "sigmoid_forward": [{"exp_ratio_overflow", "sign_flipped"}],
    P + "sigmoid_backward": [{"recomputed_from_output", "tanh_derivative"}],
    P + "tanh_backward": [{"recomputed_from_output", "not_squared"}],
    P + "leaky_relu_forward": [{"slopes_swapped", "alpha_not_times_x"}],
    P + "leaky_relu_backward": [{"relu_backward_used", "alpha_without_dout"}],
    # without alpha, the slope at exactly 0 is exp(0) = 1 on both sides: x >= 0 changes nothing
    P + "elu_backward": [{"alpha_missing", "uses_out_without_alpha"}, {"alpha_missing", "mask_ge_zero"}],
    P + "affine_backward": [{"db_keepdims", "db_wrong_axis"}],
    P + "softmax_loss": [{"no_max_shift", "global_max_shift", "wrong_axis_max", "log_of_p", "max_added"},
                         {"wrong_axis_sum", "grad_probs_wrong_axis"}, {"log_of_p", "grad_probs_wrong_axis"}],
    P + "svm_loss": [{"correct_column_sign", "correct_column_not_counted", "correct_column_missing",
                      "correct_class_in_gradient_mask"}, {"correct_class_counted", "correct_class_in_gradient_mask"},
                     {"correct_scores_not_column", "margin_ge_0"}],  # the (N,) broadcast runs only where N = C
}
