"""Tests of cs231n_lib.optim: each update rule against its formula, computed here one
element and one step at a time with Python floats, over several steps, shapes and configs.
Each check is also run on a typical wrong version, which must fail it.
"""
import math

import numpy as np
import pytest

from cs231n_lib import optim
from cs231n_lib.gradient_check import rel_error


def hand_sgd(w, grads, lr=1e-2, **_):
    w = list(w)
    for g in grads:
        w = [wi - lr * gi for wi, gi in zip(w, g)]
    return w


def hand_momentum(w, grads, lr=1e-2, momentum=0.9, **_):
    w, v = list(w), [0.0] * len(w)
    for g in grads:
        v = [momentum * vi - lr * gi for vi, gi in zip(v, g)]
        w = [wi + vi for wi, vi in zip(w, v)]
    return w


def hand_adagrad(w, grads, lr=1e-2, epsilon=1e-8, **_):
    w, cache = list(w), [0.0] * len(w)
    for g in grads:
        cache = [c + gi * gi for c, gi in zip(cache, g)]
        w = [wi - lr * gi / (math.sqrt(c) + epsilon) for wi, gi, c in zip(w, g, cache)]
    return w


def hand_rmsprop(w, grads, lr=1e-2, decay_rate=0.99, epsilon=1e-8, **_):
    w, cache = list(w), [0.0] * len(w)
    for g in grads:
        cache = [decay_rate * c + (1 - decay_rate) * gi * gi for c, gi in zip(cache, g)]
        w = [wi - lr * gi / (math.sqrt(c) + epsilon) for wi, gi, c in zip(w, g, cache)]
    return w


def hand_adam(w, grads, lr=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8, **_):
    w, m, v = list(w), [0.0] * len(w), [0.0] * len(w)
    for t, g in enumerate(grads, start=1):  # t = 1 on the first step
        m = [beta1 * mi + (1 - beta1) * gi for mi, gi in zip(m, g)]
        v = [beta2 * vi + (1 - beta2) * gi * gi for vi, gi in zip(v, g)]
        w = [wi - lr * (mi / (1 - beta1**t)) / (math.sqrt(vi / (1 - beta2**t)) + epsilon)
             for wi, mi, vi in zip(w, m, v)]
    return w


HAND = {"sgd": hand_sgd, "sgd_momentum": hand_momentum, "adagrad": hand_adagrad, "rmsprop": hand_rmsprop,
        "adam": hand_adam}
# names of the config keys of each rule, mapped to the keyword of the hand formula
KEYS = {"learning_rate": "lr", "momentum": "momentum", "decay_rate": "decay_rate",
        "epsilon": "epsilon", "beta1": "beta1", "beta2": "beta2"}


def check_rule(rule, name, shape, steps, config, seed):
    """Run ``rule`` for ``steps`` steps on random gradients; compare with the hand formula."""
    rng = np.random.default_rng(seed)
    w0 = rng.normal(size=shape)
    grads = [rng.normal(size=shape) for _ in range(steps)]
    w, cfg = w0.copy(), (dict(config) if config is not None else None)
    for g in grads:
        w, cfg = rule(w, g, cfg)
    hand_kwargs = {KEYS[k]: v for k, v in (config or {}).items()}
    expected = HAND[name](w0.ravel(), [g.ravel() for g in grads], **hand_kwargs)
    expected = np.array(expected).reshape(shape)
    return np.shape(w) == shape and rel_error(w, expected) < 1e-9


RULES = ["sgd", "sgd_momentum", "adagrad", "rmsprop", "adam"]
CONFIGS = {
    "sgd": [None, {"learning_rate": 0.3}],
    "sgd_momentum": [None, {"learning_rate": 0.05, "momentum": 0.5}],
    "adagrad": [None, {"learning_rate": 0.5, "epsilon": 1e-4}],
    "rmsprop": [None, {"learning_rate": 1e-3, "decay_rate": 0.9, "epsilon": 1e-4}],
    "adam": [None, {"learning_rate": 1e-2, "beta1": 0.5, "beta2": 0.75, "epsilon": 1e-3}],
}
CASES = [(name, i) for name in RULES for i in range(len(CONFIGS[name]))]


@pytest.mark.parametrize("name,config_index", CASES)
@pytest.mark.parametrize("shape,steps,seed", [((4, 5), 1, 0), ((4, 5), 5, 1), ((7,), 3, 2), ((2, 3, 2), 10, 3)])
def test_rule_matches_hand_formula(name, config_index, shape, steps, seed):
    config = CONFIGS[name][config_index]
    assert check_rule(getattr(optim, name), name, shape, steps, config, seed)


