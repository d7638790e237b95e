"""Misconceptions of ``optim.py``: ``sgd_momentum``, ``adagrad``, ``rmsprop`` and ``adam``."""
import numpy as np

from .base import mistakes_of

MOMENTUM, ADAGRAD, RMSPROP, ADAM = "optim.sgd_momentum", "optim.adagrad", "optim.rmsprop", "optim.adam"


def sgd_momentum(w, dw, config=None, *, mistakes=frozenset()):
    m = mistakes
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    lr = 1.0 if "learning_rate_missing" in m else config["learning_rate"]
    if "velocity_sign_flipped" in m:
        new_v = config["momentum"] * v + lr * dw
        next_w = w - new_v
    else:
        new_v = config["momentum"] * v - lr * dw
        next_w = w - new_v if "step_subtracts_velocity" in m else w + new_v
    if "velocity_not_updated" not in m:
        v = new_v
    config["velocity"] = v
    return next_w, config


def _epsilon(config, m):
    """The epsilon a wrong version divides with: config's, or a number written into the code."""
    if "epsilon_hardcoded" in m:
        return 1e-7          # the lecture slides' value
    if "epsilon_default_hardcoded" in m:
        return 1e-8          # the default, right until a caller sets config['epsilon']
    return config["epsilon"]


def adagrad(w, dw, config=None, *, mistakes=frozenset()):
    m = mistakes
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    eps, lr = _epsilon(config, m), config["learning_rate"]
    if "cache_replaced" in m:
        cache = dw * dw
    elif "moving_average" in m:
        cache = 0.99 * config["cache"] + 0.01 * dw * dw
    else:
        cache = config["cache"] + dw * dw
    root = np.sqrt(config["cache"] if "old_cache_in_step" in m else cache)
    if "no_sqrt" in m:
        next_w = w - lr * dw / (cache + eps)
    elif "eps_inside_sqrt" in m:
        next_w = w - lr * dw / np.sqrt(cache + eps)
    elif "eps_outside_parentheses" in m:
        next_w = w - lr * dw / root + eps
    else:
        next_w = w - lr * dw / (root + eps)
    if "cache_not_stored" not in m:
        config["cache"] = cache
    return next_w, config


def rmsprop(w, dw, config=None, *, mistakes=frozenset()):
    m = mistakes
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    decay, eps, lr = config["decay_rate"], _epsilon(config, m), config["learning_rate"]
    if "decay_rate_swapped" in m:
        cache = (1 - decay) * config["cache"] + decay * dw * dw
    else:
        cache = decay * config["cache"] + (1 - decay) * dw * dw
    if "no_sqrt" in m:
        next_w = w - lr * dw / (cache + eps)
    elif "eps_inside_sqrt" in m:
        next_w = w - lr * dw / np.sqrt(cache + eps)
    elif "eps_outside_parentheses" in m:
        next_w = w - lr * dw / np.sqrt(cache) + eps
    else:
        next_w = w - lr * dw / (np.sqrt(cache) + eps)
    if "cache_not_stored" not in m:
        config["cache"] = cache
    return next_w, config


def adam(w, dw, config=None, *, mistakes=frozenset()):
    m = mistakes
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)

    beta1, beta2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    t_used = config["t"] if "t_after_use" in m else t
    first = beta1 * config["m"] + (1 - beta1) * dw
    second = beta2 * config["v"] + (1 - beta2) * (dw if "v_not_squared" in m else dw * dw)
    if "no_bias_correction" in m:
        m_hat, v_hat = first, second
    else:
        m_hat = first / (1 - beta1**t_used)
        v_hat = second / (1 - beta2**t_used)
    eps = _epsilon(config, m)
    if "eps_inside_sqrt" in m:
        next_w = w - config["learning_rate"] * m_hat / np.sqrt(v_hat + eps)
    elif "efficient_form" in m:          # Kingma & Ba, section 2: the corrections folded into the step size
        step = config["learning_rate"] * np.sqrt(1 - beta2**t_used) / (1 - beta1**t_used)
        next_w = w - step * first / (np.sqrt(second) + eps)
    else:
        next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + eps)
    if "stored_bias_corrected" in m:
        config["t"], config["m"], config["v"] = t, m_hat, v_hat
    elif "state_not_stored" not in m:
        config["t"], config["m"], config["v"] = t, first, second
    if "t_not_stored" in m:
        config["t"] = t - 1
    return next_w, config


