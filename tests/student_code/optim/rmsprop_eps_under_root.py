"""Epsilon under the square root (the Keras-style smoothing).

Verdict (hand check): sqrt(cache + eps) instead of sqrt(cache) + eps; only the tiny-gradient
case, where the cache is about 1e-16, shows a difference."""
import numpy as np

PATH = "optim.rmsprop"
EXPECT = ["eps_inside_sqrt"]


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    config["cache"] = config["decay_rate"] * config["cache"] + (1 - config["decay_rate"]) * dw ** 2
    next_w = w - config["learning_rate"] * dw / np.sqrt(config["cache"] + config["epsilon"])

    return next_w, config
