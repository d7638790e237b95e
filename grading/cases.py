"""Hidden case generators: seeded inputs that differ from the notebooks' public checks.

Each generator returns a list of :class:`Case`. A case carries its inputs (numpy arrays and
plain numbers, by the names the manifest's driver spec uses), a short label for feedback
("N=1, D=3, C=2, reg=0"), optional per-output tolerances, and ``meta`` facts the feedback
analysis can use (N, reg, whether scores are very large, ...). Seeds start at 2310000 so they
never coincide with the public checks' small seeds.
"""
from dataclasses import dataclass, field

import numpy as np

DEFAULT_TOL = 1e-6


@dataclass
class Case:
    label: str
    inputs: dict
    tol: dict = field(default_factory=dict)     # output name (or "*") -> relative tolerance
    atol: dict = field(default_factory=dict)    # output name (or "*") -> absolute tolerance, times max|expected|
    meta: dict = field(default_factory=dict)

    def tolerance(self, name):
        base = name.split(".")[0]
        return self.tol.get(name, self.tol.get(base, self.tol.get("*", DEFAULT_TOL)))

    def abs_tolerance(self, name):
        base = name.split(".")[0]
        return self.atol.get(name, self.atol.get(base, self.atol.get("*", 1e-10)))


def _rng(seed):
    return np.random.default_rng(2310000 + seed)


def _labels(rng, N, C, all_classes=False):
    y = rng.integers(0, C, size=N).astype(np.int64)
    if all_classes and N >= C:
        y[:C] = np.arange(C)
        rng.shuffle(y)
    return y


# --------------------------------------------------------------------------- linear losses

def _loss_case(seed, N, D, C, reg, scale=1.0, integer=False, label=""):
    rng = _rng(seed)
    if integer:
        W = rng.integers(-2, 3, size=(D, C)).astype(np.float64)
        X = rng.integers(-2, 3, size=(N, D)).astype(np.float64)
    else:
        W = 0.1 * rng.standard_normal((D, C))
        X = scale * rng.standard_normal((N, D))
    y = _labels(rng, N, C, all_classes=True)
    meta = {"N": N, "D": D, "C": C, "reg": reg, "large_scores": scale >= 100, "zero_margins": integer}
    text = f"N={N}, D={D}, C={C}, reg={reg:g}" + (f", {label}" if label else "")
    return Case(text, {"W": W, "X": X, "y": y, "reg": float(reg)}, meta=meta)


def svm_cases():
    return [
        _loss_case(1, N=1, D=3, C=2, reg=0.0, label="one example, two classes"),
        _loss_case(2, N=5, D=7, C=4, reg=0.1, label="D != C"),
        _loss_case(3, N=8, D=3, C=6, reg=0.5, label="more classes than dimensions"),
        # seed 261: 4 margins of exactly 0 and 2 ties (tests/test_misconceptions.py checks it)
        _loss_case(261, N=6, D=4, C=3, reg=0.05, integer=True, label="integer data: ties and margins of exactly 0"),
        _loss_case(5, N=20, D=10, C=10, reg=0.0, label="reg = 0"),
        _loss_case(6, N=4, D=5, C=4, reg=0.2, label="N = C, where a vector of correct scores broadcasts silently"),
    ]


def softmax_cases():
    return [
        _loss_case(11, N=1, D=3, C=2, reg=0.0, label="one example, two classes"),
        _loss_case(12, N=5, D=7, C=4, reg=0.1, label="D != C"),
        _loss_case(13, N=8, D=3, C=6, reg=0.5, label="more classes than dimensions"),
        _loss_case(14, N=6, D=5, C=3, reg=0.0, scale=3000.0, label="very large scores (about 1e3)"),
        _loss_case(15, N=20, D=10, C=10, reg=1e-3, label="small reg"),
        _loss_case(16, N=4, D=5, C=4, reg=0.2, label="N = C, where a vector of row sums broadcasts silently"),
        _similar_large_scores_case(17),
    ]


def _similar_large_scores_case(seed, N=5, D=4, C=3):
    """Scores of about 1000 +- 5 in every example: exp overflows without a shift, while one shift
    by the overall max is as good as a shift per example (it tells those two mistakes apart)."""
    rng = _rng(seed)
    X = rng.standard_normal((N, D))
    X[:, 0] = 1000.0
    W = 0.1 * rng.standard_normal((D, C))
    W[0] = 1.0 + 0.002 * rng.standard_normal(C)
    y = _labels(rng, N, C, all_classes=True)
    meta = {"N": N, "D": D, "C": C, "reg": 0.01, "large_scores": True, "zero_margins": False}
    return Case(f"N={N}, D={D}, C={C}, reg=0.01, large scores of the same size in every example (about 1e3 +- 5)",
                {"W": W, "X": X, "y": y, "reg": 0.01}, meta=meta)


