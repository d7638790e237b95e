"""Adam with a local eps = 1e-8 (copied from the defaults) instead of config['epsilon'].

Verdict (hand check): on the case with epsilon = 1e-2 from the caller, sqrt(v_hat) is between
1.5e-3 and 8e-3, so the right denominator is 1.15e-2 to 1.8e-2 and this one the sqrt alone: steps 2 to
8 times too large. With the default epsilon it is the reference."""
import numpy as np

PATH = "optim.adam"
EXPECT = ["epsilon_default_hardcoded"]


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
    lr, beta1, beta2, eps = config["learning_rate"], config["beta1"], config["beta2"], 1e-8
    t = config["t"] + 1
    m = beta1 * config["m"] + (1 - beta1) * dw
    v = beta2 * config["v"] + (1 - beta2) * (dw * dw)
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    next_w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    config.update(m=m, v=v, t=t)

    return next_w, config
