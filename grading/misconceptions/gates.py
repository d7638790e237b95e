"""Misconceptions of ``graph/gates.py``: the backward pass of every gate. Each wrong version
has the signature ``backward(ctx, grad_output, *, mistakes=frozenset())`` and reads the
context filled by the reference gate's forward."""
import numpy as np

from .base import lazy, mistakes_of

G = "graph.gates."


def _unbroadcast(grad, shape, mistakes):
    """``unbroadcast`` unless the student forgot it (then the gradient keeps out's shape)."""
    if "no_unbroadcast" in mistakes:
        return grad
    return lazy("graph.gates").unbroadcast(grad, shape)


def _upstream(grad_output, mistakes):
    """The upstream gradient, or ones in its shape when the student forgot to multiply by it."""
    if "upstream_ignored" in mistakes:
        return np.ones_like(grad_output) if np.ndim(grad_output) else 1.0
    return grad_output


def add_backward(ctx, grad_output, *, mistakes=frozenset()):
    g = _upstream(grad_output, mistakes)
    da = _unbroadcast(g, ctx.a_shape, mistakes)
    db = _unbroadcast(g, ctx.a_shape if "same_shape_for_both" in mistakes else ctx.b_shape, mistakes)
    return da, db


def mul_backward(ctx, grad_output, *, mistakes=frozenset()):
    a, b = ctx.saved_tensors
    g = _upstream(grad_output, mistakes)
    local_a, local_b = (a, b) if "not_swapped" in mistakes else (b, a)
    da = _unbroadcast(g * local_a, ctx.a_shape, mistakes)
    db = _unbroadcast(g * local_b, ctx.b_shape, mistakes)
    return da, db


def max_backward(ctx, grad_output, *, mistakes=frozenset()):
    a, b = ctx.saved_tensors
    if "ties_full_to_both" in mistakes:
        local_a, local_b = (a >= b) * 1.0, (b >= a) * 1.0
    elif "ties_to_a" in mistakes:
        local_a, local_b = (a >= b) * 1.0, (b > a) * 1.0
    elif "ties_to_neither" in mistakes:
        local_a, local_b = (a > b) * 1.0, (b > a) * 1.0
    else:
        local_a = (a > b) + 0.5 * (a == b)
        local_b = (b > a) + 0.5 * (a == b)
    da = _unbroadcast(grad_output * local_a, ctx.a_shape, mistakes)
    db = _unbroadcast(grad_output * local_b, ctx.b_shape, mistakes)
    return da, db


def matmul_backward(ctx, grad_output, *, mistakes=frozenset()):
    a, b = ctx.saved_tensors
    dout = np.reshape(grad_output, (a.shape[0], b.shape[1]))
    da = b @ dout.T if "da_transposed" in mistakes else dout @ b.T
    db = dout.T @ a if "db_transposed" in mistakes else a.T @ dout
    return np.reshape(da, ctx.a_shape), np.reshape(db, ctx.b_shape)


def exp_backward(ctx, grad_output, *, mistakes=frozenset()):
    (out,) = ctx.saved_tensors
    local = np.exp(out) if "recomputed_exp_of_output" in mistakes else out
    return _upstream(grad_output, mistakes) * local


def log_backward(ctx, grad_output, *, mistakes=frozenset()):
    (x,) = ctx.saved_tensors
    g = _upstream(grad_output, mistakes)
    return g * x if "times_x" in mistakes else g / x


def sigmoid_backward(ctx, grad_output, *, mistakes=frozenset()):
    (out,) = ctx.saved_tensors
    s = 1.0 / (1.0 + np.exp(-out)) if "recomputed_from_output" in mistakes else out
    return _upstream(grad_output, mistakes) * (1.0 - s) * s


def relu_backward(ctx, grad_output, *, mistakes=frozenset()):
    (x,) = ctx.saved_tensors
    if "mask_on_upstream" in mistakes:
        return grad_output * (np.asarray(grad_output) > 0)
    mask = x >= 0 if "mask_ge_zero" in mistakes else x > 0
    return grad_output * mask


def tanh_backward(ctx, grad_output, *, mistakes=frozenset()):
    (out,) = ctx.saved_tensors
    t = np.tanh(out) if "recomputed_from_output" in mistakes else out
    local = 1.0 - t if "not_squared" in mistakes else 1.0 - t ** 2
    return grad_output * local


def pow_backward(ctx, grad_output, *, mistakes=frozenset()):
    (x,) = ctx.saved_tensors
    g = _upstream(grad_output, mistakes)
    p = ctx.p
    if "exponent_not_decremented" in mistakes:
        dx = g * p * x ** p
    elif "p_missing" in mistakes:
        dx = g * x ** (p - 1)
    else:
        dx = g * p * x ** (p - 1)
    return dx, None