# --------------------------------------------------------------------------- kNN

def _knn_case(seed, num_train, num_test, D, pixels=False, duplicates=False, label=""):
    rng = _rng(seed)
    if pixels:
        X_train = rng.integers(0, 256, size=(num_train, D)).astype(np.float64)
        X = rng.integers(0, 256, size=(num_test, D)).astype(np.float64)
    else:
        X_train = rng.standard_normal((num_train, D))
        X = rng.standard_normal((num_test, D))
    if duplicates:
        X_train[1] = X_train[0]                       # two identical training points
        X[0] = X_train[0]                             # test points equal to training points
        X[-1] = X_train[-1]
    y_train = _labels(rng, num_train, 3)
    text = f"num_test={num_test}, num_train={num_train}, D={D}" + (f", {label}" if label else "")
    return Case(text, {"X_train": X_train, "y_train": y_train, "X": X},
                tol={"*": 1e-7}, atol={"*": 1e-7}, meta={"duplicates": duplicates})


def knn_distance_cases():
    return [
        _knn_case(21, num_train=4, num_test=1, D=3, label="one test point"),
        _knn_case(22, num_train=7, num_test=3, D=5, label="non-square"),
        _knn_case(23, num_train=5, num_test=9, D=2, label="more test than training points"),
        _knn_case(24, num_train=6, num_test=4, D=20, pixels=True, duplicates=True,
                  label="pixel values, test points equal to training points"),
        _knn_near_copies_case(25),
    ]


def _knn_near_copies_case(seed, num_test=6, copies=6, D=200):
    """Float data where each test point has ``copies`` training points within 1e-9 (the first
    one exactly equal): the expanded square ||a||^2 + ||b||^2 - 2 a.b then rounds to about +-1e-13,
    below 0 for roughly one pair in three, so some pair needs the clip before np.sqrt on any
    machine (few test points keep per-test-point work, loops or printing, small)."""
    rng = _rng(seed)
    X = rng.standard_normal((num_test, D))
    X_train = np.repeat(X, copies, axis=0) + 1e-9 * rng.standard_normal((num_test * copies, D))
    X_train[::copies] = X
    y_train = _labels(rng, num_test * copies, 3)
    return Case(f"num_test={num_test}, num_train={num_test * copies}, D={D}, float data, every test point equal to a "
                "training point and within 1e-9 of others (rounding gives tiny negative squares)",
                {"X_train": X_train, "y_train": y_train, "X": X}, tol={"*": 1e-7}, atol={"*": 1e-7},
                meta={"duplicates": True})


def _labels_case(seed, dists, y_train, k, label):
    num_train = dists.shape[1]
    return Case(f"num_test={dists.shape[0]}, num_train={num_train}, k={k}, {label}",
                {"X_train": np.zeros((num_train, 1)), "y_train": np.asarray(y_train, dtype=np.int64),
                 "dists": np.asarray(dists, dtype=np.float64), "k": int(k)}, meta={"k": k})


def knn_label_cases():
    rng = _rng(31)
    d = rng.random((5, 8))
    y = rng.integers(0, 4, size=8)
    ties = np.array([[1.0, 1.0, 2.0, 2.0, 3.0], [2.0, 1.0, 1.0, 3.0, 0.5], [5.0, 4.0, 3.0, 2.0, 1.0]])
    return [
        _labels_case(31, d, y, 1, "k=1"),
        _labels_case(32, d, y, 3, "k=3"),
        _labels_case(33, ties, [2, 0, 1, 0, 1], 2, "equal distances and a tie between labels (smaller label wins)"),
        _labels_case(34, ties, [3, 3, 1, 1, 2], 4, "two labels with two votes each"),
        _labels_case(35, d[:1], y, 8, "one test point, k = num_train"),
        _labels_case(36, _rng(36).integers(0, 3, size=(12, 40)).astype(np.float64), _rng(37).integers(0, 4, size=40), 5,
                     "many equal distances (40 training points, 3 distinct distances): a stable sort keeps training order"),
    ]


# --------------------------------------------------------------------------- linear classifier

def linear_predict_cases():
    out = []
    for seed, (N, D, C) in enumerate([(1, 3, 2), (6, 4, 5), (9, 7, 3)]):
        rng = _rng(41 + seed)
        out.append(Case(f"N={N}, D={D}, C={C}", {"W": rng.standard_normal((D, C)), "X": rng.standard_normal((N, D))}))
    W = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    X = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    out.append(Case("equal scores (the smaller class wins)", {"W": W, "X": X}))
    return out


