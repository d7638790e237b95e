"""Updates the velocity in place with *= and -=."""
import numpy as np

PATH = "optim.sgd_momentum"
EXPECT = "correct"


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    next_w = None
    mu, lr = config["momentum"], config["learning_rate"]
    v *= mu
    v -= lr * dw
    next_w = w + v
    config["velocity"] = v

    return next_w, config
