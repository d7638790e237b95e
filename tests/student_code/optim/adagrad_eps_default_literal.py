"""Adagrad with the default 1e-8 written as a literal.

Verdict (hand check): right whenever config['epsilon'] is 1e-8; the case with epsilon=1e-4 and
tiny gradients divides by sqrt(cache) + 1e-8 instead of + 1e-4 (a step about 2x too large)."""
import numpy as np

PATH = "optim.adagrad"
EXPECT = ["epsilon_hardcoded_default"]


def adagrad(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    cache = config["cache"] + dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + 1e-8)
    config["cache"] = cache

    return next_w, config
