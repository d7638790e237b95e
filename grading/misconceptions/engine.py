"""Misconceptions of ``graph/engine.py``: ``Value.backward`` (topological order, accumulation at
forks, which gradients are reset)."""
from collections import deque

import numpy as np

from .base import lazy, mistakes_of

BACKWARD = "graph.engine.Value.backward"


def backward(self, grad=None, *, mistakes=frozenset()):
    m = mistakes
    E = lazy("graph.engine")
    if grad is None:
        if np.ndim(self.data) != 0:
            raise ValueError("backward() on a non-scalar output needs an explicit upstream gradient")
        grad = 1.0
    grad = E._as_data(grad)
    if np.shape(grad) != np.shape(self.data):
        raise ValueError(f"upstream gradient has shape {np.shape(grad)}, expected {np.shape(self.data)}")

    def send(parent, g):
        parent.grad = g if "assign_not_accumulate" in m else parent.grad + g

    topo, visited = [], set()

    def build(node):
        if node not in visited:
            visited.add(node)
            for parent in node._prev:
                build(parent)
            topo.append(node)

    build(self)
    for node in topo:
        if "grads_not_reset" in m:
            continue
        if node._prev or "leaves_reset" in m:
            node.grad = E._zeros_like(node.data)
    self.grad = self.grad + grad
    if "no_topological_order" in m:
        def propagate(node):  # passes each partial gradient on at once, before the node's total is known
            for parent, g in node._input_grads():
                send(parent, g)
                propagate(parent)
        propagate(self)
    elif "bfs_order" in m:
        queue, seen = deque([self]), {self}
        while queue:
            node = queue.popleft()
            for parent, g in node._input_grads():
                send(parent, g)
                if parent not in seen:
                    seen.add(parent)
                    queue.append(parent)
    else:
        for node in (topo if "topo_not_reversed" in m else reversed(topo)):
            for parent, g in node._input_grads():
                send(parent, g)


WRONG_VERSIONS = {BACKWARD: backward}

_ORDER = ('"Visit the nodes in reverse topological order (a node only after every node that uses it), so that a '
          'node\'s gradient is complete before it is passed on" (Value.backward)')
_RESET = ('"Reset .grad to zero on every non-leaf node (those with _prev): they hold the gradient of the latest '
          'pass only. Leaves keep theirs." (Value.backward)')

MISCONCEPTIONS = mistakes_of(
    BACKWARD,
    ("assign_not_accumulate", "gradients overwritten (=) instead of accumulated (+=) at a fork",
     "A node used several times gets the sum of the gradients from every use: parent.grad += g (parent.grad = "
     "parent.grad + g), never parent.grad = g.", '"at a fork (a node used several times) the gradients from every '
     'use add up" (Value.backward)', "", ("grad",)),
    ("no_topological_order", "each partial gradient passed on at once (recursion without topological order)",
     "A recursive backward that calls itself on a parent as soon as it receives one gradient passes on an "
     "incomplete gradient, and passes it again for each later use. Sort the nodes topologically first, then "
     "visit each once, in reverse order.", _ORDER, "", ("grad",)),
    ("bfs_order", "nodes visited breadth-first instead of in reverse topological order",
     "Breadth-first order can reach a node through a short path before a longer path has delivered its "
     "gradient; visit the nodes in reverse topological order (a depth-first sort) so each is complete first.",
     _ORDER, "", ("grad",)),
    ("topo_not_reversed", "the topological order walked forwards (inputs first)",
     "The topological order puts each node after its inputs; backpropagation needs the reverse: "
     "for node in reversed(topo).", '"In reverse topological order, for every node, add each (parent, g) ..." '
     '(Value.backward)', "", ("grad",)),
    ("grads_not_reset", "non-leaf gradients are not reset at the start of backward",
     "Intermediate nodes hold the gradient of the latest pass only: reset them to zero first, or a second "
     "backward() adds the old intermediate gradients again and the leaves get more than twice.", _RESET, "",
     ("grad",)),
    ("leaves_reset", "the leaves' gradients are reset too",
     "Only non-leaf nodes are reset; leaves keep their gradient, so a second backward() without zero_grad adds "
     "to it (it doubles), as in PyTorch.", '"A second backward() without zero_grad first adds the same gradients '
     'again to the leaves (so they double), as in PyTorch" (Value.backward)', "", ("grad",)),
)

EXCLUSIVE = {
    # with = instead of +=, a leaf's old gradient is overwritten anyway: resetting it changes nothing
    BACKWARD: [{"no_topological_order", "bfs_order", "topo_not_reversed"}, {"grads_not_reset", "leaves_reset"},
               {"assign_not_accumulate", "leaves_reset"}],
}
