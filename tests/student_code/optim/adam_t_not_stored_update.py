"""config.update with m and v only.

Verdict (hand check): as adam_t_not_stored: only config['t'] is not advanced."""
import numpy as np

PATH = "optim.adam"
EXPECT = ["t_not_stored"]


def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)

    next_w = None
    beta1, beta2, eps, lr = config["beta1"], config["beta2"], config["epsilon"], config["learning_rate"]
    step = config["t"] + 1
    new_m = beta1 * config["m"] + (1 - beta1) * dw
    new_v = beta2 * config["v"] + (1 - beta2) * np.square(dw)
    next_w = w - lr * (new_m / (1 - beta1 ** step)) / (np.sqrt(new_v / (1 - beta2 ** step)) + eps)
    config.update(m=new_m, v=new_v)

    return next_w, config
