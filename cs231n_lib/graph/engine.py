"""A small autograd engine: :class:`Value` nodes that remember how they were computed.

Every operation on Values runs a gate of :mod:`cs231n_lib.graph.gates` through
``Gate.apply`` and returns a new Value that remembers the gate, its context and its
inputs. ``out.backward()`` then runs the chain rule backwards over the whole graph::

    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    f = (x + y) * z          # f.data == -12.0
    f.backward()             # x.grad == -4.0, y.grad == -4.0, z.grad == 3.0

A Value holds a float or a float64 numpy array (``.data``) and the gradient of the
output with respect to it (``.grad``, same shape, 0 until a backward pass).

Student part: the topological ordering and backward loop of :meth:`Value.backward`.
"""
import itertools

import numpy as np

from .gates import (AddGate, ExpGate, LogGate, MatMulGate, MaxGate, MulGate, PowGate,
                    ReLUGate, SigmoidGate, SumGate, TanhGate)


_serial = itertools.count()


def _as_data(x):
    """A float for scalars (and 0-d arrays), a float64 array otherwise."""
    if isinstance(x, (np.ndarray, list, tuple)):
        arr = np.array(x, dtype=np.float64)
        return float(arr) if arr.ndim == 0 else arr
    return float(x)


def _zeros_like(data):
    return 0.0 if np.ndim(data) == 0 else np.zeros_like(data)