WRONG_VERSIONS = {MOMENTUM: sgd_momentum, ADAGRAD: adagrad, RMSPROP: rmsprop, ADAM: adam}

_MOM = '"v = momentum * v - learning_rate * dw ... next_w = w + v" (sgd_momentum)'
_ADAGRAD = '"cache = cache + dw**2 next_w = w - learning_rate * dw / (sqrt(cache) + epsilon)" (adagrad)'
_RMS = ('"cache = decay_rate * cache + (1 - decay_rate) * dw**2 ... next_w = w - learning_rate * dw / '
        '(sqrt(cache) + epsilon)" (rmsprop)')
_EPS_RULE = '"epsilon: Small scalar used for smoothing to avoid dividing by zero (default 1e-8)." ({})'


def _epsilon_items(rule):
    """The hard-coded epsilon mistakes of an update rule (``rule``: its name, for the quote)."""
    return [
        ("epsilon_hardcoded", "epsilon written as 1e-7 instead of config['epsilon']",
         "The lecture slides write 1e-7 into the update; here epsilon is a hyperparameter: divide by "
         "(np.sqrt(...) + config['epsilon']) so that the caller's value (default 1e-8) is used. With tiny "
         "gradients (about 1e-7) the two differ by a large factor.", _EPS_RULE.format(rule), "", ("next_w",)),
        ("epsilon_default_hardcoded", "epsilon written as 1e-8 (the default) instead of config['epsilon']",
         "Your update divides by (np.sqrt(...) + 1e-8) whatever the caller asks for: right with the default, "
         "wrong as soon as a caller sets config['epsilon'] (a hidden case passes 1e-2 with small gradients, "
         "where epsilon is a large part of the denominator). Use the config's value: "
         "(np.sqrt(...) + config['epsilon']).", _EPS_RULE.format(rule), "", ("next_w",)),
    ]


_ADAM = ('"t = t + 1 ... m = beta1 * m + (1 - beta1) * dw ... v = beta2 * v + (1 - beta2) * dw**2 ... '
         'm_hat = m / (1 - beta1**t) ... v_hat = v / (1 - beta2**t) ... '
         'next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)" (adam)')

