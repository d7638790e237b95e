"""Gates of a computational graph, with the forward/backward API of the lecture.

Each gate is a subclass of :class:`Function` with two static methods, as in PyTorch's
``torch.autograd.Function``:

- ``forward(ctx, *inputs)`` computes the output from the inputs and keeps in ``ctx``
  what backward will need (``ctx.save_for_backward(...)``, or plain attributes for
  shapes and constants).
- ``backward(ctx, grad_output)`` receives the upstream gradient dL/d(output) and returns
  the downstream gradients dL/d(input), one per input of ``forward`` (``None`` for a
  constant argument such as an exponent or an axis). A gate with a single input may
  return its gradient alone instead of a 1-tuple.

    downstream gradient = upstream gradient x local gradient

Inputs are Python floats or float64 numpy arrays. Where numpy broadcasts an input in
forward (a bias of shape (D,) added to scores of shape (N, D)), that input was copied,
and copies add up in backward: :func:`unbroadcast` sums the gradient back to the
input's shape. Every gradient has exactly the shape of its input.

You can call a gate by hand, stage by stage::

    ctx = Context()
    q = AddGate.forward(ctx, x, y)           # forward, remembering what backward needs
    dx, dy = AddGate.backward(ctx, dq)       # backward, given the upstream gradient dq

or put it into a graph of :class:`~cs231n_lib.graph.engine.Value` nodes with
``AddGate.apply(a, b)`` (what ``a + b`` does on Values).

Student parts: the backward of every gate.
"""
import numpy as np


class Context:
    """What a gate remembers between its forward and its backward pass.

    ``ctx.save_for_backward(a, b)`` stores arrays and ``ctx.saved_tensors`` gives them
    back as a tuple, in the same order. Other things (shapes, constants) can be kept as
    plain attributes: ``ctx.p = 2``.
    """

    def __init__(self):
        self._saved = ()

    def save_for_backward(self, *tensors):
        """Keep ``tensors`` (inputs or outputs of forward) for the backward pass."""
        self._saved = tensors

    @property
    def saved_tensors(self):
        """The tuple given to :meth:`save_for_backward`."""
        return self._saved


class Function:
    """Base class of the gates. Subclasses define static ``forward`` and ``backward``.

    ``SomeGate.apply(*inputs)`` runs the gate inside a graph: inputs that are
    :class:`~cs231n_lib.graph.engine.Value` nodes become the new node's parents; other
    inputs (an exponent, an axis) are constants passed through to ``forward`` as they are.
    It returns the output as a new ``Value`` that remembers the gate and its context.
    """

    op = "?"  # the short name shown in drawings of the graph

    @staticmethod
    def forward(ctx, *inputs):
        raise NotImplementedError("a gate must define forward(ctx, *inputs)")

    @staticmethod
    def backward(ctx, grad_output):
        raise NotImplementedError("a gate must define backward(ctx, grad_output)")

    @classmethod
    def name(cls, *inputs):
        """Short name of this gate for drawings (may depend on constant inputs)."""
        return cls.op

    @classmethod
    def apply(cls, *inputs):
        from .engine import Value  # engine imports this module: import here, not at the top

        ctx = Context()
        raw = [x.data if isinstance(x, Value) else x for x in inputs]
        out = cls.forward(ctx, *raw)
        return Value(out, _fn=cls, _ctx=ctx, _inputs=inputs, _op=cls.name(*raw))


def unbroadcast(grad, shape):
    """Sum ``grad`` down to ``shape``: the backward of numpy broadcasting.

    Broadcasting copies an input along some axes (new leading axes, or axes of length 1),
    and the gradient of a copy is the sum of the gradients of all copies (a copy gate).

    Inputs:
    - grad: A float or numpy array, the gradient with respect to the broadcast result.
    - shape: The shape of the input before broadcasting (``()`` for a float).

    Returns:
    - A float if ``shape == ()``, otherwise an array of shape ``shape``.

    Example: ``unbroadcast(np.ones((4, 3)), (3,))`` is ``array([4., 4., 4.])``.
    """
    shape = tuple(shape)
    if shape == ():
        return float(np.sum(grad))
    grad = np.asarray(grad, dtype=np.float64)
    while grad.ndim > len(shape):  # leading axes that broadcasting added
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):  # axes of length 1 that broadcasting stretched
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return np.broadcast_to(grad, shape).copy() if grad.shape != shape else grad


