"""micrograd without the sort: recursion that passes each gradient on at once, no reset."""
import numpy as np

PATH = "graph.engine.Value.backward"
EXPECT = ["no_topological_order", "grads_not_reset"]


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
    self.grad = self.grad + grad

    def _backprop(node):
        for parent, g in node._input_grads():
            parent.grad = parent.grad + g
            _backprop(parent)

    _backprop(self)