MISCONCEPTIONS = (
    mistakes_of(
        MOMENTUM,
        ("velocity_sign_flipped", "the velocity is stored with the opposite sign (v = mu * v + lr * dw, w -= v)",
         "Your velocity points uphill (v = momentum * v + learning_rate * dw with next_w = w - v); the kit's "
         "velocity is the step itself: v = momentum * v - learning_rate * dw and next_w = w + v, so the stored "
         "velocity differs in sign and a given velocity is continued the wrong way.", _MOM, "",
         ("next_w", "config.velocity")),
        ("step_subtracts_velocity", "next_w = w - v with v = mu * v - lr * dw (an uphill step)",
         "With v = momentum * v - learning_rate * dw the velocity already points downhill: add it, "
         "next_w = w + v.", _MOM, "", ("next_w",)),
        ("learning_rate_missing", "the velocity update forgets the learning rate",
         "v = momentum * v - learning_rate * dw: the gradient is scaled by the learning rate before it enters "
         "the velocity.", _MOM, "", ("next_w", "config.velocity")),
        ("velocity_not_updated", "the new velocity is not the one stored in config",
         "You compute the new velocity under another name, but the given line config[\"velocity\"] = v stores "
         "v: assign the update to v itself (v = momentum * v - learning_rate * dw).",
         '"velocity: ... used to store a moving average of the gradients" (sgd_momentum)', "",
         ("config.velocity",)),
    )
    + mistakes_of(
        ADAGRAD,
        ("no_sqrt", "dw / (cache + epsilon): the square root of the cache is missing",
         "Adagrad divides by the root of the summed squared gradients: dw / (np.sqrt(cache) + epsilon).",
         _ADAGRAD, "", ("next_w",)),
        ("eps_inside_sqrt", "epsilon inside the square root",
         "The kit adds epsilon after the square root, dw / (np.sqrt(cache) + epsilon); sqrt(cache + epsilon) is "
         "a different (much larger) smoothing when the cache is tiny.",
         '"epsilon is added after the square root (as in RMSProp)." (adagrad)', "", ("next_w",)),
        ("eps_outside_parentheses", "dw / np.sqrt(cache) + epsilon: epsilon added to the step, not the denominator",
         "Without parentheses epsilon is added after the division: write dw / (np.sqrt(cache) + epsilon).",
         _ADAGRAD, "", ("next_w",)),
        ("old_cache_in_step", "the step divides by the old cache (updated after the step)",
         "Add this step's dw**2 to the cache first, then divide by the root of the new cache: on a first step "
         "the old cache is 0, and dw / epsilon is an enormous step.", _ADAGRAD, "", ("next_w",)),
        ("cache_replaced", "the cache holds only the last dw**2 (not the sum of all of them)",
         "Adagrad's cache is the running SUM of all past squared gradients: cache = cache + dw**2, not "
         "cache = dw**2.", _ADAGRAD, "", ("next_w", "config.cache")),
        ("moving_average", "a moving average of dw**2 (RMSProp's cache) instead of the sum",
         "That is RMSProp's rule (decay_rate * cache + (1 - decay_rate) * dw**2); Adagrad adds every squared "
         "gradient in full, cache = cache + dw**2, so its steps only shrink.",
         '"divide each step by the root of the SUM of all past squared gradients" (adagrad)', "",
         ("next_w", "config.cache")),
        ("cache_not_stored", "the updated cache is not stored in config",
         "Store the new cache so the next step continues from it: config[\"cache\"] = cache.",
         '"Store the updated cache in config[\\"cache\\"]." (adagrad)', "", ("config.cache",)),
        *_epsilon_items("adagrad"),
    )
    + mistakes_of(
        RMSPROP,
        ("no_sqrt", "dw / (cache + epsilon): the square root of the cache is missing",
         "RMSProp divides by the root mean square of the gradients: dw / (np.sqrt(cache) + epsilon).", _RMS, "",
         ("next_w",)),
        ("eps_inside_sqrt", "epsilon inside the square root",
         "The kit adds epsilon after the square root, dw / (np.sqrt(cache) + epsilon); sqrt(cache + epsilon) is "
         "a different (much larger) smoothing when the cache is tiny.",
         '"epsilon is added after the square root (not inside it)" (rmsprop)', "", ("next_w",)),
        ("eps_outside_parentheses", "dw / np.sqrt(cache) + epsilon: epsilon added to the step, not the denominator",
         "Without parentheses epsilon is added after the division: write dw / (np.sqrt(cache) + epsilon).", _RMS,
         "", ("next_w",)),
        ("decay_rate_swapped", "decay_rate and 1 - decay_rate swapped in the cache update",
         "The old cache keeps the weight decay_rate (0.99) and the new squared gradient gets 1 - decay_rate: "
         "cache = decay_rate * cache + (1 - decay_rate) * dw**2.", _RMS, "", ("next_w", "config.cache")),
        ("cache_not_stored", "the updated cache is not stored in config",
         "Store the new cache so the next step continues from it: config[\"cache\"] = cache.",
         '"Store the updated cache in config[\\"cache\\"]." (rmsprop)', "", ("config.cache",)),
        *_epsilon_items("rmsprop"),
    )
    + mistakes_of(
        ADAM,
        ("t_after_use", "t incremented after it is used in the bias correction",
         "Increment t first, then use it: the first step uses t = 1 (with t = 0, 1 - beta**0 = 0 divides by "
         "zero).", '"With t the step number, incremented BEFORE it is used (so the first step uses t = 1)" (adam)',
         "", ("next_w",)),
        ("no_bias_correction", "no bias correction of m and v",
         "m and v start at zero, so early averages are too small: divide by (1 - beta1**t) and (1 - beta2**t) "
         "before the step.", _ADAM, "", ("next_w",)),
        ("eps_inside_sqrt", "epsilon inside the square root",
         "The kit adds epsilon after the square root: m_hat / (np.sqrt(v_hat) + epsilon).",
         '"epsilon is added after the square root, as for RMSProp" (adam)', "",
         ("next_w",)),
        ("v_not_squared", "the second moment averages dw instead of dw**2",
         "v is the moving average of the squared gradient: v = beta2 * v + (1 - beta2) * dw**2.", _ADAM, "",
         ("next_w", "config.v")),
        ("state_not_stored", "m, v and t are not stored back in config",
         "Store the new state so the next step continues from it: config[\"m\"], config[\"v\"], config[\"t\"].",
         '"Store the updated m, v and t back in config." (adam)', "", ("config.m", "config.v", "config.t")),
        ("stored_bias_corrected", "the bias-corrected m_hat and v_hat are stored instead of m and v",
         "The state is the raw moving averages m and v; m_hat and v_hat are only used for this step's update.",
         '"m: Moving average of gradient ... v: Moving average of squared gradient" (adam)', "",
         ("config.m", "config.v")),
        ("t_not_stored", "m and v are stored back in config, t is not",
         "config['m'] and config['v'] are right, but the step number stays where it was, so every later step "
         "would use the first step's bias correction: store it too, config['t'] = t.",
         '"Store the updated m, v and t back in config." (adam)', "", ("config.t",)),
        *_epsilon_items("adam"),
        ("efficient_form", "the Adam paper's efficient form (bias corrections folded into the step size)",
         "You used the Adam paper's efficient form (Kingma & Ba 2015, section 2), learning_rate * sqrt(1 - "
         "beta2**t) / (1 - beta1**t) * m / (sqrt(v) + epsilon); this kit uses the docstring's form, "
         "m_hat / (sqrt(v_hat) + epsilon). The two differ only in where epsilon acts (yours is epsilon / sqrt(1 - "
         "beta2**t), up to 30 times larger early on), so they agree except for tiny gradients, where epsilon "
         "matters: compute m_hat and v_hat and divide as the docstring does.", _ADAM,
         "the Adam paper's efficient form (Kingma & Ba 2015, section 2, with epsilon-hat)", ("next_w",)),
    )
)

