"""Hidden cases of ``classifiers/fc_net.py``: the two-layer net and the fully connected net."""
import numpy as np

from .base import Case, drawn, random_labels, seeded_rng


def _seeds(fixed, seed):
    """The ``seed`` inputs of init cases: the written-out ones, or drawn under a per-submission draw."""
    rng = drawn(seed)
    return list(fixed) if rng is None else [int(s) for s in rng.integers(0, 2**31 - 1, len(fixed))]


def twolayer_init_cases() -> list:
    rows = [(4, 3, 2, 1e-2), (6, 1, 3, 1.0), (2, 5, 10, 1e-3)]
    return [Case(f"D={D}, H={H}, C={C}, weight_scale={ws:g}, seed={seed}",
                 {"input_dim": D, "hidden_dim": H, "num_classes": C, "weight_scale": ws, "seed": seed})
            for (D, H, C, ws), seed in zip(rows, _seeds([5, 7, 11], 120))]


def twolayer_loss_cases() -> list:
    out = []
    for seed, (N, D, H, C, reg, act, with_y) in enumerate([
            (3, 4, 5, 2, 0.0, "relu", True), (1, 3, 2, 3, 0.5, "relu", True), (4, 5, 3, 4, 0.1, "tanh", True),
            (5, 2, 4, 3, 0.0, "sigmoid", True), (3, 4, 5, 2, 0.3, "relu", False)]):
        rng = seeded_rng(121 + seed)
        params = {"params.W1": 0.5 * rng.standard_normal((D, H)), "params.b1": 0.1 * rng.standard_normal(H),
                  "params.W2": 0.5 * rng.standard_normal((H, C)), "params.b2": 0.1 * rng.standard_normal(C)}
        inputs = {"input_dim": D, "hidden_dim": H, "num_classes": C, "reg": reg, "activation": act,
                  "X": rng.standard_normal((N, D)), "y": random_labels(rng, N, C) if with_y else None, **params}
        if not with_y:
            inputs["__outputs__"] = "scores"
        out.append(Case(f"N={N}, D={D}, H={H}, C={C}, reg={reg:g}, {act}" + ("" if with_y else ", y=None (scores)"),
                        inputs, meta={"N": N, "reg": reg}))
    return out


def _dims_label(hidden_dims):
    return f"hidden_dims={list(hidden_dims)} (depth {len(hidden_dims) + 1})"


def fcnet_init_cases() -> list:
    out = []
    rows = [(4, [], 3, 1e-2), (6, [5], 2, 1.0), (3, [4, 3, 5], 10, 1e-3), (2, [1, 1], 2, 0.5)]
    for (D, hidden, C, ws), seed in zip(rows, _seeds([5, 7, 11, 13], 170)):
        out.append(Case(f"D={D}, {_dims_label(hidden)}, C={C}, weight_scale={ws:g}, seed={seed}",
                        {"hidden_dims": np.array(hidden, dtype=np.int64), "input_dim": D, "num_classes": C,
                         "weight_scale": ws, "seed": seed}))
    return out


def fcnet_loss_cases() -> list:
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
        rng = seeded_rng(171 + seed)
        dims = [D] + hidden + [C]
        params = {}
        for i in range(1, len(dims)):
            params[f"params.W{i}"] = 0.7 * rng.standard_normal((dims[i - 1], dims[i]))
            params[f"params.b{i}"] = 0.2 * rng.standard_normal(dims[i])
        inputs = {"hidden_dims": np.array(hidden, dtype=np.int64), "input_dim": D, "num_classes": C, "reg": reg,
                  "activation": act, "num_layers": len(hidden) + 1, "X": rng.standard_normal((N, D)),
                  "y": random_labels(rng, N, C) if with_y else None, **params}
        if not with_y:
            inputs["__outputs__"] = "scores"
        out.append(Case(f"N={N}, D={D}, {_dims_label(hidden)}, C={C}, reg={reg:g}, {act}"
                        + ("" if with_y else ", y=None (scores)"), inputs, meta={"N": N, "reg": reg}))
    return out