def linear_train_cases():
    cases = []
    for seed, (N, D, C, batch, iters, lr, reg) in enumerate([(10, 3, 2, 4, 5, 0.1, 0.0),
                                                             (7, 5, 4, 12, 3, 0.05, 0.1),
                                                             (1, 2, 3, 2, 4, 0.5, 0.01)]):
        rng = _rng(51 + seed)
        X = rng.standard_normal((N, D))
        y = _labels(rng, N, C, all_classes=True)
        y[-1] = C - 1  # so that C = max(y) + 1
        cases.append(Case(f"N={N}, D={D}, C={C}, batch_size={batch}, num_iters={iters}, learning_rate={lr:g}, reg={reg:g}",
                          {"X": X, "y": y, "learning_rate": lr, "reg": reg, "num_iters": iters,
                           "batch_size": batch, "seed": 2310000 + seed},
                          meta={"N": N, "reg": reg, "lr": lr, "batch_size": batch}))
    rng = _rng(55)
    X = rng.standard_normal((6, 3))
    cases.append(Case("continuing from an existing W (no re-initialization)",
                      {"X": X, "y": np.array([0, 1, 2, 0, 1, 2]), "W0": rng.standard_normal((3, 3)),
                       "learning_rate": 0.2, "reg": 0.0, "num_iters": 3, "batch_size": 6, "seed": 7}))
    return cases


# --------------------------------------------------------------------------- layers (issue 5)

def _x(rng, shape, scale=1.0):
    return scale * rng.standard_normal(shape)


def affine_cases():
    out = []
    for seed, (xshape, M) in enumerate([((1, 3), 2), ((4, 5), 3), ((3, 2, 2, 2), 4), ((2, 3, 4), 1)]):
        rng = _rng(61 + seed)
        D = int(np.prod(xshape[1:]))
        out.append(Case(f"x {xshape}, w ({D}, {M})",
                        {"x": _x(rng, xshape), "w": _x(rng, (D, M)), "b": _x(rng, (M,)), "dout": _x(rng, (xshape[0], M))},
                        meta={"N": xshape[0]}))
    return out


def _elementwise_cases(seed0, extra=None, large=True):
    out = []
    shapes = [(1, 1), (3, 4), (2, 3, 2)]
    for i, shape in enumerate(shapes):
        rng = _rng(seed0 + i)
        x = _x(rng, shape, 2.0)
        if i == 1:
            x[0, 0] = 0.0  # exactly 0: the documented side of the kink
        out.append(Case(f"x {shape}", {"x": x, "dout": _x(rng, shape), **(extra or {})}))
    if large:
        rng = _rng(seed0 + 9)
        x = np.array([[-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0]])
        out.append(Case("very large |x| (+-1000)", {"x": x, "dout": _x(rng, x.shape), **(extra or {})},
                        meta={"large_scores": True}))
    return out


def relu_cases():
    return _elementwise_cases(71, large=False)


def sigmoid_cases():
    return _elementwise_cases(74)


def tanh_cases():
    return _elementwise_cases(77)


def leaky_relu_cases():
    return _elementwise_cases(80, large=False) + [
        Case(f"alpha={a}", {"x": _x(_rng(83 + i), (4, 3)), "dout": _x(_rng(85 + i), (4, 3)), "alpha": a})
        for i, a in enumerate([0.2, 0.0])]


def elu_cases():
    x = _x(_rng(89), (4, 3), 3.0)
    x[0, 0] = 0.0  # exactly 0 with alpha != 1: the slope there is alpha, not 1
    return _elementwise_cases(87) + [
        Case("alpha=0.5, one x exactly 0", {"x": x, "dout": _x(_rng(90), (4, 3)), "alpha": 0.5})]


def maxout_cases():
    out = []
    for seed, (xshape, M, k) in enumerate([((1, 3), 2, 2), ((4, 5), 3, 3), ((3, 2, 3), 2, 4)]):
        rng = _rng(91 + seed)
        D = int(np.prod(xshape[1:]))
        out.append(Case(f"x {xshape}, M={M} units of k={k} pieces",
                        {"x": _x(rng, xshape), "w": _x(rng, (D, M, k)), "b": _x(rng, (M, k)), "dout": _x(rng, (xshape[0], M))}))
    w = np.zeros((2, 2, 2))
    w[:, 1, 0] = 1.0
    w[:, 1, 1] = 1.0  # unit 1: two equal pieces (a tie); unit 0: both pieces 0 (another tie)
    out.append(Case("equal pieces (the first piece takes the gradient)",
                    {"x": np.array([[1.0, 2.0], [-1.0, 0.5]]), "w": w, "b": np.zeros((2, 2)),
                     "dout": np.array([[1.0, 2.0], [3.0, -1.0]])}))
    return out