def sum_backward(ctx, grad_output, *, mistakes=frozenset()):
    g = np.asarray(_upstream(grad_output, mistakes), dtype=np.float64)
    if ctx.axis is not None and not ctx.keepdims and "axis_not_restored" not in mistakes:
        g = np.expand_dims(g, ctx.axis)
    dx = np.broadcast_to(g, ctx.x_shape).copy()
    if ctx.x_shape == ():
        dx = float(dx)
    return dx, None, None


WRONG_VERSIONS = {G + name + ".backward": fn for name, fn in (
    ("AddGate", add_backward), ("MulGate", mul_backward), ("MaxGate", max_backward),
    ("MatMulGate", matmul_backward), ("ExpGate", exp_backward), ("LogGate", log_backward),
    ("SigmoidGate", sigmoid_backward), ("ReLUGate", relu_backward), ("TanhGate", tanh_backward),
    ("PowGate", pow_backward), ("SumGate", sum_backward))}


def _doc(gate, quote):
    return f'"{quote}" ({gate})'


_SHAPE = ('"Where numpy broadcasts an input in forward ... that input was copied, and copies add up in backward: '
          'unbroadcast sums the gradient back to the input\'s shape. Every gradient has exactly the shape of its '
          'input." (gates module)')
_CHAIN = '"downstream gradient = upstream gradient x local gradient" (gates module)'


def _no_unbroadcast(gate):
    return ("no_unbroadcast", "the gradient of a broadcast input is not summed back to its shape",
            f"In {gate}.forward numpy copied the smaller input along the broadcast axes; its gradient is the sum "
            "over those copies: return unbroadcast(grad, ctx.a_shape) and unbroadcast(grad, ctx.b_shape).",
            _SHAPE, "", ("da", "db"))


def _upstream_ignored(outputs):
    return ("upstream_ignored", "the local gradient is returned without multiplying by the upstream gradient",
            "Backward returns upstream gradient x local gradient: multiply the local gradient by grad_output.",
            _CHAIN, "", outputs)


def _recomputed(gate, fn, right):
    return ("recomputed_from_output", f"{fn} applied again to the saved output",
            f"ctx.saved_tensors holds the output {fn}(x) already: the local gradient is {right}, from the "
            f"saved output itself; applying {fn} to it computes the derivative at the wrong point.",
            _doc(gate, f"ctx: ``ctx.saved_tensors`` is ``(out,)``, the output {fn}(x) of forward."), "", ("dx",))


