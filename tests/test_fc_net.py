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
    for name in ("sgd_momentum", "adagrad", "rmsprop", "adam"):
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


# =======================================================================================
# FullyConnectedNet: any depth, checked against a direct formula and numerical gradients

from cs231n_lib.classifiers.fc_net import FullyConnectedNet  # noqa: E402

DEPTHS = {1: [], 2: [6], 3: [5, 4], 4: [4, 3, 5]}


def direct_deep(params, X, y, reg, activation):
    """Scores (y None) or loss of a fully connected net, written in one go without the layers."""
    L = len(params) // 2
    h = X.reshape(len(X), -1)
    for i in range(1, L + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < L:
            h = ACTS[activation](h)
    if y is None:
        return h
    shifted = h - h.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(y)), y].mean() + reg * sum(np.sum(params[f"W{i}"] ** 2) for i in range(1, L + 1))


def deep_model(model_class, hidden_dims, reg=0.0, activation="relu", seed=0, D=12, C=4):
    model = model_class(hidden_dims, D, C, weight_scale=0.5, reg=reg, activation=activation, seed=seed)
    for name in model.params:
        if name.startswith("b"):  # biases away from 0, so that their gradients are tested
            model.params[name] = model.params[name] + 0.1 * np.arange(1, model.params[name].size + 1) / model.params[name].size
    return model


def check_deep_init(model_class, hidden_dims, D=30, C=7, weight_scale=0.1, seed=0):
    model = model_class(hidden_dims, D, C, weight_scale=weight_scale, seed=seed)
    dims = [D] + list(hidden_dims) + [C]
    L = len(dims) - 1
    expected = {**{f"W{i}": (dims[i - 1], dims[i]) for i in range(1, L + 1)}, **{f"b{i}": (dims[i],) for i in range(1, L + 1)}}
    p = model.params
    if set(p) != set(expected) or any(p[k].shape != s for k, s in expected.items()):
        return False
    if getattr(model, "num_layers", None) != L or any(p[k].dtype != np.float64 for k in p):
        return False
    if any(np.any(p[f"b{i}"] != 0) for i in range(1, L + 1)):
        return False
    rng = np.random.default_rng(seed)  # W1, W2, ... drawn in order from one generator
    return all(np.array_equal(p[f"W{i}"], rng.normal(0.0, weight_scale, size=expected[f"W{i}"])) for i in range(1, L + 1))


@pytest.mark.parametrize("depth", sorted(DEPTHS))
def test_deep_init(depth):
    assert check_deep_init(FullyConnectedNet, DEPTHS[depth])


def test_deep_init_accepts_tuples_and_arrays_and_checks_arguments():
    for dims in ((5, 4), np.array([5, 4]), [np.int64(5), 4]):
        model = FullyConnectedNet(dims, 6, 3, seed=0)
        assert model.hidden_dims == [5, 4] and model.num_layers == 3
        assert model.params["W2"].shape == (5, 4)
    assert FullyConnectedNet([], 6, 3).num_layers == 1
    with pytest.raises(ValueError, match="relu"):
        FullyConnectedNet([4], 6, 3, activation="swish")
    with pytest.raises(ValueError, match="at least one unit"):
        FullyConnectedNet([4, 0], 6, 3)


def test_deep_float32():
    model = FullyConnectedNet([5, 4], 6, 3, dtype=np.float32, seed=0)
    assert all(v.dtype == np.float32 for v in model.params.values())
    X, y = problem(0, shape=(6,), C=3)
    loss, grads = model.loss(X, y)
    assert np.isfinite(loss) and all(g.dtype == np.float32 for g in grads.values())


def test_one_hidden_layer_is_the_two_layer_net():
    a = FullyConnectedNet([6], 12, 4, weight_scale=0.3, reg=0.2, seed=3)
    b = TwoLayerNet(12, 6, 4, weight_scale=0.3, reg=0.2, seed=3)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in b.params)
    X, y = problem(3)
    (la, ga), (lb, gb) = a.loss(X, y), b.loss(X, y)
    assert rel_error(la, lb) < 1e-12 and all(rel_error(ga[k], gb[k]) < 1e-12 for k in gb)


def check_deep_scores_and_loss(model_class, hidden_dims, activation, reg, seed):
    X, y = problem(seed)
    model = deep_model(model_class, hidden_dims, reg, activation, seed)
    scores = model.loss(X)
    loss, _ = model.loss(X, y)
    return (np.shape(scores) == (len(X), 4)
            and rel_error(scores, direct_deep(model.params, X, None, reg, activation)) < 1e-10
            and rel_error(loss, direct_deep(model.params, X, y, reg, activation)) < 1e-10)


