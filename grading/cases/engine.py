"""Hidden cases of ``graph/engine.py``: ``Value.backward`` on small programs (chains, forks, reuse)."""
import numpy as np

from .base import Case, drawn, seeded_rng


def engine_cases() -> list:
    rng = seeded_rng(151)
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
    jitter = drawn(152)
    for label, program, leaves, fork in progs:
        if jitter is not None:      # the same programs; leaves drawn (non-zero, tanh away from saturation)
            leaves = {k: (np.round(jitter.choice([-1.0, 1.0]) * jitter.uniform(0.2, 2.0), 6) if np.ndim(v) == 0
                          else jitter.standard_normal(np.shape(v))) for k, v in leaves.items()}
            leaves = {k: float(v) if np.ndim(v) == 0 else v for k, v in leaves.items()}
        inputs = {f"leaf.{k}": v for k, v in leaves.items()}
        inputs["program"] = "\n".join(program)
        out.append(Case(label, inputs, meta={"fork": fork}))
    a, b = (1.5, -0.5) if jitter is None else (float(np.round(jitter.uniform(0.5, 2.0), 6)),
                                              float(np.round(-jitter.uniform(0.2, 1.5), 6)))
    twice = {"leaf.a": a, "leaf.b": b, "program": "p = mul a b\nc = add p a", "backward_twice": True}
    out.append(Case("backward() called twice: leaf gradients add up (non-leaves are reset)", twice, meta={"fork": True}))
    return out