def score_loss_cases(kind):
    out = []
    for seed, (N, C, scale) in enumerate([(1, 2, 1.0), (5, 4, 1.0), (8, 10, 0.1)]):
        rng = _rng(101 + seed)
        out.append(Case(f"N={N}, C={C}", {"x": _x(rng, (N, C), scale), "y": _labels(rng, N, C, True)}, meta={"N": N}))
    rng = _rng(104)
    out.append(Case("N = C = 5, where a vector (N,) broadcasts silently along the classes",
                    {"x": _x(rng, (5, 5)), "y": _labels(rng, 5, 5, True)}, meta={"N": 5}))
    rng = _rng(105)
    if kind == "softmax":
        out.append(Case("very large scores (about 1e3)", {"x": _x(rng, (4, 3), 1000.0), "y": _labels(rng, 4, 3)},
                        meta={"N": 4, "large_scores": True}))
        rng = _rng(106)
        out.append(Case("large scores of the same size in every example (about 1e3 +- 5)",
                        {"x": 1000.0 + _x(rng, (4, 3), 2.0), "y": _labels(rng, 4, 3)}, meta={"N": 4, "large_scores": True}))
    else:
        out.append(Case("integer scores: margins of exactly 0", {"x": rng.integers(-2, 3, (6, 4)).astype(np.float64),
                                                               "y": _labels(rng, 6, 4)}, meta={"N": 6, "zero_margins": True}))
    return out


# --------------------------------------------------------------------------- update rules (issue 5)

def optim_cases(rule):
    rng = _rng(111)
    w, dw = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    cases = [Case("config=None (the defaults, zero state)", {"w": w, "dw": dw, "config": None}, meta={"optimizer": rule})]
    rng = _rng(112)
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
    rng = _rng(113)
    cases.append(Case("1-element w", {"w": rng.standard_normal((1, 1)), "dw": rng.standard_normal((1, 1)), "config": None},
                      meta={"optimizer": rule}))
    rng = _rng(114)
    cases.append(Case("tiny gradients (about 1e-7): where epsilon goes matters",
                      {"w": rng.standard_normal((2, 3)), "dw": 1e-7 * rng.standard_normal((2, 3)), "config": None},
                      meta={"optimizer": rule}))
    if rule == "adagrad":
        cases.extend(adagrad_extra_cases())
    return cases


# --------------------------------------------------------------------------- two-layer net (issue 5)

def twolayer_init_cases():
    return [Case(f"D={D}, H={H}, C={C}, weight_scale={ws:g}, seed={seed}",
                 {"input_dim": D, "hidden_dim": H, "num_classes": C, "weight_scale": ws, "seed": seed})
            for D, H, C, ws, seed in [(4, 3, 2, 1e-2, 5), (6, 1, 3, 1.0, 7), (2, 5, 10, 1e-3, 11)]]


def twolayer_loss_cases():
    out = []
    for seed, (N, D, H, C, reg, act, with_y) in enumerate([
            (3, 4, 5, 2, 0.0, "relu", True), (1, 3, 2, 3, 0.5, "relu", True), (4, 5, 3, 4, 0.1, "tanh", True),
            (5, 2, 4, 3, 0.0, "sigmoid", True), (3, 4, 5, 2, 0.3, "relu", False)]):
        rng = _rng(121 + seed)
        params = {"params.W1": 0.5 * rng.standard_normal((D, H)), "params.b1": 0.1 * rng.standard_normal(H),
                  "params.W2": 0.5 * rng.standard_normal((H, C)), "params.b2": 0.1 * rng.standard_normal(C)}
        inputs = {"input_dim": D, "hidden_dim": H, "num_classes": C, "reg": reg, "activation": act,
                  "X": rng.standard_normal((N, D)), "y": _labels(rng, N, C) if with_y else None, **params}
        if not with_y:
            inputs["__outputs__"] = "scores"
        out.append(Case(f"N={N}, D={D}, H={H}, C={C}, reg={reg:g}, {act}" + ("" if with_y else ", y=None (scores)"),
                        inputs, meta={"N": N, "reg": reg}))
    return out


# --------------------------------------------------------------------------- computational graphs (issue 4)

