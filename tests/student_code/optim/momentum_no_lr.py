"""The velocity accumulates the raw gradient (the learning rate is forgotten).

Verdict (hand check): v = mu * v - dw instead of mu * v - lr * dw: wrong whenever lr != 1."""
import numpy as np

PATH = "optim.sgd_momentum"
EXPECT = ["learning_rate_missing"]


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    next_w = None
    v = config["momentum"] * v - dw
    next_w = w + v
    config["velocity"] = v

    return next_w, config