class AddGate(Function):
    """``out = a + b`` (numpy broadcasting allowed).

    Backward: the add gate *distributes* the upstream gradient to both inputs unchanged
    (local gradient 1), summed back to each input's shape with :func:`unbroadcast`.
    """

    op = "+"

    @staticmethod
    def forward(ctx, a, b):
        ctx.a_shape, ctx.b_shape = np.shape(a), np.shape(b)
        return a + b

    @staticmethod
    def backward(ctx, grad_output):
        """
        Inputs:
        - ctx: The context filled by forward: ``ctx.a_shape`` and ``ctx.b_shape`` are the
          shapes of a and b (``()`` for floats).
        - grad_output: Upstream gradient dL/d(out), a float or an array shaped like out.

        Returns a tuple of:
        - da: dL/da, shaped like a (use unbroadcast(..., ctx.a_shape)).
        - db: dL/db, shaped like b.
        """
        da, db = None, None
        ### BEGIN SOLUTION
        da = unbroadcast(grad_output, ctx.a_shape)
        db = unbroadcast(grad_output, ctx.b_shape)
        ### END SOLUTION
        return da, db


class MulGate(Function):
    """``out = a * b`` elementwise (numpy broadcasting allowed).

    Backward: the mul gate *swaps and scales*: a's local gradient is b, b's is a.
    """

    op = "*"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        ctx.a_shape, ctx.b_shape = np.shape(a), np.shape(b)
        return a * b

    @staticmethod
    def backward(ctx, grad_output):
        """
        Inputs:
        - ctx: ``ctx.saved_tensors`` is ``(a, b)``; ``ctx.a_shape``, ``ctx.b_shape`` their shapes.
        - grad_output: Upstream gradient dL/d(out), shaped like out.

        Returns a tuple of:
        - da: dL/da, shaped like a (sum broadcast axes back with unbroadcast).
        - db: dL/db, shaped like b.
        """
        da, db = None, None
        ### BEGIN SOLUTION
        a, b = ctx.saved_tensors
        da = unbroadcast(grad_output * b, ctx.a_shape)
        db = unbroadcast(grad_output * a, ctx.b_shape)
        ### END SOLUTION
        return da, db


class MaxGate(Function):
    """``out = maximum(a, b)`` elementwise (numpy broadcasting allowed).

    Backward: the max gate *routes* the upstream gradient to the larger input; the
    smaller input gets 0. On a tie (a == b) the gradient is split in half, 0.5 to each:
    max is not differentiable there, and the half split is the average of the two
    one-sided choices, keeps the sum of the gradients equal to the upstream gradient,
    treats a and b alike, and is what a centred numerical gradient measures at a tie.
    """

    op = "max"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        ctx.a_shape, ctx.b_shape = np.shape(a), np.shape(b)
        return np.maximum(a, b)

    @staticmethod
    def backward(ctx, grad_output):
        """
        Inputs:
        - ctx: ``ctx.saved_tensors`` is ``(a, b)``; ``ctx.a_shape``, ``ctx.b_shape`` their shapes.
        - grad_output: Upstream gradient dL/d(out), shaped like out.

        Returns a tuple of:
        - da: dL/da, shaped like a: the upstream gradient where a > b, 0 where a < b,
          half of it where a == b.
        - db: dL/db, shaped like b, the same way round.
        """
        da, db = None, None
        ### BEGIN SOLUTION
        a, b = ctx.saved_tensors
        local_a = (a > b) + 0.5 * (a == b)
        local_b = (b > a) + 0.5 * (a == b)
        da = unbroadcast(grad_output * local_a, ctx.a_shape)
        db = unbroadcast(grad_output * local_b, ctx.b_shape)
        ### END SOLUTION
        return da, db


