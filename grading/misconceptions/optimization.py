"""Misconceptions of ``optimization.py``: the learning-rate schedules ``step_decay`` and
``exponential_decay``, and the L1 penalty ``l1_regularization``."""
import math

import numpy as np

from .base import mistakes_of

STEP, EXP, L1 = "optimization.step_decay", "optimization.exponential_decay", "optimization.l1_regularization"


def step_decay(learning_rate, epoch, drop=0.5, epochs_per_drop=10, *, mistakes=frozenset()):
    m = mistakes
    e = epoch + 1 if "one_epoch_early" in m else epoch - 1 if "counted_from_epoch_1" in m else epoch
    if "drop_every_epoch" in m:
        drops = e
    elif "no_floor" in m:
        drops = e / epochs_per_drop
    elif "rounded" in m:
        drops = round(e / epochs_per_drop)
    elif "dropped_once" in m:
        drops = 1 if e >= epochs_per_drop else 0
    else:
        drops = e // epochs_per_drop
    return float(learning_rate * drop ** drops)


def exponential_decay(learning_rate, epoch, k=0.1, *, mistakes=frozenset()):
    m = mistakes
    e = epoch + 1 if "epoch_plus_one" in m else epoch
    rate = -k if "growing" in m else k
    if "one_minus_k" in m:
        factor = (1 - rate) ** e
    elif "k_as_time_constant" in m:
        factor = math.exp(-e / rate)
    elif "epoch_missing" in m:
        factor = math.exp(-rate)
    else:
        factor = math.exp(-rate * e)
    return float(learning_rate * factor)


def l1_regularization(W, reg, *, mistakes=frozenset()):
    m = mistakes
    if "l2_loss" in m:
        penalty = W * W
    elif "abs_missing" in m:
        penalty = W
    else:
        penalty = np.abs(W)
    if "loss_not_summed" in m:
        loss = reg * penalty
    elif "mean_not_sum" in m:
        loss = float(reg * np.mean(penalty))
    else:
        loss = float(reg * np.sum(penalty))
    if "l2_gradient" in m:
        dW = 2 * reg * W
    else:
        sign = np.where(W >= 0, 1.0, -1.0) if "sign_of_zero_is_one" in m else np.sign(W)
        if "gradient_sign_flipped" in m:
            sign = -sign
        dW = sign if "reg_missing_in_gradient" in m else reg * sign
    return loss, dW


WRONG_VERSIONS = {STEP: step_decay, EXP: exponential_decay, L1: l1_regularization}

_STEP = ('"lr = learning_rate * drop ** floor(epoch / epochs_per_drop), so the learning rate is constant for '
         'epochs_per_drop epochs, then drops at once" (step_decay)')
_FIRST = ('"epoch 0 to epochs_per_drop - 1: learning_rate; from epoch epochs_per_drop: learning_rate * drop" '
          '(step_decay)')
_EPOCH0 = '"epoch: The number of the current epoch (an int >= 0; 0 is the first epoch)." (step_decay)'
_EXP = '"Exponential decay: lr = learning_rate * exp(-k * epoch)." (exponential_decay)'
_EXP0 = '"epoch: The number of the current epoch (an int >= 0; epoch 0 uses learning_rate)." (exponential_decay)'
_SHRINK = ('"The learning rate shrinks by the same factor exp(-k) from each epoch to the next" '
           '(exponential_decay)')
_K = '"k: The decay rate per epoch (a float >= 0; k = 0 keeps the learning rate constant)." (exponential_decay)'
_L1 = '"loss: The penalty reg * sum(|W|), a float." (l1_regularization)'
_SIGN = '"use the subgradient sign(w), which is 0 there (np.sign does exactly that)." (l1_regularization)'
_GRAD = '"dW: Its gradient with respect to W, reg * sign(W), an array of W\'s shape." (l1_regularization)'

