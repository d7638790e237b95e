"""epsilon inside the square root."""
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
    cache = config["decay_rate"] * config["cache"] + (1 - config["decay_rate"]) * dw * dw
    config["cache"] = cache
    next_w = w - config["learning_rate"] * dw / np.sqrt(cache + config["epsilon"])

    return next_w, config
