"""Overwrites config['m'] and config['v'] with their bias-corrected values.

Verdict (hand check): this step's next_w is right; the stored state is m_hat, v_hat (divided by
1 - beta**t), not the moving averages, so the next step starts from the wrong state."""
import numpy as np

PATH = "optim.adam"
EXPECT = ["stored_bias_corrected"]


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
    config["t"] = config["t"] + 1
    t = config["t"]
    config["m"] = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    config["v"] = config["beta2"] * config["v"] + (1 - config["beta2"]) * dw ** 2
    config["m"] = config["m"] / (1 - config["beta1"] ** t)
    config["v"] = config["v"] / (1 - config["beta2"] ** t)
    next_w = w - config["learning_rate"] * config["m"] / (np.sqrt(config["v"]) + config["epsilon"])

    return next_w, config
