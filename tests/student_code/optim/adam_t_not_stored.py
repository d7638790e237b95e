"""Stores m and v back, but t only lives in a local variable.

Verdict (hand check): next_w, config['m'] and config['v'] are right; config['t'] keeps its old
value (0 after a first step instead of 1), so every step would use t = 1."""
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
    t = config["t"] + 1
    m = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    v = config["beta2"] * config["v"] + (1 - config["beta2"]) * (dw * dw)
    m_hat = m / (1 - config["beta1"] ** t)
    v_hat = v / (1 - config["beta2"] ** t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    config["m"] = m
    config["v"] = v

    return next_w, config
