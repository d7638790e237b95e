"""The efficient form with the paper's names (alpha_t), locals stored at the end.

Verdict (hand check): as adam_efficient_form (same arithmetic, other names)."""
import numpy as np

PATH = "optim.adam"
EXPECT = ["efficient_form"]


def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)

    next_w = None
    t = config["t"] + 1
    b1, b2 = config["beta1"], config["beta2"]
    m = b1 * config["m"] + (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * dw * dw
    alpha_t = config["learning_rate"] * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t)
    next_w = w - alpha_t * m / (v ** 0.5 + config["epsilon"])
    config["m"], config["v"], config["t"] = m, v, t

    return next_w, config
