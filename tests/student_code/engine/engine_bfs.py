"""A queue (breadth-first) instead of the reverse topological order."""
import numpy as np

PATH = "graph.engine.Value.backward"
EXPECT = ["bfs_order"]


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
    order, seen = [], set()

    def visit(v):
        if v in seen:
            return
        seen.add(v)
        for child in v._prev:
            visit(child)
        order.append(v)

    visit(self)
    for v in order:
        if v._prev:
            v.grad = _zeros_like(v.data)
    self.grad = self.grad + grad
    from collections import deque
    queue, queued = deque([self]), {self}
    while queue:
        v = queue.popleft()
        for parent, g in v._input_grads():
            parent.grad = parent.grad + g
            if parent not in queued:
                queued.add(parent)
                queue.append(parent)
