"""Adagrad with 1e-8 written into the step in place of config['epsilon'].

Verdict (hand check): the case with epsilon = 1e-4 from the caller, tiny gradients (about 1e-4) and
an empty cache divides by sqrt(cache) + 1e-8 instead of sqrt(cache) + 1e-4: the steps differ by a
factor up to 2 (and dw = 0 entries are still right)."""
import numpy as np

PATH = "optim.adagrad"
EXPECT = ["epsilon_default_hardcoded"]


def adagrad(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    config["cache"] += dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + 1e-8)

    return next_w, config
