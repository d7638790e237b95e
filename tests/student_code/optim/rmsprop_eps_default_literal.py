"""RMSProp that writes the default epsilon, 1e-8, into the step instead of reading config.

Verdict (hand check): with epsilon = 1e-2 and sqrt(cache) about 1e-2 the right denominator is about
2e-2, this one about 1e-2: the step is about twice too large. Every case that keeps epsilon at its
default agrees exactly."""
import numpy as np

PATH = "optim.rmsprop"
EXPECT = ["epsilon_default_hardcoded"]


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    next_w = None
    rho = config["decay_rate"]
    cache = rho * config["cache"] + (1 - rho) * np.square(dw)
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + 1e-8)
    config["cache"] = cache

    return next_w, config