class ExpGate(Function):
    """``out = exp(x)`` elementwise. Local gradient: exp(x), which is the output itself."""

    op = "exp"

    @staticmethod
    def forward(ctx, x):
        out = np.exp(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        """
        Inputs:
        - ctx: ``ctx.saved_tensors`` is ``(out,)``, the output of forward.
        - grad_output: Upstream gradient dL/d(out), shaped like x.

        Returns:
        - dx: dL/dx, shaped like x.
        """
        dx = None
        ### BEGIN SOLUTION
        (out,) = ctx.saved_tensors
        dx = grad_output * out
        ### END SOLUTION
        return dx


class LogGate(Function):
    """``out = log(x)`` elementwise (natural logarithm, x > 0). Local gradient: 1 / x."""

    op = "log"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.log(x)

    @staticmethod
    def backward(ctx, grad_output):
        """
        Inputs:
        - ctx: ``ctx.saved_tensors`` is ``(x,)``.
        - grad_output: Upstream gradient dL/d(out), shaped like x.

        Returns:
        - dx: dL/dx, shaped like x.
        """
        dx = None
        ### BEGIN SOLUTION
        (x,) = ctx.saved_tensors
        dx = grad_output / x
        ### END SOLUTION
        return dx


class PowGate(Function):
    """``out = x ** p`` elementwise, for a constant number ``p`` (``p = -1`` is the
    lecture's ``1/x`` gate). Local gradient: p * x ** (p - 1).

    ``p`` is a constant, not a node of the graph: it gets no gradient (``None``).
    """

    op = "pow"

    @classmethod
    def name(cls, x, p):
        return "1/x" if p == -1 else f"**{p:g}"

    @staticmethod
    def forward(ctx, x, p):
        if not np.isscalar(p):
            raise TypeError(f"PowGate needs a constant number as exponent, got {type(p).__name__}")
        ctx.save_for_backward(x)
        ctx.p = p
        return x ** p

    @staticmethod
    def backward(ctx, grad_output):
        """
        Inputs:
        - ctx: ``ctx.saved_tensors`` is ``(x,)``; ``ctx.p`` is the exponent.
        - grad_output: Upstream gradient dL/d(out), shaped like x.

        Returns a tuple of:
        - dx: dL/dx, shaped like x.
        - None: the exponent is a constant and gets no gradient.
        """
        dx = None
        ### BEGIN SOLUTION
        (x,) = ctx.saved_tensors
        dx = grad_output * ctx.p * x ** (ctx.p - 1)
        ### END SOLUTION
        return dx, None


class SigmoidGate(Function):
    """``out = sigma(x) = 1 / (1 + exp(-x))`` elementwise, as one fused gate.

    Local gradient: (1 - sigma(x)) * sigma(x), computed from the saved output alone,
    instead of backpropagating through the four small gates (*-1, exp, +1, 1/x) of the
    staged version.
    """

    op = "sigmoid"

    @staticmethod
    def forward(ctx, x):
        out = 0.5 * (1.0 + np.tanh(0.5 * x))  # equals 1 / (1 + exp(-x)), without overflow
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        """
        Inputs:
        - ctx: ``ctx.saved_tensors`` is ``(out,)``, the output sigma(x) of forward.
        - grad_output: Upstream gradient dL/d(out), shaped like x.

        Returns:
        - dx: dL/dx, shaped like x.
        """
        dx = None
        ### BEGIN SOLUTION
        (out,) = ctx.saved_tensors
        dx = grad_output * (1.0 - out) * out
        ### END SOLUTION
        return dx


class ReLUGate(Function):
    """``out = max(0, x)`` elementwise.

    Local gradient: 1 where x > 0, else 0 (at exactly x == 0 we take 0, the convention
    of CS231n's ``relu_backward`` and of PyTorch). The Jacobian is diagonal, so backward
    is a mask applied to the upstream gradient; the Jacobian is never built.
    """

    op = "relu"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.maximum(x, 0.0)

    @staticmethod
    def backward(ctx, grad_output):
        """
        Inputs:
        - ctx: ``ctx.saved_tensors`` is ``(x,)``.
        - grad_output: Upstream gradient dL/d(out), shaped like x.

        Returns:
        - dx: dL/dx, shaped like x.
        """
        dx = None
        ### BEGIN SOLUTION
        (x,) = ctx.saved_tensors
        dx = grad_output * (x > 0)
        ### END SOLUTION
        return dx


class TanhGate(Function):
    """``out = tanh(x)`` elementwise. Local gradient: 1 - tanh(x)**2 = 1 - out**2."""

    op = "tanh"

    @staticmethod
    def forward(ctx, x):
        out = np.tanh(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        """
        Inputs:
        - ctx: ``ctx.saved_tensors`` is ``(out,)``, the output tanh(x) of forward.
        - grad_output: Upstream gradient dL/d(out), shaped like x.

        Returns:
        - dx: dL/dx, shaped like x.
        """
        dx = None
        ### BEGIN SOLUTION
        (out,) = ctx.saved_tensors
        dx = grad_output * (1.0 - out ** 2)
        ### END SOLUTION
        return dx


class MatMulGate(Function):
    """``out = a @ b``, a matrix product with a of shape (N, D) and b of shape (D, M).

    A 1-D ``a`` of shape (D,) is treated as a row (1, D) and a 1-D ``b`` of shape (D,) as
    a column (D, 1), as numpy does; forward keeps both as 2-D matrices for backward, and
    backward reshapes the gradients to the original shapes for you.
    """

    op = "@"

    @staticmethod
    def forward(ctx, a, b):
        a2 = np.atleast_2d(a)  # (D,) -> (1, D)
        b2 = np.reshape(b, (-1, 1)) if np.ndim(b) == 1 else b  # (D,) -> (D, 1)
        if a2.ndim != 2 or b2.ndim != 2:
            raise ValueError(f"MatMulGate multiplies 1-D or 2-D arrays, got shapes {np.shape(a)} and {np.shape(b)}")
        ctx.save_for_backward(a2, b2)
        ctx.a_shape, ctx.b_shape = np.shape(a), np.shape(b)
        out = np.matmul(a, b)
        ctx.out_shape = np.shape(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        """
        Inputs:
        - ctx: ``ctx.saved_tensors`` is ``(a, b)`` as 2-D arrays of shapes (N, D) and (D, M).
        - grad_output: Upstream gradient dL/d(out); here reshaped for you to ``dout`` of
          shape (N, M).

        Returns a tuple of:
        - da: dL/da, shaped like a. Find it by dimension analysis: it must have a's shape
          (N, D) and be a product of dout (N, M) with b (D, M): which transpose fits?
        - db: dL/db, shaped like b (D, M), the same way.
        """
        a, b = ctx.saved_tensors
        dout = np.reshape(grad_output, (a.shape[0], b.shape[1]))
        da, db = None, None
        ### BEGIN SOLUTION
        da = dout @ b.T
        db = a.T @ dout
        ### END SOLUTION
        return np.reshape(da, ctx.a_shape), np.reshape(db, ctx.b_shape)


class SumGate(Function):
    """``out = x.sum(axis=axis, keepdims=keepdims)``; with ``axis=None`` the sum of all
    elements (a float).

    Backward: every element of x was copied into the sum with local gradient 1, so each
    gets the upstream gradient of the sum it went into (the add gate distributes).
    """

    op = "sum"

    @classmethod
    def name(cls, x, axis=None, keepdims=False):
        return "sum" if axis is None else f"sum(axis={axis})"

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False):
        ctx.x_shape, ctx.axis, ctx.keepdims = np.shape(x), axis, keepdims
        out = np.sum(x, axis=axis, keepdims=keepdims)
        return float(out) if np.ndim(out) == 0 else out

    @staticmethod
    def backward(ctx, grad_output):
        """
        Inputs:
        - ctx: ``ctx.x_shape`` is the shape of x; ``ctx.axis`` and ``ctx.keepdims`` are the
          arguments of the sum.
        - grad_output: Upstream gradient dL/d(out), shaped like out.

        Returns a tuple of:
        - dx: dL/dx, shaped like x (hint: when the summed axis was dropped, put it back
          with np.expand_dims, then np.broadcast_to x's shape and copy).
        - None, None: axis and keepdims are constants.
        """
        dx = None
        ### BEGIN SOLUTION
        g = np.asarray(grad_output, dtype=np.float64)
        if ctx.axis is not None and not ctx.keepdims:
            g = np.expand_dims(g, ctx.axis)
        dx = np.broadcast_to(g, ctx.x_shape).copy()
        if ctx.x_shape == ():
            dx = float(dx)
        ### END SOLUTION
        return dx, None, None
