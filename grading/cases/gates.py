"""Hidden cases of ``graph/gates.py``: each gate's backward pass (one generator per gate)."""
import numpy as np

from .base import Case, drawn, seeded_rng


def gate_cases(gate: str) -> list:
    rng = seeded_rng(131 + len(gate))
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
            a, b, dout = np.array([1.0, 2.0, -1.0]), np.array([1.0, 3.0, -1.0]), np.array([2.0, 1.0, -4.0])
            jitter = drawn(139)
            if jitter is not None:      # entries 0 and 2 tie, entry 1 does not
                a = np.round(jitter.uniform(-3, 3, 3), 3)
                b = a.copy()
                b[1] = a[1] + np.round(jitter.uniform(0.5, 2.0), 3)
                dout = np.round(jitter.uniform(-4, 4, 3), 3)
            out.append(Case("ties (a == b): half the gradient each", {"a": a, "b": b, "dout": dout}))
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
    jitter = drawn(140 + len(gate))
    if gate == "ReLUGate":
        x, dout = np.array([-1.0, 0.0, 2.0]), np.array([1.0, 2.0, 3.0])
        if jitter is not None:      # one exact zero between a negative and a positive entry
            x = np.array([-jitter.uniform(0.1, 3), 0.0, jitter.uniform(0.1, 3)])
            dout = jitter.standard_normal(3)
        out.append(Case("x with exact zeros", {"x": x, "dout": dout}))
    if gate in ("SigmoidGate", "TanhGate", "ExpGate"):
        big, dout = (30.0 if gate == "ExpGate" else 500.0), np.array([1.0, -1.0, 2.0, 0.5])
        if jitter is not None:
            big, dout = float(np.round(big * jitter.uniform(0.8, 1.0), 3)), jitter.standard_normal(4)
        out.append(Case("large |x|", {"x": np.array([-big, -5.0, 5.0, big]), "dout": dout}, meta={"large_scores": True}))
    return out


def add_gate_cases() -> list:
    return gate_cases("AddGate")


def mul_gate_cases() -> list:
    return gate_cases("MulGate")


def max_gate_cases() -> list:
    return gate_cases("MaxGate")


def matmul_gate_cases() -> list:
    return gate_cases("MatMulGate")


def exp_gate_cases() -> list:
    return gate_cases("ExpGate")


def log_gate_cases() -> list:
    return gate_cases("LogGate")


def sigmoid_gate_cases() -> list:
    return gate_cases("SigmoidGate")


def relu_gate_cases() -> list:
    return gate_cases("ReLUGate")


def tanh_gate_cases() -> list:
    return gate_cases("TanhGate")


def pow_gate_cases() -> list:
    return gate_cases("PowGate")


def sum_gate_cases() -> list:
    return gate_cases("SumGate")
