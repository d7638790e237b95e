"""The Adam paper's efficient form: the bias corrections folded into the step size.

Verdict (hand check): lr_t * m / (sqrt(v) + eps) with lr_t = lr * sqrt(1 - b2**t) / (1 - b1**t)
equals the docstring's rule with epsilon scaled by sqrt(1 - b2**t); they agree to 1e-7 unless
sqrt(v_hat) is comparable to epsilon: only the tiny-gradient case differs."""
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
    config["t"] += 1
    t = config["t"]
    config["m"] = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    config["v"] = config["beta2"] * config["v"] + (1 - config["beta2"]) * dw ** 2
    lr_t = config["learning_rate"] * np.sqrt(1 - config["beta2"] ** t) / (1 - config["beta1"] ** t)
    next_w = w - lr_t * config["m"] / (np.sqrt(config["v"]) + config["epsilon"])

    return next_w, config