def gate_cases(gate):
    rng = _rng(131 + len(gate))
    two = gate in ("AddGate", "MulGate", "MaxGate", "MatMulGate")
    out = []
    if gate == "MatMulGate":
        for i, (a, b) in enumerate([((2, 3), (3, 4)), ((1, 2), (2, 1)), ((3,), (3, 2)), ((4, 2), (2,))]):
            out.append(Case(f"a {a} @ b {b}", {"a": rng.standard_normal(a), "b": rng.standard_normal(b),
                                               "dout": rng.standard_normal(np.matmul(np.ones(a), np.ones(b)).shape)}))
        return out
    if two:
        shapes = [((), ()), ((3, 2), (3, 2)), ((4, 3), (3,)), ((2, 1), (1, 3))]
        for a_shape, b_shape in shapes:
            a = rng.standard_normal(a_shape) if a_shape else float(rng.standard_normal())
            b = rng.standard_normal(b_shape) if b_shape else float(rng.standard_normal())
            dout_shape = np.broadcast_shapes(a_shape, b_shape)
            dout = rng.standard_normal(dout_shape) if dout_shape else float(rng.standard_normal())
            label = "scalars" if not a_shape else f"a {a_shape}, b {b_shape}" + (" (broadcast)" if a_shape != b_shape else "")
            out.append(Case(label, {"a": a, "b": b, "dout": dout}))
        if gate == "MaxGate":
            a = np.array([1.0, 2.0, -1.0])
            out.append(Case("ties (a == b): half the gradient each", {"a": a, "b": np.array([1.0, 3.0, -1.0]),
                                                                      "dout": np.array([2.0, 1.0, -4.0])}))
        return out
    positive = gate in ("LogGate", "PowGate")
    for shape in [(), (5,), (3, 4)]:
        x = rng.standard_normal(shape) if shape else float(rng.standard_normal())
        if positive:
            x = np.abs(x) + 0.5
        dout = rng.standard_normal(shape) if shape else float(rng.standard_normal())
        inputs = {"x": x, "dout": dout}
        if gate == "PowGate":
            inputs["p"] = {(): -1.0, (5,): 3.0, (3, 4): 0.5}[shape]
        if gate == "SumGate":
            inputs.update(axis=None, keepdims=False, dout=float(rng.standard_normal()))
        out.append(Case(f"x {shape or 'scalar'}" + (f", p={inputs['p']:g}" if "p" in inputs else ""), inputs))
    if gate == "SumGate":
        x = rng.standard_normal((3, 4))
        out.append(Case("x (3, 4), axis=0", {"x": x, "axis": 0, "keepdims": False, "dout": rng.standard_normal(4)}))
        out.append(Case("x (3, 4), axis=1, keepdims=True", {"x": x, "axis": 1, "keepdims": True,
                                                          "dout": rng.standard_normal((3, 1))}))
        out.append(Case("x (4, 4), axis=1: the summed axis must go back where it was",
                        {"x": rng.standard_normal((4, 4)), "axis": 1, "keepdims": False, "dout": rng.standard_normal(4)}))
    if gate == "ReLUGate":
        out.append(Case("x with exact zeros", {"x": np.array([-1.0, 0.0, 2.0]), "dout": np.array([1.0, 2.0, 3.0])}))
    if gate in ("SigmoidGate", "TanhGate", "ExpGate"):
        out.append(Case("large |x|", {"x": np.array([-30.0, -5.0, 5.0, 30.0] if gate == "ExpGate" else [-500.0, -5.0, 5.0, 500.0]),
                                      "dout": np.array([1.0, -1.0, 2.0, 0.5])}, meta={"large_scores": True}))
    return out


def engine_cases():
    rng = _rng(151)
    progs = [
        ("a chain, no forks", ["q = add x y", "f = mul q z"], {"x": -2.0, "y": 5.0, "z": -4.0}, False),
        ("a value used twice: b = a + a", ["b = add a a"], {"a": 3.0}, True),
        ("a diamond: c = (a * b) + tanh(a)", ["p = mul a b", "t = tanh a", "c = add p t"],
         {"a": float(rng.standard_normal()), "b": float(rng.standard_normal())}, True),
        ("deep reuse: a node reused at several depths", ["b = mul a a", "c = add b a", "d = mul c b", "e = add d c"],
         {"a": 0.7}, True),
        ("arrays with a fork", ["h = mul x w", "g = tanh h", "k = mul g h", "s = sum k"],
         {"x": rng.standard_normal(4), "w": rng.standard_normal(4)}, True),
        ("a shortcut: a node used directly and through a longer path", ["h = tanh x", "t = tanh h", "k = tanh t",
                                                                        "e = add h k"], {"x": 0.3}, True),
    ]
    out = []
    for label, program, leaves, fork in progs:
        inputs = {f"leaf.{k}": v for k, v in leaves.items()}
        inputs["program"] = "\n".join(program)
        out.append(Case(label, inputs, meta={"fork": fork}))
    twice = {"leaf.a": 1.5, "leaf.b": -0.5, "program": "p = mul a b\nc = add p a", "backward_twice": True}
    out.append(Case("backward() called twice: leaf gradients add up (non-leaves are reset)", twice, meta={"fork": True}))
    return out


# =========================================================================== image features (features.ipynb)
# BEGIN features block: hidden cases of cs231n_lib/features.py

