"""Adagrad with np.add and a local step.

Verdict (hand check): the docstring's rule: cache + dw**2, step divided by sqrt(cache) + epsilon."""
import numpy as np

PATH = "optim.adagrad"
EXPECT = "correct"


def adagrad(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    cache = np.add(config["cache"], dw ** 2)
    step = config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    next_w = w - step
    config["cache"] = cache

    return next_w, config
