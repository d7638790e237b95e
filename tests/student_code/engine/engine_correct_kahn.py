"""Kahn's algorithm: a node is processed once all its users have passed their gradient."""
import numpy as np

PATH = "graph.engine.Value.backward"
EXPECT = "correct"


def backward(self, grad=None):
    if grad is None:
        if np.ndim(self.data) != 0:
            raise ValueError(
                f"backward() on an output of shape {np.shape(self.data)} needs an explicit upstream "
                "gradient, e.g. out.backward(np.ones_like(out.data)), or reduce it first with .sum()")
        grad = 1.0
    grad = _as_data(grad)
    if np.shape(grad) != np.shape(self.data):
        raise ValueError(f"upstream gradient has shape {np.shape(grad)}, expected {np.shape(self.data)}")
    nodes, stack, seen = [], [self], {self}
    while stack:
        node = stack.pop()
        nodes.append(node)
        for parent in node._prev:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    pending = {node: 0 for node in nodes}
    for node in nodes:
        for parent in node._prev:
            pending[parent] += 1
    for node in nodes:
        if node._prev:
            node.grad = _zeros_like(node.data)
    self.grad = self.grad + grad
    ready = [self]
    while ready:
        node = ready.pop()
        for parent, g in node._input_grads():
            parent.grad = parent.grad + g
            pending[parent] -= 1
            if pending[parent] == 0:
                ready.append(parent)