def _rgb_from_hue(hue, saturation, value):
    """RGB values (0..value) of pixels with the given hue in [0, 1), saturation and value
    (the standard HSV -> RGB formula), so that cases can place hues away from bin edges."""
    h6 = hue * 6.0
    sector = np.floor(h6).astype(int) % 6
    f = h6 - np.floor(h6)
    p, q, t = value * (1 - saturation), value * (1 - saturation * f), value * (1 - saturation * (1 - f))
    table = [(value, t, p), (q, value, p), (p, value, t), (p, q, value), (t, p, value), (value, p, q)]
    rgb = np.zeros(hue.shape + (3,))
    for s, (r, g, b) in enumerate(table):
        mask = sector == s
        rgb[mask] = np.stack([np.broadcast_to(r, hue.shape)[mask], np.broadcast_to(g, hue.shape)[mask],
                              np.broadcast_to(b, hue.shape)[mask]], axis=-1)
    return rgb


def rgb_to_hue_cases():
    rng = _rng(201)
    pure = np.array([[[[255, 0, 0], [255, 255, 0], [0, 255, 0]], [[0, 255, 255], [0, 0, 255], [255, 0, 255]],
                      [[0, 0, 0], [128, 128, 128], [255, 255, 255]]]], dtype=np.float64)
    ties = np.array([[250, 250, 10], [10, 250, 250], [250, 10, 250], [7, 7, 3], [3, 7, 7], [7, 3, 7]], dtype=np.float64)
    just_below_red = np.array([[200.0, 10.0, 11.0], [200.0, 11.0, 10.0], [1.0, 0.0, 0.0], [1e-9, 0.0, 1e-9]])
    return [
        Case("N=1 image of 3x3 pure colours, gray, black and white (ties: hue 0 for no colour)", {"images": pure}),
        Case("N=2 random images 4x5, values 0..1 (scale does not matter)", {"images": rng.random((2, 4, 5, 3))}),
        Case("integer pixels where two channels tie for the largest value (shape (6, 3), no image axes)",
             {"images": ties}),
        Case("reds just below and above hue 0 (wrap-around to just below 1), and tiny values",
             {"images": just_below_red}),
        Case("very large values (about 1e6)", {"images": 1e6 * rng.random((1, 3, 3, 3))}),
    ]


def color_histogram_cases():
    rng = _rng(211)
    out = []
    # colour: hues at bin centres +- 30 % of a bin, so that no reasonable hue formula changes a bin
    for seed, (N, H, W, B) in enumerate([(1, 2, 2, 6), (3, 4, 5, 10), (2, 3, 3, 4)]):
        rng = _rng(212 + seed)
        bins = rng.integers(0, B, size=(N, H, W))
        hue = (bins + 0.5 + rng.uniform(-0.3, 0.3, size=bins.shape)) / B
        rgb = _rgb_from_hue(hue, rng.uniform(0.3, 1.0, bins.shape), rng.uniform(60, 255, bins.shape))
        out.append(Case(f"colour, N={N}, {H}x{W} pixels, {B} hue bins", {"images": rgb, "num_bins": B}))
    gray_pixels = np.array([[[200, 50, 100], [128, 128, 128]], [[0, 0, 0], [255, 0, 0]]], dtype=np.float64)[None]
    out.append(Case("colour with gray and black pixels (hue 0, bin 0), 3 bins", {"images": gray_pixels, "num_bins": 3}))
    edges = np.array([0, 63, 64, 127, 128, 191, 192, 255, 255, 32], dtype=np.float64).reshape(1, 2, 5, 1)
    out.append(Case("grayscale, N=1, gray levels exactly on the bin edges 64, 128, 192 and 255, 4 bins",
                    {"images": edges, "num_bins": 4}))
    rng = _rng(216)
    out.append(Case("grayscale, N=4, random gray levels 0..255, 10 bins (not a divisor of 256)",
                    {"images": rng.integers(0, 256, size=(4, 6, 7, 1)).astype(np.float64), "num_bins": 10}))
    out.append(Case("grayscale, 1 bin: every pixel in it",
                    {"images": rng.integers(0, 256, size=(2, 3, 3, 1)).astype(np.float64), "num_bins": 1}))
    return out


def image_gradient_cases():
    rng = _rng(221)
    return [
        Case("N=1, 3x3 integer image", {"images": rng.integers(0, 256, size=(1, 3, 3)).astype(np.float64)}),
        Case("N=2, 5x4 random image (non-square)", {"images": rng.standard_normal((2, 5, 4))}),
        Case("N=1, a single row 1x6 (gy is 0 everywhere)", {"images": rng.standard_normal((1, 1, 6))}),
        Case("N=3, 2x2 images: no interior pixel, all derivatives 0", {"images": rng.standard_normal((3, 2, 2))}),
        Case("very large values (about 1e8)", {"images": 1e8 * rng.standard_normal((1, 4, 4))}),
    ]


