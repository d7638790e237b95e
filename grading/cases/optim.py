"""Hidden cases of ``optim.py``: the update rules (one generator per rule)."""
import numpy as np

from .base import Case, seeded_rng


def adagrad_extra_cases() -> list:
    """Adagrad cases where the place of epsilon matters (tiny gradients, a large epsilon,
    an empty cache) and where some gradients are exactly 0."""
    rng = seeded_rng(161)
    w = rng.standard_normal((2, 3))
    tiny = 1e-4 * rng.standard_normal((2, 3))
    tiny[0, 0] = 0.0
    return [
        Case("tiny gradients (1e-4), epsilon=1e-4, empty cache: epsilon goes after the sqrt",
             {"w": w, "dw": tiny, "config.learning_rate": 0.1, "config.epsilon": 1e-4,
              "config.cache": np.zeros((2, 3))}, meta={"optimizer": "adagrad"}),
        Case("a long history: large cache, small steps",
             {"w": w, "dw": rng.standard_normal((2, 3)), "config.learning_rate": 1.0, "config.epsilon": 1e-8,
              "config.cache": 100.0 + 50.0 * rng.random((2, 3))}, meta={"optimizer": "adagrad"}),
    ]


def optim_cases(rule: str) -> list:
    rng = seeded_rng(111)
    w, dw = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    cases = [Case("config=None (the defaults, zero state)", {"w": w, "dw": dw, "config": None}, meta={"optimizer": rule})]
    rng = seeded_rng(112)
    w, dw = rng.standard_normal((5,)), rng.standard_normal((5,))
    if rule == "sgd_momentum":
        state = {"config.learning_rate": 0.1, "config.momentum": 0.8, "config.velocity": rng.standard_normal(5)}
    elif rule == "rmsprop":
        state = {"config.learning_rate": 0.05, "config.decay_rate": 0.9, "config.epsilon": 1e-8,
                 "config.cache": rng.random(5)}
    elif rule == "adagrad":
        state = {"config.learning_rate": 0.05, "config.epsilon": 1e-8, "config.cache": 3.0 * rng.random(5)}
    else:
        state = {"config.learning_rate": 0.01, "config.beta1": 0.8, "config.beta2": 0.99, "config.epsilon": 1e-8,
                 "config.m": rng.standard_normal(5), "config.v": rng.random(5), "config.t": 5}
    cases.append(Case("a later step: non-default hyperparameters and state", {"w": w, "dw": dw, **state},
                      meta={"optimizer": rule}))
    rng = seeded_rng(113)
    cases.append(Case("1-element w", {"w": rng.standard_normal((1, 1)), "dw": rng.standard_normal((1, 1)), "config": None},
                      meta={"optimizer": rule}))
    rng = seeded_rng(114)
    cases.append(Case("tiny gradients (about 1e-7): where epsilon goes matters",
                      {"w": rng.standard_normal((2, 3)), "dw": 1e-7 * rng.standard_normal((2, 3)), "config": None},
                      meta={"optimizer": rule}))
    if rule == "adagrad":
        cases.extend(adagrad_extra_cases())
    elif rule in ("rmsprop", "adam"):
        cases.append(caller_epsilon_case(rule))
    return cases


def caller_epsilon_case(rule: str) -> Case:
    """A caller's epsilon (1e-2) far from the default, with gradients and state small enough that
    epsilon is a large part of the denominator (RMSProp's sqrt(cache) and Adam's sqrt(v_hat) are
    about 1e-2): an epsilon written into the code (the default 1e-8, or the slides' 1e-7) gives a
    step 2 to 3 times too large here."""
    rng = seeded_rng(115)
    w, dw = rng.standard_normal((2, 3)), 1e-2 * rng.standard_normal((2, 3))
    if rule == "rmsprop":
        state = {"config.learning_rate": 0.01, "config.decay_rate": 0.9, "config.cache": 1e-4 * rng.random((2, 3))}
    else:
        state = {"config.learning_rate": 0.01, "config.beta1": 0.9, "config.beta2": 0.999,
                 "config.m": 1e-2 * rng.standard_normal((2, 3)), "config.v": 1e-7 * rng.random((2, 3)),
                 "config.t": 3}
    return Case("epsilon=1e-2 from the caller, gradients about 1e-2: epsilon must come from config",
                {"w": w, "dw": dw, "config.epsilon": 1e-2, **state}, meta={"optimizer": rule})


def sgd_momentum_cases() -> list:
    return optim_cases("sgd_momentum")


def rmsprop_cases() -> list:
    return optim_cases("rmsprop")


def adam_cases() -> list:
    return optim_cases("adam")


def adagrad_cases() -> list:
    return optim_cases("adagrad")
