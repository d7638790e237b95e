"""Adam with eps = 1e-7 (the lecture slide's value).

Verdict (hand check): on the tiny-gradient case sqrt(v_hat) is about 1e-7, so 1e-7 instead of
1e-8 changes the step by tens of percent; other cases agree to the tolerance."""
import numpy as np

PATH = "optim.adam"
EXPECT = ["epsilon_hardcoded"]


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
    b1, b2 = config["beta1"], config["beta2"]
    config["t"] += 1
    config["m"] = b1 * config["m"] + (1 - b1) * dw
    config["v"] = b2 * config["v"] + (1 - b2) * dw ** 2
    mt = config["m"] / (1 - b1 ** config["t"])
    vt = config["v"] / (1 - b2 ** config["t"])
    next_w = w - config["learning_rate"] * mt / (np.sqrt(vt) + 1e-7)

    return next_w, config