class Value:
    """A node of a computational graph: a float or float64 array with its gradient.

    Attributes:
    - data: The value computed in the forward pass (float or numpy array).
    - grad: dL/d(data) after ``L.backward()``, same shape as data (0 before).
    - label: An optional name shown in drawings.
    - _prev: The Values this node was computed from (empty for inputs, "leaves").
    - _op: The name of the gate that computed it ("" for leaves).

    Operators ``+ - * / ** @``, unary ``-``, and the methods ``exp log tanh sigmoid relu
    sum`` build new nodes. Numbers and arrays mixed in (``2 * v``, ``v + b``) become leaf
    Values (constants); the exponent of ``**`` must be a plain number.
    """

    __array_ufunc__ = None  # numpy array op Value: let numpy defer to Value's reflected operators

    def __init__(self, data, label="", _fn=None, _ctx=None, _inputs=(), _op=""):
        self.data = _as_data(data)
        self.grad = _zeros_like(self.data)
        self.label = label
        self._fn = _fn  # the gate that computed this node (a Function subclass) or None
        self._ctx = _ctx  # that gate's context, filled by its forward
        self._inputs = tuple(_inputs)  # everything passed to the gate, constants included
        self._prev = tuple(x for x in self._inputs if isinstance(x, Value))
        self._op = _op
        self._serial = next(_serial)  # creation order, for stable drawings

    def __repr__(self):
        name = f"{self.label}: " if self.label else ""
        if np.ndim(self.data) == 0:
            return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"
        return f"Value({name}data=array{self.data.shape}, grad=array{np.shape(self.grad)})"

    @property
    def shape(self):
        return np.shape(self.data)

    # ---- building the graph -------------------------------------------------------
    def __add__(self, other):
        return AddGate.apply(self, _wrap(other))

    def __radd__(self, other):
        return AddGate.apply(_wrap(other), self)

    def __mul__(self, other):
        return MulGate.apply(self, _wrap(other))

    def __rmul__(self, other):
        return MulGate.apply(_wrap(other), self)

    def __neg__(self):
        return self * -1.0  # the lecture's "*-1" gate

    def __sub__(self, other):
        return self + (-_wrap(other))

    def __rsub__(self, other):
        return _wrap(other) + (-self)

    def __pow__(self, p):
        if isinstance(p, Value):
            raise TypeError("the exponent of ** must be a plain number, not a Value")
        return PowGate.apply(self, p)

    def __truediv__(self, other):
        return self * _wrap(other) ** -1

    def __rtruediv__(self, other):
        if np.isscalar(other) and other == 1:
            return self ** -1  # the lecture's "1/x" gate
        return _wrap(other) * self ** -1

    def __matmul__(self, other):
        return MatMulGate.apply(self, _wrap(other))

    def __rmatmul__(self, other):
        return MatMulGate.apply(_wrap(other), self)

    def exp(self):
        return ExpGate.apply(self)

    def log(self):
        return LogGate.apply(self)

    def tanh(self):
        return TanhGate.apply(self)

    def sigmoid(self):
        return SigmoidGate.apply(self)

    def relu(self):
        return ReLUGate.apply(self)

    def sum(self, axis=None, keepdims=False):
        return SumGate.apply(self, axis, keepdims)

    # ---- the backward pass --------------------------------------------------------
    def _input_grads(self):
        """Run this node's gate backward once, with this node's ``.grad`` as upstream.

        Returns a list of ``(parent, gradient)`` pairs, one per input that is a Value,
        in the order of the gate's inputs: a parent used twice (``a + a``) appears twice.
        Leaves return ``[]``. Checks each gradient has its parent's shape.
        """
        if self._fn is None:
            return []
        grads = self._fn.backward(self._ctx, self.grad)
        if not isinstance(grads, (tuple, list)):
            grads = (grads,)
        if grads and all(g is None for g in grads) and self._prev:
            raise ValueError(f"{self._fn.__name__}.backward returned only None: did it return its gradients?")
        pairs = []
        for inp, g in zip(self._inputs, grads):
            if not isinstance(inp, Value):
                continue
            if np.shape(g) != np.shape(inp.data):
                raise ValueError(
                    f"{self._fn.__name__}.backward returned a gradient of shape {np.shape(g)} for an "
                    f"input of shape {np.shape(inp.data)}: every gradient has its input's shape "
                    "(sum broadcast axes back with unbroadcast)")
            pairs.append((inp, g))
        return pairs

    def backward(self, grad=None):
        """Backpropagate from this node: fill ``.grad`` of every node it depends on.

        Visit the nodes in reverse topological order (a node only after every node that
        uses it), so that a node's gradient is complete before it is passed on; at a
        fork (a node used several times) the gradients from every use add up.

        Inputs:
        - grad: The upstream gradient dL/d(self), shaped like ``self.data``. Optional for a
          scalar output (then 1.0, i.e. L = self); required for a non-scalar output.

        What it does:
        1. Put the nodes of the graph in a topological order (each node after its inputs;
           a depth-first search that appends a node after visiting its ``_prev``).
        2. Reset ``.grad`` to zero on every non-leaf node (those with ``_prev``): they
           hold the gradient of the latest pass only. Leaves keep theirs.
        3. Add ``grad`` to ``self.grad``.
        4. In reverse topological order, for every node, add each ``(parent, g)`` of
           ``node._input_grads()`` to ``parent.grad``.

        A second ``backward()`` without ``zero_grad`` first adds the same gradients again
        to the leaves (so they double), as in PyTorch: call ``zero_grad(out)`` between
        passes, e.g. in every step of a training loop.
        """
        if grad is None:
            if np.ndim(self.data) != 0:
                raise ValueError(
                    f"backward() on an output of shape {np.shape(self.data)} needs an explicit upstream "
                    "gradient, e.g. out.backward(np.ones_like(out.data)), or reduce it first with .sum()")
            grad = 1.0
        grad = _as_data(grad)
        if np.shape(grad) != np.shape(self.data):
            raise ValueError(f"upstream gradient has shape {np.shape(grad)}, expected {np.shape(self.data)}")
        ### BEGIN SOLUTION
        topo, visited = [], set()

        def build(node):
            if node not in visited:
                visited.add(node)
                for parent in node._prev:
                    build(parent)
                topo.append(node)

        build(self)
        for node in topo:
            if node._prev:
                node.grad = _zeros_like(node.data)
        self.grad = self.grad + grad
        for node in reversed(topo):
            for parent, g in node._input_grads():
                parent.grad = parent.grad + g
        ### END SOLUTION

    def zero_grad(self):
        """Set ``.grad`` to zero on this node and every node it depends on."""
        zero_grad(self)


def _wrap(x):
    return x if isinstance(x, Value) else Value(x, label=_const_label(x))


def _const_label(x):
    return f"{x:g}" if np.isscalar(x) else "const"


def maximum(a, b):
    """Elementwise maximum of two Values (or numbers), through the max gate."""
    return MaxGate.apply(_wrap(a), _wrap(b))


def nodes(value):
    """Every node of the graph that ``value`` depends on, itself included (any order)."""
    seen, stack, out = set(), [value], []
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        out.append(node)
        stack.extend(node._prev)
    return out


def zero_grad(*values):
    """Set ``.grad`` to zero on the given Values and on every node they depend on."""
    for value in values:
        for node in nodes(value):
            node.grad = _zeros_like(node.data)
