"""The step first, the cache update after it."""
import numpy as np

PATH = "optim.adagrad"
EXPECT = ["old_cache_in_step"]


def adagrad(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])
    config["cache"] = config["cache"] + dw * dw

    return next_w, config