def cell_histogram_cases():
    out = []
    rng = _rng(231)
    out.append(Case("one cell (h, w) = (3, 4), 9 bins, random gradients of both signs",
                    {"gx": rng.standard_normal((3, 4)), "gy": rng.standard_normal((3, 4)), "num_bins": 9}))
    gx = np.array([[1.0, 0.0, -1.0, 2.0], [0.0, -3.0, 1.0, 0.0]])
    gy = np.array([[0.0, 1.0, 0.0, 0.0], [-2.0, 0.0, 0.0, 0.0]])  # 0, 90, 180, 0 / -90, 180, 0, no gradient
    out.append(Case("angles exactly on bin edges (0, 90, 180 = 0 degrees), 6 bins of 30 degrees, an exact zero",
                    {"gx": gx, "gy": gy, "num_bins": 6}))
    diag = np.array([[1.0, -1.0, 1.0, -2.0]])
    out.append(Case("diagonals 45 and 135 degrees on the edges of 4 bins of 45 degrees",
                    {"gx": diag, "gy": np.array([[1.0, 1.0, -1.0, -2.0]]), "num_bins": 4}))
    rng = _rng(234)
    out.append(Case("a batch of cells, shape (2, 3, 2, 2, 2), 9 bins",
                    {"gx": rng.standard_normal((2, 3, 2, 2, 2)), "gy": rng.standard_normal((2, 3, 2, 2, 2)), "num_bins": 9}))
    out.append(Case("1 bin: the total magnitude; cells of 1 pixel, shape (5, 1, 1)",
                    {"gx": rng.standard_normal((5, 1, 1)), "gy": rng.standard_normal((5, 1, 1)), "num_bins": 1}))
    big = rng.integers(-255, 256, size=(4, 4, 3, 3)).astype(np.float64)
    out.append(Case("integer gradients of an 8-bit image (ties on the axes), 12 bins",
                    {"gx": big, "gy": rng.integers(-255, 256, size=(4, 4, 3, 3)).astype(np.float64), "num_bins": 12}))
    return out


def block_normalize_cases():
    rng = _rng(241)
    spike = np.zeros((1, 2, 2, 3))
    spike[0, 0, 0, 1] = 100.0
    spike[0, 1, 1, 2] = 1.0
    return [
        Case("N=1, 2x2 cells, 9 bins, k=2: one block", {"cell_histograms": rng.random((1, 2, 2, 9)), "cells_per_block": 2}),
        Case("N=2, 3x4 cells, 3 bins, k=2: 2x3 overlapping blocks",
             {"cell_histograms": rng.random((2, 3, 4, 3)), "cells_per_block": 2}),
        Case("k=1: each cell its own block", {"cell_histograms": rng.random((1, 2, 3, 4)), "cells_per_block": 1}),
        Case("all-zero histograms: eps keeps them 0", {"cell_histograms": np.zeros((1, 3, 3, 2)), "cells_per_block": 2}),
        Case("one dominant value: the clip at 0.2 changes the result",
             {"cell_histograms": spike, "cells_per_block": 2}),
        Case("k=3 on a 3x3 grid, very large values (about 1e6)",
             {"cell_histograms": 1e6 * rng.random((2, 3, 3, 5)), "cells_per_block": 3}),
    ]

# END features block
# --------------------------------------------------------------------------- deepnets: Adagrad, FullyConnectedNet

def adagrad_extra_cases():
    """Adagrad cases where the place of epsilon matters (tiny gradients, a large epsilon,
    an empty cache) and where some gradients are exactly 0."""
    rng = _rng(161)
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


def _dims_label(hidden_dims):
    return f"hidden_dims={list(hidden_dims)} (depth {len(hidden_dims) + 1})"


def fcnet_init_cases():
    out = []
    for D, hidden, C, ws, seed in [(4, [], 3, 1e-2, 5), (6, [5], 2, 1.0, 7), (3, [4, 3, 5], 10, 1e-3, 11),
                                   (2, [1, 1], 2, 0.5, 13)]:
        out.append(Case(f"D={D}, {_dims_label(hidden)}, C={C}, weight_scale={ws:g}, seed={seed}",
                        {"hidden_dims": np.array(hidden, dtype=np.int64), "input_dim": D, "num_classes": C,
                         "weight_scale": ws, "seed": seed}))
    return out


