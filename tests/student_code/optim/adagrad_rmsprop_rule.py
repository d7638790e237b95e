"""RMSProp's moving average copied into Adagrad."""
import numpy as np

PATH = "optim.adagrad"
EXPECT = ["moving_average"]


def adagrad(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    decay_rate = 0.99
    cache = decay_rate * config["cache"] + (1 - decay_rate) * dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache

    return next_w, config