_HARDCODED = {"epsilon_hardcoded", "epsilon_default_hardcoded"}   # one number is written in

EXCLUSIVE = {
    ADAGRAD: [{"no_sqrt", "eps_inside_sqrt", "eps_outside_parentheses"}, {"cache_replaced", "moving_average"},
              {"old_cache_in_step", "no_sqrt"}, {"old_cache_in_step", "eps_inside_sqrt"}, _HARDCODED],
    RMSPROP: [{"no_sqrt", "eps_inside_sqrt", "eps_outside_parentheses"}, _HARDCODED],
    # t_after_use divides by zero on a first step and a negative v gives NaN: both hide where epsilon is;
    # without bias correction m_hat is m, so storing it stores m
    # the efficient form is one way of writing the step: the other forms of that line exclude it
    ADAM: [{"t_after_use", "no_bias_correction"}, {"state_not_stored", "stored_bias_corrected"},
           {"eps_inside_sqrt", "t_after_use"}, {"eps_inside_sqrt", "v_not_squared"},
           {"no_bias_correction", "stored_bias_corrected"}, {"state_not_stored", "t_not_stored"},
           {"efficient_form", "eps_inside_sqrt", "no_bias_correction", "t_after_use"},
           {"epsilon_hardcoded", "t_after_use"}, {"epsilon_hardcoded", "v_not_squared"}, _HARDCODED,
           {"epsilon_default_hardcoded", "t_after_use"}, {"epsilon_default_hardcoded", "v_not_squared"},
           {"efficient_form", "v_not_squared"}],  # a v of about dw, not dw**2, is far above epsilon
    MOMENTUM: [{"velocity_sign_flipped", "step_subtracts_velocity"}],
}
