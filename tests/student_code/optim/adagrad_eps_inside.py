"""epsilon under the square root."""
import numpy as np

PATH = "optim.adagrad"
EXPECT = ["eps_inside_sqrt"]


def adagrad(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    config["cache"] = config["cache"] + dw * dw
    next_w = w - config["learning_rate"] * dw / np.sqrt(config["cache"] + config["epsilon"])

    return next_w, config
