"""Local names, ** 2, stores the cache at the end."""
import numpy as np

PATH = "optim.rmsprop"
EXPECT = "correct"


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    decay, eps, lr = config["decay_rate"], config["epsilon"], config["learning_rate"]
    cache = decay * config["cache"] + (1 - decay) * dw ** 2
    next_w = w - lr * dw / (cache ** 0.5 + eps)
    config["cache"] = cache

    return next_w, config
