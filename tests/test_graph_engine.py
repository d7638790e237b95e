"""The Value engine against numerical gradients on randomly generated expression graphs with
reused nodes (hypothesis), forks (b = a + a and deeper), arrays, and wrong backward variants
(overwriting at a fork, recursion without topological order) that the check must flag."""
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cs231n_lib.gradient_check import eval_numerical_gradient, rel_error
from cs231n_lib.graph import Value, maximum, zero_grad
from cs231n_lib.graph.engine import nodes

# Each op: (name, arity, on Values, on floats). Bounded ops keep values finite at any depth.
OPS = [
    ("add", 2, lambda a, b: a + b, lambda a, b: a + b),
    ("sub", 2, lambda a, b: a - b, lambda a, b: a - b),
    ("mul", 2, lambda a, b: a * b, lambda a, b: a * b),
    ("max", 2, lambda a, b: maximum(a, b), lambda a, b: max(a, b)),
    ("tanh", 1, lambda a: a.tanh(), math.tanh),
    ("sigmoid", 1, lambda a: a.sigmoid(), lambda a: 1 / (1 + math.exp(-a))),
    ("exp_tanh", 1, lambda a: a.tanh().exp(), lambda a: math.exp(math.tanh(a))),
    ("square", 1, lambda a: a ** 2, lambda a: a ** 2),
    ("log1p_sq", 1, lambda a: (a ** 2 + 1).log(), lambda a: math.log(a * a + 1)),
    ("div", 2, lambda a, b: a / (b ** 2 + 1), lambda a, b: a / (b * b + 1)),
]


def run_program(program, leaves, ops_on, max_gaps=None):
    """Evaluate ``program`` (a list of (op index, operand indices)) over ``leaves``; every
    step may use any earlier node, so nodes get reused (forks). Returns the sum of the
    last three nodes, so several outputs share the inputs. ``max_gaps``, a list, receives
    |a - b| of every max node."""
    vals = list(leaves)
    for op, args in program:
        name, arity, fv, ff = OPS[op]
        fn = fv if ops_on == "value" else ff
        operands = [vals[i % len(vals)] for i in args[:arity]]
        if name == "max" and max_gaps is not None:
            max_gaps.append(abs(operands[0] - operands[1]))
        vals.append(fn(*operands))
    out = vals[-1]
    for extra in vals[-3:-1]:
        out = out + extra
    return out


programs = st.lists(st.tuples(st.integers(0, len(OPS) - 1), st.tuples(st.integers(0, 50), st.integers(0, 50))),
                    min_size=1, max_size=14)


def engine_vs_numerical(program, x):
    """Largest relative error between the engine's gradient and the numerical one."""
    leaves = [Value(v) for v in x]
    out = run_program(program, leaves, "value")
    out.backward()
    got = np.array([leaf.grad for leaf in leaves])
    num = eval_numerical_gradient(lambda v: run_program(program, list(v), "float"), np.array(x), verbose=False)
    # Forward agrees with plain floats, too.
    assert abs(out.data - run_program(program, list(x), "float")) < 1e-12 * max(1.0, abs(out.data))
    scale = np.maximum(1.0, np.abs(num))
    return float(np.max(np.abs(got - num) / scale))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs, x=st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_engine_matches_numerical_on_random_graphs(program, x):
    # Keep away from the kink of max at a tie between distinct nodes (the numerical gradient
    # there is an average): shift inputs to distinct, well-separated values.
    x = [xi + 3.1 * i for i, xi in enumerate(x)]
    # a max of two nodes that depend on the same leaf can still tie (max(a, a + a) at a = 0)
    gaps = []
    run_program(program, x, "float", gaps)
    assume(min(gaps, default=math.inf) > 1e-3)
    assert engine_vs_numerical(program, x) < 1e-5


def test_lecture_circuit_and_sigmoid_neuron():
    x, y, z = Value(-2.0), Value(5.0), Value(-4.0)
    f = (x + y) * z
    f.backward()
    assert (f.data, x.grad, y.grad, z.grad) == (-12.0, -4.0, -4.0, 3.0)
    w0, x0, w1, x1, w2 = (Value(v) for v in [2.0, -1.0, -3.0, -2.0, -3.0])
    out = 1 / (1 + (-(w0 * x0 + w1 * x1 + w2)).exp())
    out.backward()
    np.testing.assert_allclose([w0.grad, x0.grad, w1.grad, x1.grad, w2.grad],
                               [-0.19661193, 0.39322387, -0.39322387, -0.58983580, 0.19661193], rtol=1e-7)
    fused_in = [Value(v) for v in [2.0, -1.0, -3.0, -2.0, -3.0]]
    w0f, x0f, w1f, x1f, w2f = fused_in
    (w0f * x0f + w1f * x1f + w2f).sigmoid().backward()
    np.testing.assert_allclose([v.grad for v in fused_in], [w0.grad, x0.grad, w1.grad, x1.grad, w2.grad], rtol=1e-12)