def fcnet_loss_cases():
    out = []
    configs = [  # N, D, hidden_dims, C, reg, activation, with_y
        (3, 4, [], 2, 0.0, "relu", True),            # depth 1: a linear softmax classifier
        (1, 3, [2], 3, 0.5, "relu", True),           # N = 1
        (5, 4, [4, 3, 5], 3, 0.1, "tanh", True),     # depth 4
        (4, 5, [3, 4], 4, 0.0, "sigmoid", True),
        (6, 3, [5, 2], 3, 0.2, "leaky_relu", True),
        (4, 2, [6], 2, 0.0, "elu", True),
        (3, 4, [5, 3, 4], 3, 0.3, "relu", False),    # scores only
        (2, 5, [], 4, 0.7, "relu", True),            # depth 1 with reg: only W1 regularized, no activation
    ]
    for seed, (N, D, hidden, C, reg, act, with_y) in enumerate(configs):
        rng = _rng(171 + seed)
        dims = [D] + hidden + [C]
        params = {}
        for i in range(1, len(dims)):
            params[f"params.W{i}"] = 0.7 * rng.standard_normal((dims[i - 1], dims[i]))
            params[f"params.b{i}"] = 0.2 * rng.standard_normal(dims[i])
        inputs = {"hidden_dims": np.array(hidden, dtype=np.int64), "input_dim": D, "num_classes": C, "reg": reg,
                  "activation": act, "num_layers": len(hidden) + 1, "X": rng.standard_normal((N, D)),
                  "y": _labels(rng, N, C) if with_y else None, **params}
        if not with_y:
            inputs["__outputs__"] = "scores"
        out.append(Case(f"N={N}, D={D}, {_dims_label(hidden)}, C={C}, reg={reg:g}, {act}"
                        + ("" if with_y else ", y=None (scores)"), inputs, meta={"N": N, "reg": reg}))
    return out


# --------------------------------------------------------------------------- deepnets: lecture 3's optimization (linear_classifiers)

def step_decay_cases():
    out = []
    for lr, epoch, drop, every, label in [
            (0.1, 0, 0.5, 10, "epoch 0: the initial learning rate"),
            (0.1, 9, 0.5, 10, "the last epoch before the first drop"),
            (0.1, 10, 0.5, 10, "exactly at the first drop"),
            (3e-3, 7, 0.1, 2, "three drops by 0.1 (epochs_per_drop=2)"),
            (1.0, 25, 0.5, 1, "a drop every epoch, epoch 25"),
            (0.05, 12, 1.0, 3, "drop=1: constant"),
            (0.2, 16, 0.5, 10, "past the middle of the second period: one drop, not two")]:
        out.append(Case(f"learning_rate={lr:g}, epoch={epoch}, drop={drop:g}, epochs_per_drop={every}: {label}",
                        {"learning_rate": lr, "epoch": epoch, "drop": drop, "epochs_per_drop": every},
                        tol={"*": 1e-9}))
    return out


def exponential_decay_cases():
    out = []
    for lr, epoch, k, label in [(0.1, 0, 0.1, "epoch 0: the initial learning rate"),
                                (0.1, 1, 0.1, "one epoch"),
                                (2e-3, 17, 0.35, "epoch 17, k=0.35"),
                                (1.0, 40, 0.0, "k=0: constant"),
                                (0.5, 100, 0.2, "a very small learning rate (about 1e-9)")]:
        out.append(Case(f"learning_rate={lr:g}, epoch={epoch}, k={k:g}: {label}",
                        {"learning_rate": lr, "epoch": epoch, "k": k}, tol={"*": 1e-9}, atol={"*": 0.0}))
    return out


def l1_regularization_cases():
    out = []
    for seed, (shape, reg) in enumerate([((3, 2), 0.5), ((1, 1), 2.0), ((6, 4), 1e-3)]):
        rng = _rng(181 + seed)
        out.append(Case(f"W {shape}, reg={reg:g}", {"W": rng.standard_normal(shape), "reg": reg}))
    W = np.array([[0.0, 1.5, -2.0], [0.0, -0.0, 3.0]])
    out.append(Case("W with exact zeros: the subgradient there is 0", {"W": W, "reg": 0.3}))
    out.append(Case("reg=0", {"W": _rng(185).standard_normal((2, 5)), "reg": 0.0}))
    out.append(Case("very large weights (about 1e6)", {"W": 1e6 * _rng(186).standard_normal((4, 3)), "reg": 1e-4}))
    return out


# --------------------------------------------------------------------------- named generators of the manifest

def softmax_score_loss_cases():
    return score_loss_cases("softmax")


def svm_score_loss_cases():
    return score_loss_cases("svm")


def sgd_momentum_cases():
    return optim_cases("sgd_momentum")


def rmsprop_cases():
    return optim_cases("rmsprop")


def adam_cases():
    return optim_cases("adam")


def adagrad_cases():
    return optim_cases("adagrad")


def add_gate_cases():
    return gate_cases("AddGate")


def mul_gate_cases():
    return gate_cases("MulGate")


def max_gate_cases():
    return gate_cases("MaxGate")


def matmul_gate_cases():
    return gate_cases("MatMulGate")


def exp_gate_cases():
    return gate_cases("ExpGate")


def log_gate_cases():
    return gate_cases("LogGate")


def sigmoid_gate_cases():
    return gate_cases("SigmoidGate")


def relu_gate_cases():
    return gate_cases("ReLUGate")


def tanh_gate_cases():
    return gate_cases("TanhGate")


def pow_gate_cases():
    return gate_cases("PowGate")


def sum_gate_cases():
    return gate_cases("SumGate")