def test_defaults_are_filled_in():
    w, dw = np.ones(3), np.ones(3)
    _, c = optim.sgd(w, dw)
    assert c["learning_rate"] == 1e-2
    _, c = optim.sgd_momentum(w, dw)
    assert (c["learning_rate"], c["momentum"]) == (1e-2, 0.9) and c["velocity"].shape == (3,)
    _, c = optim.adagrad(w, dw)
    assert (c["learning_rate"], c["epsilon"]) == (1e-2, 1e-8) and np.array_equal(c["cache"], np.ones(3))
    _, c = optim.rmsprop(w, dw)
    assert (c["learning_rate"], c["decay_rate"], c["epsilon"]) == (1e-2, 0.99, 1e-8)
    _, c = optim.adam(w, dw)
    assert (c["learning_rate"], c["beta1"], c["beta2"], c["epsilon"]) == (1e-3, 0.9, 0.999, 1e-8)
    assert c["t"] == 1, "t is incremented before use: 1 after the first step"


def test_adam_first_step_is_learning_rate_times_sign():
    # With the bias correction, m_hat = dw and v_hat = dw**2 at t = 1: the step is lr * sign(dw).
    dw = np.array([-1e-4, 3.0, 1e3])
    next_w, _ = optim.adam(np.zeros(3), dw, {"learning_rate": 0.1})
    assert np.allclose(next_w, -0.1 * np.sign(dw), rtol=1e-3)


@pytest.mark.parametrize("name", RULES)
def test_rules_do_not_modify_inputs_and_keep_float32(name):
    rule = getattr(optim, name)
    w = np.linspace(-1, 1, 6, dtype=np.float32)
    dw = np.linspace(2, 3, 6, dtype=np.float32)
    w_before, dw_before = w.copy(), dw.copy()
    next_w, config = rule(w, dw, None)
    next_w, config = rule(next_w, dw, config)
    assert np.array_equal(w, w_before) and np.array_equal(dw, dw_before)
    assert next_w.dtype == np.float32


def test_state_is_carried_in_config():
    cfg = {"learning_rate": 1.0, "momentum": 0.5}
    w, cfg = optim.sgd_momentum(np.zeros(2), np.ones(2), cfg)
    assert np.allclose(cfg["velocity"], -1.0) and np.allclose(w, -1.0)
    w, cfg = optim.sgd_momentum(w, np.ones(2), cfg)
    assert np.allclose(cfg["velocity"], -1.5) and np.allclose(w, -2.5)