def check_deep_gradients(model_class, hidden_dims, activation, reg, seed, N=5):
    X, y = problem(seed, N=N)
    model = deep_model(model_class, hidden_dims, reg, activation, seed)
    loss, grads = model.loss(X, y)
    if set(grads) != set(model.params):
        return False
    for name, param in model.params.items():
        numeric = eval_numerical_gradient(lambda _: model.loss(X, y)[0], param, verbose=False)
        if np.shape(grads[name]) != param.shape or rel_error(grads[name], numeric) > 1e-6:
            return False
    return True


DEEP_CASES = ([(depth, "relu", reg, seed) for depth in DEPTHS for reg, seed in ((0.0, 0), (0.7, 1))]
              + [(3, act, 0.3, 2) for act in ACTS if act != "relu"])


@pytest.mark.parametrize("depth,activation,reg,seed", DEEP_CASES)
def test_deep_scores_and_loss(depth, activation, reg, seed):
    assert check_deep_scores_and_loss(FullyConnectedNet, DEPTHS[depth], activation, reg, seed)


@pytest.mark.parametrize("depth,activation,reg,seed", DEEP_CASES)
def test_deep_gradients(depth, activation, reg, seed):
    assert check_deep_gradients(FullyConnectedNet, DEPTHS[depth], activation, reg, seed)


def test_deep_gradients_one_example():
    assert check_deep_gradients(FullyConnectedNet, DEPTHS[4], "tanh", 0.1, 4, N=1)


def test_deep_initial_loss_is_log_c():
    X, y = problem(3, N=200, shape=(30,), C=10)
    model = FullyConnectedNet([20, 20, 20], 30, 10, weight_scale=1e-2, seed=0)
    loss, _ = model.loss(X, y)
    assert abs(loss - np.log(10)) < 1e-3


# ---------------------------------------------------------------------------------------
# wrong versions of FullyConnectedNet, caught by the checks above and by the hidden cases


class _RegularizesBiases(FullyConnectedNet):
    def loss(self, X, y=None):
        out = super().loss(X, y)
        if y is None:
            return out
        loss, grads = out
        for i in range(1, self.num_layers + 1):
            b = self.params[f"b{i}"]
            loss += self.reg * np.sum(b * b)
            grads[f"b{i}"] = grads[f"b{i}"] + 2 * self.reg * b
        return loss, grads


class _ActivationOnScores(FullyConnectedNet):
    """Applies the activation after the last affine layer too (scores through a ReLU)."""

    def loss(self, X, y=None):
        from cs231n_lib import layers

        L = self.num_layers
        act_forward, act_backward = fc_net.ACTIVATIONS[self.activation]
        out, caches = np.asarray(X, dtype=np.float64), []
        for i in range(1, L + 1):
            out, c1 = layers.affine_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
            out, c2 = act_forward(out)
            caches.append((c1, c2))
        if y is None:
            return out
        loss, dout = layers.softmax_loss(out, y)
        loss += self.reg * sum(np.sum(self.params[f"W{i}"] ** 2) for i in range(1, L + 1))
        grads = {}
        for i in range(L, 0, -1):
            c1, c2 = caches[i - 1]
            dout, grads[f"W{i}"], grads[f"b{i}"] = layers.affine_backward(act_backward(dout, c2), c1)
            grads[f"W{i}"] += 2 * self.reg * self.params[f"W{i}"]
        return loss, grads


def edited_fc_net(old, new):
    """The FullyConnectedNet class of fc_net.py with ``old`` replaced by ``new`` in its source
    (a student's edit of a solution region; the given code around it stays)."""
    import pathlib
    import types

    path = pathlib.Path(fc_net.__file__)
    text = path.read_text()
    cut = text.index("class FullyConnectedNet")
    assert old in text[cut:], old
    module = types.ModuleType("cs231n_lib.classifiers._edited_fc_net")
    module.__package__ = "cs231n_lib.classifiers"
    exec(compile(text[:cut] + text[cut:].replace(old, new, 1), str(path), "exec"), module.__dict__)
    return module.FullyConnectedNet


