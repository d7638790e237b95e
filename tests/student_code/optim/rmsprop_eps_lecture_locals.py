"""Local names, and a hard-coded eps = 1e-7.

Verdict (hand check): as rmsprop_eps_lecture: only the tiny-gradient case shows the wrong
epsilon."""
import numpy as np

PATH = "optim.rmsprop"
EXPECT = ["epsilon_hardcoded"]


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    lr, rho, eps = config["learning_rate"], config["decay_rate"], 1e-7
    cache = rho * config["cache"] + (1 - rho) * dw * dw
    next_w = w - lr * dw / (np.sqrt(cache) + eps)
    config["cache"] = cache

    return next_w, config
