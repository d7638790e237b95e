"""Adagrad with the lecture's 1e-7 written into the step.

Verdict (hand check): the tiny-gradient cases (dw about 1e-7 with epsilon 1e-8, and dw about 1e-4
with epsilon 1e-4) divide by the wrong epsilon."""
import numpy as np

PATH = "optim.adagrad"
EXPECT = ["epsilon_hardcoded"]


def adagrad(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    config["cache"] = config["cache"] + dw * dw
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + 1e-7)

    return next_w, config
