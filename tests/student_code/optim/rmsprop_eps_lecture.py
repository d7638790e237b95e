"""Uses the lecture slide's 1e-7 instead of config['epsilon'].

Verdict (hand check): on the tiny-gradient case (dw about 1e-7, default epsilon 1e-8) sqrt(cache)
is about 1e-8, so the denominator is 1.1e-7 instead of 2e-8: a step several times too small."""
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
    config["cache"] = config["decay_rate"] * config["cache"] + (1 - config["decay_rate"]) * dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + 1e-7)

    return next_w, config
