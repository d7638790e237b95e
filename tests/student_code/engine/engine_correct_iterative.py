"""An iterative depth-first sort with an explicit stack, then += in reverse order."""
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
    topo, visited = [], set()
    stack = [(self, False)]
    while stack:
        node, done = stack.pop()
        if done:
            topo.append(node)
            continue
        if node in visited:
            continue
        visited.add(node)
        stack.append((node, True))
        for parent in node._prev:
            if parent not in visited:
                stack.append((parent, False))
    for node in topo:
        if node._prev:
            node.grad = _zeros_like(node.data)
    self.grad += grad
    for node in reversed(topo):
        for parent, g in node._input_grads():
            parent.grad += g
