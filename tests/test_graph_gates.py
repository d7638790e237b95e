"""Every gate of cs231n_lib.graph.gates against centred numerical gradients, on seeded random
scalars, vectors, matrices and broadcast inputs; and wrong backward variants that must be caught."""
import numpy as np
import pytest

from cs231n_lib.gradient_check import eval_numerical_gradient_array, rel_error
from cs231n_lib.graph import gates as G
from cs231n_lib.graph.gates import Context, unbroadcast


def gate_errors(gate, inputs, seed=0, const=()):
    """Relative error of ``gate.backward`` against numerical gradients, one per non-constant
    input (indices in ``const`` are constants such as an exponent or an axis)."""
    rng = np.random.default_rng(seed)
    ctx = Context()
    out = gate.forward(ctx, *inputs)
    up = rng.standard_normal(np.shape(out))
    up = float(up) if np.ndim(out) == 0 else up
    grads = gate.backward(ctx, up)
    if not isinstance(grads, tuple):
        grads = (grads,)
    assert len(grads) == len(inputs), f"{gate.__name__}.backward returned {len(grads)} gradients for {len(inputs)} inputs"
    errors = []
    for i, x in enumerate(inputs):
        if i in const:
            assert grads[i] is None
            continue
        assert np.shape(grads[i]) == np.shape(x), f"gradient {i} has shape {np.shape(grads[i])}, input {np.shape(x)}"

        def f(v, i=i):
            args = list(inputs)
            args[i] = v if np.ndim(x) else float(v)
            return gate.forward(Context(), *args)

        num = eval_numerical_gradient_array(f, np.array(x, dtype=np.float64), up)
        errors.append(rel_error(grads[i], num))
    return errors


SHAPES = [(), (5,), (3, 4)]
BROADCAST = [((3, 4), (4,)), ((3, 4), (3, 1)), ((4,), (3, 4)), ((), (2, 3)), ((2, 1), (1, 3))]


def rand(rng, shape, low=None, high=None):
    x = rng.uniform(low, high, shape) if low is not None else rng.standard_normal(shape)
    return float(x) if shape == () else x


@pytest.mark.parametrize("gate", [G.AddGate, G.MulGate, G.MaxGate])
@pytest.mark.parametrize("shapes", [(s, s) for s in SHAPES] + BROADCAST)
def test_binary_gates(gate, shapes):
    rng = np.random.default_rng(hash((gate.__name__, shapes)) % 2**32)
    a, b = rand(rng, shapes[0]), rand(rng, shapes[1])
    assert max(gate_errors(gate, [a, b])) < 1e-7


@pytest.mark.parametrize("gate,low,high", [(G.ExpGate, -2, 2), (G.LogGate, 0.3, 3), (G.SigmoidGate, -5, 5),
                                           (G.TanhGate, -2, 2), (G.ReLUGate, -2, 2)])
@pytest.mark.parametrize("shape", SHAPES)
def test_unary_gates(gate, low, high, shape):
    rng = np.random.default_rng(7)
    x = rand(rng, shape, low, high)
    if gate is G.ReLUGate and shape == ():
        x = 0.7
    assert max(gate_errors(gate, [x])) < 1e-7


@pytest.mark.parametrize("p", [2, 3, -1, 0.5, -2.5])
@pytest.mark.parametrize("shape", SHAPES)
def test_pow_gate(p, shape):
    x = rand(np.random.default_rng(3), shape, 0.5, 2.0)
    assert max(gate_errors(G.PowGate, [x, p], const=(1,))) < 1e-7


@pytest.mark.parametrize("shapes", [((4, 3), (3, 5)), ((2, 2), (2,)), ((3,), (3, 4)), ((3,), (3,)), ((1, 3), (3, 1))])
def test_matmul_gate(shapes):
    rng = np.random.default_rng(11)
    a, b = rng.standard_normal(shapes[0]), rng.standard_normal(shapes[1])
    assert max(gate_errors(G.MatMulGate, [a, b])) < 1e-7


@pytest.mark.parametrize("shape,axis,keepdims", [((5,), None, False), ((3, 4), None, False), ((3, 4), 0, False),
                                                 ((3, 4), 1, True), ((2, 3, 4), 1, False), ((3, 4), -1, False)])
def test_sum_gate(shape, axis, keepdims):
    x = np.random.default_rng(5).standard_normal(shape)
    assert max(gate_errors(G.SumGate, [x, axis, keepdims], const=(1, 2))) < 1e-7


