"""Unpacked hyperparameters, the new cache stored with config.update."""
import numpy as np

PATH = "optim.adagrad"
EXPECT = "correct"


def adagrad(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    lr, eps = config["learning_rate"], config["epsilon"]
    cache = np.add(config["cache"], np.square(dw))
    next_w = w - lr * dw / (np.sqrt(cache) + eps)
    config.update(cache=cache)

    return next_w, config
