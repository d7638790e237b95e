"""Tests of cs231n_lib.classifiers.fc_net.TwoLayerNet: initialization, scores and loss
against a direct numpy formula written here, gradients against numerical ones (with and
without regularization, for every activation), and wrong versions caught by the same checks.
"""
import numpy as np
import pytest

from cs231n_lib.classifiers import fc_net
from cs231n_lib.classifiers.fc_net import TwoLayerNet
from cs231n_lib.gradient_check import eval_numerical_gradient, rel_error

ACTS = {
    "relu": lambda h: np.maximum(h, 0),
    "sigmoid": lambda h: 1 / (1 + np.exp(-h)),
    "tanh": np.tanh,
    "leaky_relu": lambda h: np.where(h > 0, h, 0.01 * h),
    "elu": lambda h: np.where(h > 0, h, np.exp(np.minimum(h, 0)) - 1),
}


def direct_loss(params, X, y, reg, activation):
    """scores and loss of the network written in one go, without the layers module."""
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    scores = ACTS[activation](X.reshape(len(X), -1) @ W1 + b1) @ W2 + b2
    if y is None:
        return scores
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(y)), y].mean() + reg * (np.sum(W1**2) + np.sum(W2**2))


def problem(seed, N=5, shape=(2, 3, 2), C=4):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(N, *shape)), rng.integers(C, size=N)


# ---------------------------------------------------------------------------------------
# initialization