def test_wrong_versions_are_caught():
    def momentum_as_moving_average(w, dw, config=None):  # v = mu v + (1 - mu) dw; w -= lr v
        config = config or {}
        config.setdefault("learning_rate", 1e-2)
        config.setdefault("momentum", 0.9)
        mu = config["momentum"]
        v = mu * config.get("velocity", np.zeros_like(w)) + (1 - mu) * dw
        config["velocity"] = v
        return w - config["learning_rate"] * v, config

    def momentum_no_memory(w, dw, config=None):  # forgets to store the velocity
        config = config or {}
        config.setdefault("learning_rate", 1e-2)
        config.setdefault("momentum", 0.9)
        v = config["momentum"] * np.zeros_like(w) - config["learning_rate"] * dw
        return w + v, config

    def rmsprop_without_sqrt(w, dw, config=None):
        config = config or {}
        for k, v in (("learning_rate", 1e-2), ("decay_rate", 0.99), ("epsilon", 1e-8)):
            config.setdefault(k, v)
        cache = config["decay_rate"] * config.get("cache", np.zeros_like(w)) + (1 - config["decay_rate"]) * dw**2
        config["cache"] = cache
        return w - config["learning_rate"] * dw / (cache + config["epsilon"]), config

    def adam_variant(bias_correction=True, t_after_use=False):
        def rule(w, dw, config=None):
            config = config or {}
            for k, v in (("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8), ("t", 0)):
                config.setdefault(k, v)
            b1, b2 = config["beta1"], config["beta2"]
            t = config["t"] if t_after_use else config["t"] + 1
            m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
            v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw**2
            if bias_correction:
                m_hat, v_hat = m / (1 - b1 ** max(t, 1e-12)), v / (1 - b2 ** max(t, 1e-12))
            else:
                m_hat, v_hat = m, v
            config.update(m=m, v=v, t=config["t"] + 1)
            return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
        return rule

    shape, steps, seed = (4, 5), 5, 1
    assert not check_rule(momentum_as_moving_average, "sgd_momentum", shape, steps, None, seed)
    assert not check_rule(momentum_no_memory, "sgd_momentum", shape, steps, None, seed)
    assert not check_rule(rmsprop_without_sqrt, "rmsprop", shape, steps, None, seed)
    assert check_rule(adam_variant(), "adam", shape, steps, None, seed)  # the variant's frame is right
    assert not check_rule(adam_variant(bias_correction=False), "adam", shape, steps, None, seed)
    assert not check_rule(adam_variant(t_after_use=True), "adam", shape, steps, None, seed)


# ---------------------------------------------------------------------------------------
# Adagrad: its effective learning rate only decays; typical wrong versions

def test_adagrad_steps_shrink_like_one_over_sqrt_t_for_a_constant_gradient():
    # cache after t steps of a constant gradient g is t g^2, so step t moves w by lr / sqrt(t).
    w, config = np.zeros(1), {"learning_rate": 0.1, "epsilon": 0.0}
    steps = []
    for _ in range(100):
        next_w, config = optim.adagrad(w, np.array([3.0]), config)
        steps.append(float(w[0] - next_w[0]))
        w = next_w
    assert np.allclose(steps, 0.1 / np.sqrt(np.arange(1, 101)), rtol=1e-12)


def _adagrad_variant(sqrt=True, epsilon_inside=False, store_cache=True):
    def rule(w, dw, config=None):
        config = {} if config is None else config
        config.setdefault("learning_rate", 1e-2)
        config.setdefault("epsilon", 1e-8)
        config.setdefault("cache", np.zeros_like(w))
        cache = config["cache"] + dw * dw
        eps = config["epsilon"]
        if not sqrt:
            denominator = cache + eps
        elif epsilon_inside:
            denominator = np.sqrt(cache + eps)
        else:
            denominator = np.sqrt(cache) + eps
        if store_cache:
            config["cache"] = cache
        return w - config["learning_rate"] * dw / denominator, config
    return rule


ADAGRAD_WRONG = {"without sqrt": {"sqrt": False}, "epsilon inside the sqrt": {"epsilon_inside": True},
                 "cache not stored": {"store_cache": False}}


def test_adagrad_variant_frame_is_right():
    assert check_rule(_adagrad_variant(), "adagrad", (4, 5), 5, CONFIGS["adagrad"][1], 1)


@pytest.mark.parametrize("wrong", list(ADAGRAD_WRONG))
def test_adagrad_wrong_versions_fail_the_checks(wrong):
    rule = _adagrad_variant(**ADAGRAD_WRONG[wrong])
    assert not check_rule(rule, "adagrad", (4, 5), 5, CONFIGS["adagrad"][1], 1)


def test_adagrad_hidden_cases_pass_the_reference_and_catch_wrong_versions():
    from .hidden_check import failed_cases

    assert failed_cases("optim.adagrad", optim.adagrad) == []
    assert failed_cases("optim.adagrad", _adagrad_variant()) == []
    for wrong, options in ADAGRAD_WRONG.items():
        assert failed_cases("optim.adagrad", _adagrad_variant(**options)), wrong
    # epsilon's place only shows where the gradients are tiny: one case is there for it
    assert any("epsilon" in label for label in failed_cases("optim.adagrad", _adagrad_variant(epsilon_inside=True)))


def test_adagrad_stub_fails():
    from .test_fc_net import stubbed_module

    stub = stubbed_module("optim.py", "cs231n_lib")
    with pytest.raises(NotImplementedError):
        stub.adagrad(np.ones(2), np.ones(2))


def _epsilon_written_in(rule, eps):
    """``rule`` with epsilon written into the code as ``eps``: config's epsilon is ignored (and
    handed back as it came)."""
    def wrong(w, dw, config=None):
        given = dict(config) if config is not None else {}
        theirs = given.get("epsilon")
        given["epsilon"] = eps
        next_w, out = rule(w, dw, given)
        if theirs is None:
            out["epsilon"] = 1e-8
        else:
            out["epsilon"] = theirs
        return next_w, out
    return wrong


@pytest.mark.parametrize("name", ["rmsprop", "adam", "adagrad"])
@pytest.mark.parametrize("eps", [1e-8, 1e-7])
def test_hidden_cases_catch_an_epsilon_written_into_the_code(name, eps):
    """The default 1e-8 (or the slides' 1e-7) written into the update instead of config['epsilon']
    loses a case: one hidden case gives a caller's epsilon far from the default, with gradients
    small enough for epsilon to matter."""
    from .hidden_check import failed_cases

    path = f"optim.{name}"
    assert failed_cases(path, _epsilon_written_in(getattr(optim, name), eps))


@pytest.mark.parametrize("name", ["rmsprop", "adam", "adagrad"])
def test_epsilon_written_into_the_code_frame_is_right(name):
    """The frame above changes only epsilon: with config's own value it is the reference."""
    from .hidden_check import failed_cases

    rule = getattr(optim, name)

    def honest(w, dw, config=None):
        eps = (config or {}).get("epsilon", 1e-8)
        return _epsilon_written_in(rule, eps)(w, dw, config)
    assert failed_cases(f"optim.{name}", honest) == []