MISCONCEPTIONS = (
    mistakes_of(
        G + "AddGate.backward", _no_unbroadcast("AddGate"), _upstream_ignored(("da", "db")),
        ("same_shape_for_both", "both gradients are summed to a's shape",
         "Each input's gradient has that input's shape: db = unbroadcast(grad_output, ctx.b_shape).",
         _doc("AddGate", "db: dL/db, shaped like b."), "", ("db",)),
    )
    + mistakes_of(
        G + "MulGate.backward", _no_unbroadcast("MulGate"), _upstream_ignored(("da", "db")),
        ("not_swapped", "each input's gradient uses itself instead of the other input",
         "The mul gate swaps: d(a * b)/da = b and d(a * b)/db = a, so da = grad_output * b, db = grad_output * a.",
         _doc("MulGate", "Backward: the mul gate *swaps and scales*: a's local gradient is b, b's is a."), "",
         ("da", "db")),
    )
    + mistakes_of(
        G + "MaxGate.backward", _no_unbroadcast("MaxGate"),
        ("ties_full_to_both", "on a tie both inputs get the whole gradient",
         "At a == b the kit splits the gradient, half to each (the two gradients still add up to the upstream "
         "gradient): local gradients (a > b) + 0.5 * (a == b) and (b > a) + 0.5 * (a == b).",
         _doc("MaxGate", "On a tie (a == b) the gradient is split in half, 0.5 to each"), "", ("da", "db")),
        ("ties_to_a", "on a tie the whole gradient goes to a",
         "At a == b the kit splits the gradient in half between a and b instead of giving it to one input.",
         _doc("MaxGate", "On a tie (a == b) the gradient is split in half, 0.5 to each"), "", ("da", "db")),
        ("ties_to_neither", "on a tie neither input gets a gradient",
         "With a > b and b > a a tie gets 0 on both sides and the gradient is lost; the kit gives half to each.",
         _doc("MaxGate", "On a tie (a == b) the gradient is split in half, 0.5 to each"), "", ("da", "db")),
    )
    + mistakes_of(
        G + "MatMulGate.backward",
        ("da_transposed", "da computed as b @ dout.T (the transpose of the gradient)",
         "dL/da = dout @ b.T has a's shape (N, D); b @ dout.T is its transpose (D, N), which the final reshape "
         "silently scrambles.", _doc("MatMulGate", "it must have a's shape (N, D) and be a product of dout (N, M) "
                                     "with b (D, M): which transpose fits?"), "", ("da",)),
        ("db_transposed", "db computed as dout.T @ a (the transpose of the gradient)",
         "dL/db = a.T @ dout has b's shape (D, M); dout.T @ a is its transpose (M, D), which the final reshape "
         "silently scrambles.", _doc("MatMulGate", "db: dL/db, shaped like b (D, M), the same way."), "", ("db",)),
    )
    + mistakes_of(
        G + "ExpGate.backward", _upstream_ignored(("dx",)),
        ("recomputed_exp_of_output", "exp applied again to the saved output",
         "The saved tensor is out = exp(x), which already is the local gradient: dx = grad_output * out "
         "(exp(out) is exp(exp(x))).", _doc("ExpGate", "Local gradient: exp(x), which is the output itself."), "",
         ("dx",)),
    )
    + mistakes_of(
        G + "LogGate.backward", _upstream_ignored(("dx",)),
        ("times_x", "grad_output * x instead of grad_output / x",
         "d log(x)/dx = 1 / x: divide the upstream gradient by x.", _doc("LogGate", "Local gradient: 1 / x."), "",
         ("dx",)),
    )
    + mistakes_of(
        G + "SigmoidGate.backward", _upstream_ignored(("dx",)),
        _recomputed("SigmoidGate", "sigma", "(1 - out) * out"),
    )
    + mistakes_of(
        G + "ReLUGate.backward",
        ("mask_ge_zero", "the gradient at exactly x = 0 is taken as 1 (x >= 0)",
         "You pass the gradient where x >= 0, which some CS231n solutions do; this kit (like CS231n's "
         "relu_backward and PyTorch) takes 0 at exactly x = 0: mask with x > 0.",
         _doc("ReLUGate", "at exactly x == 0 we take 0, the convention of CS231n's ``relu_backward`` and of PyTorch"),
         "CS231n solutions that mask with x >= 0", ("dx",)),
        ("mask_on_upstream", "the mask is taken from the upstream gradient instead of x",
         "ReLU's local gradient depends on its input: dx = grad_output * (x > 0).",
         _doc("ReLUGate", "Local gradient: 1 where x > 0, else 0"), "", ("dx",)),
    )
    + mistakes_of(
        G + "TanhGate.backward",
        _recomputed("TanhGate", "tanh", "1 - out**2"),
        ("not_squared", "1 - out instead of 1 - out**2",
         "d tanh(x)/dx = 1 - tanh(x)**2: square the saved output.",
         _doc("TanhGate", "Local gradient: 1 - tanh(x)**2 = 1 - out**2."), "", ("dx",)),
    )
    + mistakes_of(
        G + "PowGate.backward", _upstream_ignored(("dx",)),
        ("exponent_not_decremented", "p * x**p instead of p * x**(p - 1)",
         "The power rule lowers the exponent by one: d x**p / dx = p * x**(p - 1).",
         _doc("PowGate", "Local gradient: p * x ** (p - 1)."), "", ("dx",)),
        ("p_missing", "x**(p - 1) without the factor p",
         "The power rule multiplies by the exponent: d x**p / dx = p * x**(p - 1).",
         _doc("PowGate", "Local gradient: p * x ** (p - 1)."), "", ("dx",)),
    )
    + mistakes_of(
        G + "SumGate.backward", _upstream_ignored(("dx",)),
        ("axis_not_restored", "the summed axis is not put back before broadcasting",
         "With keepdims=False the summed axis is gone from grad_output; np.broadcast_to then lines it up with "
         "the wrong axis (or fails). Put it back first: np.expand_dims(grad_output, ctx.axis).",
         _doc("SumGate", "hint: when the summed axis was dropped, put it back with np.expand_dims, then "
              "np.broadcast_to x's shape and copy"), "", ("dx",)),
    )
)

EXCLUSIVE = {
    G + "AddGate.backward": [{"no_unbroadcast", "same_shape_for_both"}],   # no unbroadcast: no shape to pick
    G + "SumGate.backward": [{"axis_not_restored", "upstream_ignored"}],   # ones look the same along any axis
    G + "MaxGate.backward": [{"ties_full_to_both", "ties_to_a", "ties_to_neither"}],
    G + "PowGate.backward": [{"exponent_not_decremented", "p_missing"}],
    G + "ReLUGate.backward": [{"mask_ge_zero", "mask_on_upstream"}],
    G + "TanhGate.backward": [{"recomputed_from_output", "not_squared"}],
}