def test_forks():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0
    a = Value(3.0)
    (a * a).backward()
    assert a.grad == 6.0
    a = Value(1.5)
    h = a * a
    g = h * a + h.exp() * h
    g.backward()
    assert abs(a.grad - (3 * 1.5 ** 2 + math.exp(2.25) * 3.0 * (2.25 + 1))) < 1e-9
    # A chain of 20 forks: x_{k+1} = x_k + x_k, so d x_20 / d x_0 = 2**20.
    x0 = Value(1.0)
    x = x0
    for _ in range(20):
        x = x + x
    x.backward()
    assert x0.grad == 2.0 ** 20


def test_arrays_and_broadcasting():
    rng = np.random.default_rng(0)
    X, W, b = rng.standard_normal((5, 3)), rng.standard_normal((3, 4)), rng.standard_normal(4)

    def loss(W_, b_):
        return float(np.sum(np.maximum(0, X @ W_ + b_) ** 2) + np.sum(np.tanh(W_)))

    Wv, bv = Value(W.copy()), Value(b.copy())
    out = ((X @ Wv + bv).relu() ** 2).sum() + Wv.tanh().sum()
    out.backward()
    assert rel_error(Wv.grad, eval_numerical_gradient(lambda w: loss(w, b), W.copy(), verbose=False)) < 1e-6
    assert rel_error(bv.grad, eval_numerical_gradient(lambda v: loss(W, v), b.copy(), verbose=False)) < 1e-6


def test_second_backward_and_zero_grad():
    x = Value(2.0)
    y = x * x * 3.0
    y.backward()
    assert x.grad == 12.0
    y.backward()
    assert x.grad == 24.0  # leaves accumulate, like PyTorch
    zero_grad(y)
    assert all(np.all(n.grad == 0) for n in nodes(y))
    y.backward()
    assert x.grad == 12.0


def test_non_scalar_output_needs_upstream_gradient():
    v = Value(np.arange(3.0))
    out = v * 2.0
    with pytest.raises(ValueError, match="explicit upstream gradient"):
        out.backward()
    out.backward(np.ones(3))
    np.testing.assert_array_equal(v.grad, [2.0, 2.0, 2.0])


def test_numpy_on_the_left_defers_to_value():
    out = np.ones((2, 3)) @ Value(np.ones((3, 1)))
    assert isinstance(out, Value) and out.shape == (2, 1)
    assert isinstance(np.ones(2) + Value(np.ones(2)), Value)


# ---- wrong backward variants are caught -----------------------------------------------------
def backward_overwrite_at_fork(self, grad=None):
    """Topological order, but `parent.grad = g` instead of adding."""
    topo, seen = [], set()

    def build(n):
        if n not in seen:
            seen.add(n)
            for p in n._prev:
                build(p)
            topo.append(n)

    build(self)
    self.grad = 1.0 if grad is None else grad
    for n in reversed(topo):
        for p, g in n._input_grads():
            p.grad = g


def backward_recursive_no_order(self, grad=None):
    """Push the gradient down immediately at each node, recursively, with no topological order."""
    self.grad = 1.0 if grad is None else grad

    def push(n):
        for p, g in n._input_grads():
            p.grad = p.grad + g
            push(p)

    push(self)


FORK_GRAPHS = [
    lambda a, b: a + a,
    lambda a, b: (lambda h: h * h.tanh())(a * b),
    lambda a, b: (lambda h: h * a + h.exp() * h)(a * a),
]


@pytest.mark.parametrize("wrong", [backward_overwrite_at_fork, backward_recursive_no_order])
def test_wrong_backward_is_caught(monkeypatch, wrong):
    program = [(2, (0, 1)), (4, (2, 0)), (2, (3, 2)), (0, (4, 3))]  # a shared node feeding two paths
    assert engine_vs_numerical(program, [0.3, -0.7, 1.1]) < 1e-6  # the reference passes
    monkeypatch.setattr(Value, "backward", wrong)
    assert engine_vs_numerical(program, [0.3, -0.7, 1.1]) > 1e-2
    for graph in FORK_GRAPHS[1:]:
        a, b = Value(0.8), Value(-0.5)
        out = graph(a, b)
        out.backward()
        num = eval_numerical_gradient(lambda v: graph(Value(v[0]), Value(v[1])).data, np.array([0.8, -0.5]), verbose=False)
        assert rel_error(np.array([a.grad, b.grad]), num) > 1e-2