MISCONCEPTIONS = (
    mistakes_of(
        STEP,
        ("no_floor", "the number of drops not floored: a smooth decay instead of steps",
         "drop ** (epoch / epochs_per_drop) lowers the rate a little every epoch; step decay keeps it constant and "
         "drops at once: use the whole number of completed periods, epoch // epochs_per_drop.", _STEP, "",
         ("lr",)),
        ("drop_every_epoch", "the rate multiplied by drop every epoch (drop ** epoch)",
         "The rate drops once every epochs_per_drop epochs, not every epoch: the exponent is "
         "epoch // epochs_per_drop, not epoch.", _STEP, "", ("lr",)),
        ("rounded", "the number of drops rounded instead of floored",
         "round(epoch / epochs_per_drop) drops halfway through a period; the rate changes only when a whole "
         "period has passed: epoch // epochs_per_drop (math.floor).", _STEP, "", ("lr",)),
        ("dropped_once", "drop applied only once (after the first period), not once per period",
         "The rate is multiplied by drop again after every period: drop ** (epoch // epochs_per_drop), so after "
         "three periods it is learning_rate * drop ** 3.", _STEP, "", ("lr",)),
        ("one_epoch_early", "the drop one epoch too early ((epoch + 1) // epochs_per_drop)",
         "Epoch 0 is the first epoch: the rate stays learning_rate for epochs 0 to epochs_per_drop - 1 and "
         "drops at epoch epochs_per_drop, so use epoch // epochs_per_drop (no + 1).", _FIRST, "", ("lr",)),
        ("counted_from_epoch_1", "epochs counted from 1 ((epoch - 1) // epochs_per_drop)",
         "Epochs count from 0 here (the first epoch is epoch 0, which must give learning_rate): use "
         "epoch // epochs_per_drop, not (epoch - 1) // epochs_per_drop.", _EPOCH0, "", ("lr",)),
    )
    + mistakes_of(
        EXP,
        ("one_minus_k", "(1 - k) ** epoch instead of exp(-k * epoch)",
         "(1 - k) ** epoch is close to exp(-k * epoch) only for small k: the schedule is "
         "learning_rate * math.exp(-k * epoch).", _EXP, "", ("lr",)),
        ("epoch_missing", "exp(-k) without the epoch: the same rate for every epoch after 0",
         "The exponent grows with the epoch: learning_rate * math.exp(-k * epoch), which is learning_rate at "
         "epoch 0 and shrinks by exp(-k) per epoch.", _SHRINK, "", ("lr",)),
        ("epoch_plus_one", "exp(-k * (epoch + 1)): epoch 0 already decayed",
         "Epoch 0 uses the initial rate: exp(-k * 0) = 1, so use the epoch as it is, not epoch + 1.", _EXP0, "",
         ("lr",)),
        ("growing", "exp(+k * epoch): the learning rate grows",
         "The exponent is negative, -k * epoch, so the rate shrinks: learning_rate * math.exp(-k * epoch).", _EXP,
         "", ("lr",)),
        ("k_as_time_constant", "exp(-epoch / k): k used as a time constant",
         "k is a rate per epoch, multiplied by the epoch: math.exp(-k * epoch), not math.exp(-epoch / k) (which "
         "divides by zero for k = 0).", _K, "", ("lr",)),
    )
    + mistakes_of(
        L1,
        ("l2_gradient", "2 * reg * W as the gradient (the L2 rule)",
         "2 * reg * W is the gradient of the L2 penalty reg * sum(W * W); the L1 penalty reg * sum(|W|) has "
         "gradient reg * np.sign(W): every nonzero weight is pulled by the same amount reg.", _GRAD, "", ("dW",)),
        ("l2_loss", "reg * sum(W * W) as the penalty (the L2 penalty)",
         "The L1 penalty sums absolute values: reg * np.sum(np.abs(W)), not reg * np.sum(W * W).", _L1, "",
         ("loss",)),
        ("abs_missing", "reg * sum(W) without the absolute value",
         "Negative weights must add to the penalty too: reg * np.sum(np.abs(W)).", _L1, "", ("loss",)),
        ("loss_not_summed", "reg * |W| returned as an array (not summed)",
         "The penalty is one number, the sum over all the entries: float(reg * np.sum(np.abs(W))).", _L1, "",
         ("loss",)),
        ("mean_not_sum", "reg * mean(|W|) instead of reg * sum(|W|)",
         "The penalty is summed over the weights, like the L2 term reg * np.sum(W * W): np.sum, not np.mean.",
         _L1, "", ("loss",)),
        ("sign_of_zero_is_one", "+reg at weights exactly 0 (a sign of +1 at 0)",
         "At w = 0 the kit takes the subgradient 0, np.sign(0) = 0; np.where(W >= 0, 1, -1) gives +1 there.",
         _SIGN, "", ("dW",)),
        ("gradient_sign_flipped", "-reg * sign(W): the gradient points the wrong way",
         "d|w|/dw = sign(w): the gradient is +reg for positive weights (so that W -= lr * dW shrinks them), "
         "reg * np.sign(W).", _GRAD, "", ("dW",)),
        ("reg_missing_in_gradient", "the gradient sign(W) without reg",
         "The penalty is multiplied by reg, so its gradient is too: reg * np.sign(W).", _GRAD, "", ("dW",)),
    )
)

EXCLUSIVE = {
    # one expression counts the drops; one shifts the epoch
    STEP: [{"no_floor", "drop_every_epoch", "rounded", "dropped_once"}, {"one_epoch_early", "counted_from_epoch_1"}],
    # one expression gives the factor; without the epoch there is nothing to shift
    EXP: [{"one_minus_k", "k_as_time_constant", "epoch_missing"}, {"epoch_missing", "epoch_plus_one"}],
    # one line gives the penalty, one sums it; the L2 gradient has no sign to get wrong
    L1: [{"l2_loss", "abs_missing"}, {"loss_not_summed", "mean_not_sum"},
         {"l2_gradient", "sign_of_zero_is_one"}, {"l2_gradient", "gradient_sign_flipped"},
         {"l2_gradient", "reg_missing_in_gradient"}],
}