def test_lecture_numbers():
    c1, c2 = Context(), Context()
    q = G.AddGate.forward(c1, -2.0, 5.0)
    f = G.MulGate.forward(c2, q, -4.0)
    dq, dz = G.MulGate.backward(c2, 1.0)
    dx, dy = G.AddGate.backward(c1, dq)
    assert (q, f, dq, dz, dx, dy) == (3.0, -12.0, -4.0, 3.0, -4.0, -4.0)
    W, x = np.array([[0.1, 0.5], [-0.3, 0.8]]), np.array([0.2, 0.4])
    cm = Context()
    qv = G.MatMulGate.forward(cm, W, x)
    dW, dx = G.MatMulGate.backward(cm, 2 * qv)
    np.testing.assert_allclose(dW, [[0.088, 0.176], [0.104, 0.208]], rtol=1e-12)
    np.testing.assert_allclose(dx, [-0.112, 0.636], rtol=1e-12)
    cs = Context()
    s = G.SigmoidGate.forward(cs, 1.0)
    assert abs(G.SigmoidGate.backward(cs, 1.0) - 0.19661193324148185) < 1e-15
    assert abs(s - 1 / (1 + np.exp(-1.0))) < 1e-15


def test_max_tie_splits_in_half_like_the_numerical_gradient():
    ctx = Context()
    G.MaxGate.forward(ctx, 2.0, 2.0)
    assert G.MaxGate.backward(ctx, 3.0) == (1.5, 1.5)
    a = np.array([1.0, 2.0, -1.0])
    assert max(gate_errors(G.MaxGate, [a, a.copy()])) < 1e-7


def test_gradients_keep_float_for_float_inputs():
    ctx = Context()
    G.AddGate.forward(ctx, 1.0, np.ones(3))
    da, db = G.AddGate.backward(ctx, np.ones(3))
    assert isinstance(da, float) and da == 3.0 and db.shape == (3,)


def test_unbroadcast():
    np.testing.assert_array_equal(unbroadcast(np.ones((4, 3)), (3,)), [4.0, 4.0, 4.0])
    np.testing.assert_array_equal(unbroadcast(np.ones((4, 3)), (4, 1)), np.full((4, 1), 3.0))
    assert unbroadcast(np.ones((2, 2)), ()) == 4.0


def test_function_apply_and_context():
    from cs231n_lib.graph import Value
    v = G.MulGate.apply(Value(2.0), 3.0)
    assert v.data == 6.0 and v._op == "*" and len(v._prev) == 1
    ctx = Context()
    ctx.save_for_backward(1, 2)
    assert ctx.saved_tensors == (1, 2)
    with pytest.raises(TypeError, match="constant number"):
        G.PowGate.forward(Context(), 2.0, np.ones(2))


# ---- wrong backward variants are caught -----------------------------------------------------
def _without_unbroadcast(ctx, g):
    return g, g


def _mul_not_swapped(ctx, g):
    a, b = ctx.saved_tensors
    return g * a, g * b


def _max_tie_to_first(ctx, g):
    a, b = ctx.saved_tensors
    return g * (a >= b), g * (b > a)


def _sigmoid_forgets_upstream(ctx, g):
    (out,) = ctx.saved_tensors
    return (1 - out) * out


def _matmul_wrong_order(ctx, g):
    # Products in the wrong order: the shapes fit for square matrices, the values do not.
    a, b = ctx.saved_tensors
    return b.T @ g, g @ a.T


def _relu_wrong_mask(ctx, g):
    (x,) = ctx.saved_tensors
    return g * (x >= 0) + g * (x < 0) * 0.01


@pytest.mark.parametrize("gate,wrong,inputs", [
    (G.AddGate, _without_unbroadcast, [np.ones((3, 4)), np.ones(4)]),
    (G.MulGate, _mul_not_swapped, [np.arange(1.0, 5.0), np.arange(2.0, 6.0)]),
    (G.MaxGate, _max_tie_to_first, [np.array([1.0, 2.0]), np.array([1.0, 3.0])]),
    (G.SigmoidGate, _sigmoid_forgets_upstream, [np.array([0.3, -1.0, 2.0])]),
    (G.MatMulGate, _matmul_wrong_order, [np.arange(9.0).reshape(3, 3), np.arange(9.0).reshape(3, 3) ** 0.5]),
    (G.ReLUGate, _relu_wrong_mask, [np.array([-1.0, 0.5, -0.2])]),
])
def test_wrong_backward_is_caught(monkeypatch, gate, wrong, inputs):
    monkeypatch.setattr(gate, "backward", staticmethod(wrong))
    try:
        errors = gate_errors(gate, inputs)
    except AssertionError:  # wrong shape: caught by the shape check
        return
    assert max(errors) > 1e-2