WRONG_INITS = {
    "one layer too few": ("range(1, self.num_layers + 1)", "range(1, self.num_layers)"),
    "no output layer": ("+ hidden_dims + [int(num_classes)]", "+ hidden_dims"),
    "variance as scale": ("rng.normal(0.0, weight_scale, size=(fan_in", "rng.normal(0.0, np.sqrt(weight_scale), size=(fan_in"),
    "random biases": ("np.zeros(fan_out, dtype=dtype)", "rng.normal(0.0, weight_scale, size=fan_out).astype(dtype)"),
}


class _LastLayerOnlyLoss(FullyConnectedNet):
    """A loss whose backward loop stops one layer early: no gradient for W1 and b1."""

    def loss(self, X, y=None):
        out = super().loss(X, y)
        if y is None or self.num_layers == 1:
            return out
        loss, grads = out
        grads["W1"], grads["b1"] = np.zeros_like(grads["W1"]), np.zeros_like(grads["b1"])
        return loss, grads


@pytest.mark.parametrize("wrong", list(WRONG_INITS))
def test_deep_init_wrong_versions_are_caught(wrong):
    model_class = edited_fc_net(*WRONG_INITS[wrong])
    for hidden_dims in (DEPTHS[1], DEPTHS[3]):
        try:
            ok = check_deep_init(model_class, hidden_dims)
        except (ValueError, IndexError) as err:  # the given check of the names, or dims[i] out of range
            ok = False
            assert isinstance(err, IndexError) or "self.params should hold" in str(err)
        assert not ok, (wrong, hidden_dims)


def test_deep_loss_wrong_versions_are_caught():
    assert check_deep_scores_and_loss(_RegularizesBiases, DEPTHS[3], "relu", 0.0, 0)  # invisible at reg 0 ...
    assert not check_deep_scores_and_loss(_RegularizesBiases, DEPTHS[3], "relu", 0.7, 1)  # ... caught at reg > 0
    # (its gradient matches its own wrong loss: only a check against the formula catches it)
    assert check_deep_gradients(_RegularizesBiases, DEPTHS[3], "relu", 0.7, 1)
    assert not check_deep_scores_and_loss(_ActivationOnScores, DEPTHS[3], "relu", 0.0, 0)
    assert not check_deep_gradients(_LastLayerOnlyLoss, DEPTHS[3], "relu", 0.0, 0)


def test_deep_hidden_cases_pass_the_reference_and_catch_wrong_versions():
    from .hidden_check import failed_cases

    init, loss = "classifiers.fc_net.FullyConnectedNet.__init__", "classifiers.fc_net.FullyConnectedNet.loss"
    assert failed_cases(init, FullyConnectedNet) == []
    assert failed_cases(loss, FullyConnectedNet) == []
    assert failed_cases(init, edited_fc_net("range(1, self.num_layers + 1)", "range(1, self.num_layers + 1)")) == []
    for wrong, (old, new) in WRONG_INITS.items():
        assert failed_cases(init, edited_fc_net(old, new)), wrong
    assert failed_cases(loss, _RegularizesBiases)
    assert failed_cases(loss, _ActivationOnScores)
    assert failed_cases(loss, _LastLayerOnlyLoss)


def test_deep_stub_raises_and_loss_is_graded_without_init():
    from .hidden_check import failed_cases

    stub_net = stubbed_module("classifiers/fc_net.py", "cs231n_lib.classifiers")
    with pytest.raises(ValueError):  # the given argument check still works
        stub_net.FullyConnectedNet([4], 4, 2, activation="nope")
    with pytest.raises(NotImplementedError):
        stub_net.FullyConnectedNet([4], 4, 2)
    model = stub_net.FullyConnectedNet.__new__(stub_net.FullyConnectedNet)
    model.__dict__.update(FullyConnectedNet([3], 4, 2, seed=0).__dict__)
    with pytest.raises(NotImplementedError):
        model.loss(np.ones((2, 4)))
    init, loss = "classifiers.fc_net.FullyConnectedNet.__init__", "classifiers.fc_net.FullyConnectedNet.loss"
    assert len(failed_cases(init, stub_net.FullyConnectedNet)) == len(fc_cases(init))

    class StubInitReferenceLoss(stub_net.FullyConnectedNet):  # __init__ still a stub: loss is graded alone
        loss = FullyConnectedNet.loss

    assert failed_cases(loss, StubInitReferenceLoss) == []


def fc_cases(path):
    from grading import manifest

    return manifest.by_path()[path].cases()
