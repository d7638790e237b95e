"""Local names, the cache stored with config.update.

Verdict (hand check): the docstring's rule exactly (epsilon after the square root)."""
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
    rho = config["decay_rate"]
    cache = rho * config["cache"] + (1.0 - rho) * np.square(dw)
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config.update(cache=cache)

    return next_w, config
