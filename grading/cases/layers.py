"""Hidden cases of ``layers.py``: the layers' forward and backward passes and the score losses."""
import numpy as np

from .base import Case, drawn, random_labels, seeded_rng, tests_every_shift_rule


def _x(rng, shape, scale=1.0):
    return scale * rng.standard_normal(shape)


def affine_cases() -> list:
    out = []
    for seed, (xshape, M) in enumerate([((1, 3), 2), ((4, 5), 3), ((3, 2, 2, 2), 4), ((2, 3, 4), 1)]):
        rng = seeded_rng(61 + seed)
        D = int(np.prod(xshape[1:]))
        out.append(Case(f"x {xshape}, w ({D}, {M})",
                        {"x": _x(rng, xshape), "w": _x(rng, (D, M)), "b": _x(rng, (M,)), "dout": _x(rng, (xshape[0], M))},
                        meta={"N": xshape[0]}))
    return out


def _elementwise_cases(seed0, extra=None, large=True):
    out = []
    shapes = [(1, 1), (3, 4), (2, 3, 2)]
    for i, shape in enumerate(shapes):
        rng = seeded_rng(seed0 + i)
        x = _x(rng, shape, 2.0)
        if i == 1:
            x[0, 0] = 0.0  # exactly 0: the documented side of the kink
        out.append(Case(f"x {shape}", {"x": x, "dout": _x(rng, shape), **(extra or {})}))
    if large:
        rng = seeded_rng(seed0 + 9)
        x = np.array([[-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0]])
        out.append(Case("very large |x| (+-1000)", {"x": x, "dout": _x(rng, x.shape), **(extra or {})},
                        meta={"large_scores": True}))
    return out


def relu_cases() -> list:
    return _elementwise_cases(71, large=False)


def sigmoid_cases() -> list:
    return _elementwise_cases(74)


def tanh_cases() -> list:
    return _elementwise_cases(77)


def leaky_relu_cases() -> list:
    return _elementwise_cases(80, large=False) + [
        Case(f"alpha={a}", {"x": _x(seeded_rng(83 + i), (4, 3)), "dout": _x(seeded_rng(85 + i), (4, 3)), "alpha": a})
        for i, a in enumerate([0.2, 0.0])]


def elu_cases() -> list:
    x = _x(seeded_rng(89), (4, 3), 3.0)
    x[0, 0] = 0.0  # exactly 0 with alpha != 1: the slope there is alpha, not 1
    return _elementwise_cases(87) + [
        Case("alpha=0.5, one x exactly 0", {"x": x, "dout": _x(seeded_rng(90), (4, 3)), "alpha": 0.5})]


def maxout_cases() -> list:
    out = []
    for seed, (xshape, M, k) in enumerate([((1, 3), 2, 2), ((4, 5), 3, 3), ((3, 2, 3), 2, 4)]):
        rng = seeded_rng(91 + seed)
        D = int(np.prod(xshape[1:]))
        out.append(Case(f"x {xshape}, M={M} units of k={k} pieces",
                        {"x": _x(rng, xshape), "w": _x(rng, (D, M, k)), "b": _x(rng, (M, k)), "dout": _x(rng, (xshape[0], M))}))
    w = np.zeros((2, 2, 2))
    w[:, 1, 0] = 1.0
    w[:, 1, 1] = 1.0  # unit 1: two equal pieces (a tie); unit 0: both pieces 0 (another tie)
    x, dout = np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([[1.0, 2.0], [3.0, -1.0]])
    jitter = drawn(94)
    if jitter is not None:          # the ties come from w and b, whatever x is
        x, dout = np.round(jitter.uniform(-2, 2, (2, 2)), 3), np.round(jitter.uniform(-3, 3, (2, 2)), 3)
    out.append(Case("equal pieces (the first piece takes the gradient)",
                    {"x": x, "w": w, "b": np.zeros((2, 2)), "dout": dout}))
    return out


def _large_scores(rng, N, C, tries=500):
    """Scores of about 1e3 where exp overflows without a shift (some |x| > 710) and some example's
    correct class lies > 800 below its best (its probability underflows: -log(p) is inf), drawn
    again from the same generator until they do, so every draw tests both."""
    for _ in range(tries):
        x, y = _x(rng, (N, C), 1000.0), random_labels(rng, N, C)
        if tests_every_shift_rule(x, y):
            return x, y
    raise RuntimeError(f"no large scores with an underflowing probability in {tries} draws")


def score_loss_cases(kind: str) -> list:
    out = []
    for seed, (N, C, scale) in enumerate([(1, 2, 1.0), (5, 4, 1.0), (8, 10, 0.1)]):
        rng = seeded_rng(101 + seed)
        out.append(Case(f"N={N}, C={C}", {"x": _x(rng, (N, C), scale), "y": random_labels(rng, N, C, True)}, meta={"N": N}))
    rng = seeded_rng(104)
    out.append(Case("N = C = 5, where a vector (N,) broadcasts silently along the classes",
                    {"x": _x(rng, (5, 5)), "y": random_labels(rng, 5, 5, True)}, meta={"N": 5}))
    rng = seeded_rng(105)
    if kind == "softmax":
        x, y = _large_scores(rng, 4, 3)
        out.append(Case("very large scores (about 1e3)", {"x": x, "y": y}, meta={"N": 4, "large_scores": True}))
        rng = seeded_rng(106)
        out.append(Case("large scores of the same size in every example (about 1e3 +- 5)",
                        {"x": 1000.0 + _x(rng, (4, 3), 2.0), "y": random_labels(rng, 4, 3)}, meta={"N": 4, "large_scores": True}))
        rng = seeded_rng(107)   # exp(s) finite, exp(2 s) not: no shift is right here, an added max is NaN
        out.append(Case("scores about 400 (exp(s) is finite, exp(2 s) overflows)",
                        {"x": 400.0 + _x(rng, (4, 3), 2.0), "y": random_labels(rng, 4, 3)}, meta={"N": 4}))
    else:
        out.append(Case("integer scores: margins of exactly 0", {"x": rng.integers(-2, 3, (6, 4)).astype(np.float64),
                                                               "y": random_labels(rng, 6, 4)}, meta={"N": 6, "zero_margins": True}))
    return out


def softmax_score_loss_cases() -> list:
    return score_loss_cases("softmax")


def svm_score_loss_cases() -> list:
    return score_loss_cases("svm")
