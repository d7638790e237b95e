"""Adagrad whose new cache stays a local: config keeps the old one.

Verdict (hand check): next_w is right for this step; config['cache'] is unchanged, so the next
step would forget this gradient."""
import numpy as np

PATH = "optim.adagrad"
EXPECT = ["cache_not_stored"]


def adagrad(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    cache = config["cache"] + dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])

    return next_w, config