def check_init(model_class, D=300, H=50, C=7, weight_scale=0.1, seed=0):
    model = model_class(D, H, C, weight_scale=weight_scale, seed=seed)
    p = model.params
    shapes = {"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}
    if set(p) != set(shapes) or any(p[k].shape != s for k, s in shapes.items()):
        return False
    if any(p[k].dtype != np.float64 for k in p):
        return False
    if np.any(p["b1"] != 0) or np.any(p["b2"] != 0):
        return False
    # standard deviation weight_scale (15,000 and 350 draws), mean 0
    for k, n in (("W1", D * H), ("W2", H * C)):
        if abs(p[k].std() / weight_scale - 1) > 5 / np.sqrt(n) or abs(p[k].mean()) > 5 * weight_scale / np.sqrt(n):
            return False
    again = model_class(D, H, C, weight_scale=weight_scale, seed=seed).params
    return all(np.array_equal(p[k], again[k]) for k in p)


def test_init():
    assert check_init(TwoLayerNet)
    assert check_init(TwoLayerNet, D=20, H=200, C=3, weight_scale=1e-3, seed=5)


def test_init_draws_w1_then_w2_with_normal():
    model = TwoLayerNet(4, 3, 2, weight_scale=0.5, seed=7)
    rng = np.random.default_rng(7)
    assert np.array_equal(model.params["W1"], rng.normal(0.0, 0.5, size=(4, 3)))
    assert np.array_equal(model.params["W2"], rng.normal(0.0, 0.5, size=(3, 2)))


def test_init_float32_and_bad_activation():
    model = TwoLayerNet(6, 4, 3, dtype=np.float32, seed=0)
    assert all(v.dtype == np.float32 for v in model.params.values())
    X, y = problem(0, shape=(6,), C=3)
    loss, grads = model.loss(X.astype(np.float64), y)  # inputs are cast to the model's dtype
    assert all(g.dtype == np.float32 for g in grads.values())
    with pytest.raises(ValueError, match="relu"):
        TwoLayerNet(6, 4, 3, activation="swish")


def test_init_wrong_versions_are_caught():
    class VarianceAsScale(TwoLayerNet):  # N(0, weight_scale) read as a variance
        def __init__(self, D, H, C, weight_scale=1e-3, seed=None, **kw):
            super().__init__(D, H, C, weight_scale=np.sqrt(weight_scale), seed=seed, **kw)

    class RandomBiases(TwoLayerNet):
        def __init__(self, *args, **kw):
            super().__init__(*args, **kw)
            self.params["b1"] = np.full_like(self.params["b1"], 0.01)

    class Transposed(TwoLayerNet):
        def __init__(self, *args, **kw):
            super().__init__(*args, **kw)
            self.params["W1"] = self.params["W1"].T.copy()

    for wrong in (VarianceAsScale, RandomBiases, Transposed):
        assert not check_init(wrong)


# ---------------------------------------------------------------------------------------
# loss and gradients


def check_scores_and_loss(loss_method, activation, reg, seed):
    X, y = problem(seed)
    model = TwoLayerNet(12, 6, 4, weight_scale=0.5, reg=reg, activation=activation, seed=seed)
    model.params["b1"] += 0.1
    model.params["b2"] -= 0.2
    scores = loss_method(model, X)
    loss, _ = loss_method(model, X, y)
    return (rel_error(scores, direct_loss(model.params, X, None, reg, activation)) < 1e-10
            and rel_error(loss, direct_loss(model.params, X, y, reg, activation)) < 1e-10)


def check_gradients(loss_method, activation, reg, seed):
    X, y = problem(seed)
    model = TwoLayerNet(12, 6, 4, weight_scale=0.5, reg=reg, activation=activation, seed=seed)
    model.params["b1"] += 0.05  # biases away from 0, so that their gradient is tested
    loss, grads = loss_method(model, X, y)
    if set(grads) != set(model.params):
        return False
    for name, param in model.params.items():
        numeric = eval_numerical_gradient(lambda _: loss_method(model, X, y)[0], param, verbose=False)
        if grads[name].shape != param.shape or rel_error(grads[name], numeric) > 1e-6:
            return False
    return True


CASES = [(act, reg, seed) for act in ACTS for reg, seed in ((0.0, 0), (0.7, 1))]


@pytest.mark.parametrize("activation,reg,seed", CASES)
def test_scores_and_loss(activation, reg, seed):
    assert check_scores_and_loss(TwoLayerNet.loss, activation, reg, seed)


@pytest.mark.parametrize("activation,reg,seed", CASES)
def test_gradients(activation, reg, seed):
    assert check_gradients(TwoLayerNet.loss, activation, reg, seed)


def test_initial_loss_is_log_c():
    X, y = problem(3, N=200, shape=(30,), C=10)
    model = TwoLayerNet(30, 20, 10, weight_scale=1e-3, seed=0)
    loss, _ = model.loss(X, y)
    assert abs(loss - np.log(10)) < 1e-3


def test_loss_wrong_versions_are_caught():
    reference = TwoLayerNet.loss

    def reg_gradient_without_2(model, X, y=None):
        out = reference(model, X, y)
        if y is None:
            return out
        loss, grads = out
        for k in ("W1", "W2"):
            grads[k] = grads[k] - model.reg * model.params[k]
        return loss, grads

    def regularizes_biases(model, X, y=None):
        out = reference(model, X, y)
        if y is None:
            return out
        loss, grads = out
        for k in ("b1", "b2"):
            loss += model.reg * np.sum(model.params[k] ** 2)
            grads[k] = grads[k] + 2 * model.reg * model.params[k]
        return loss, grads

    def relu_always(model, X, y=None):  # ignores the chosen activation
        saved = model.activation
        model.activation = "relu"
        try:
            return reference(model, X, y)
        finally:
            model.activation = saved

    def forgets_b2_gradient(model, X, y=None):
        out = reference(model, X, y)
        if y is None:
            return out
        loss, grads = out
        grads["b2"] = np.zeros_like(grads["b2"])
        return loss, grads

    assert check_gradients(reg_gradient_without_2, "relu", 0.0, 0)  # the slip is invisible at reg 0 ...
    assert not check_gradients(reg_gradient_without_2, "relu", 0.7, 1)  # ... and caught at reg > 0
    assert not check_scores_and_loss(regularizes_biases, "relu", 0.7, 1)
    assert not check_scores_and_loss(relu_always, "tanh", 0.0, 0)
    assert not check_gradients(forgets_b2_gradient, "relu", 0.0, 0)


def test_activation_table_matches_layers():
    assert set(fc_net.ACTIVATIONS) == set(ACTS)


# ---------------------------------------------------------------------------------------
# the student release of the three modules: given code intact, every student part a stub


def stubbed_module(relative_path, package):
    import pathlib
    import types

    from grading.release import stub_source

    path = pathlib.Path(__file__).resolve().parent.parent / "cs231n_lib" / relative_path
    module = types.ModuleType(f"{package}._stub_{path.stem}")
    module.__package__ = package
    exec(compile(stub_source(path.read_text(), str(path)), str(path), "exec"), module.__dict__)
    return module


def test_student_release_stubs_every_student_part():
    x, w, b, dout = np.ones((2, 3)), np.ones((3, 4)), np.ones(4), np.ones((2, 4))
    stub_layers = stubbed_module("layers.py", "cs231n_lib")
    calls = {
        "affine_forward": (x, w, b), "affine_backward": (dout, (x, w, b)),
        "maxout_forward": (x, np.ones((3, 4, 2)), np.ones((4, 2))),
        "maxout_backward": (dout, (x, np.ones((3, 4, 2)), np.ones((4, 2)), np.ones((2, 4, 2)))),
        "softmax_loss": (x, np.zeros(2, dtype=int)), "svm_loss": (x, np.zeros(2, dtype=int)),
        "leaky_relu_backward": (x, (x, 0.01)), "elu_backward": (x, (x, x, 1.0)),
    }
    for name in ("relu", "sigmoid", "tanh", "leaky_relu", "elu"):
        calls.setdefault(f"{name}_forward", (x,))
        calls.setdefault(f"{name}_backward", (x, x))
    assert len(calls) == 16
    for name, args in calls.items():
        with pytest.raises(NotImplementedError):
            getattr(stub_layers, name)(*args)

    stub_optim = stubbed_module("optim.py", "cs231n_lib")
    stub_optim.sgd(np.ones(2), np.ones(2))  # given
    for name in ("sgd_momentum", "rmsprop", "adam"):
        with pytest.raises(NotImplementedError):
            getattr(stub_optim, name)(np.ones(2), np.ones(2))

    stub_net = stubbed_module("classifiers/fc_net.py", "cs231n_lib.classifiers")
    with pytest.raises(ValueError):  # the given argument check still works
        stub_net.TwoLayerNet(4, 3, 2, activation="nope")
    with pytest.raises(NotImplementedError):
        stub_net.TwoLayerNet(4, 3, 2)
    model = stub_net.TwoLayerNet.__new__(stub_net.TwoLayerNet)  # the loss stub, on reference parameters
    model.__dict__.update(TwoLayerNet(4, 3, 2, seed=0).__dict__)
    with pytest.raises(NotImplementedError):
        model.loss(np.ones((2, 4)))
