"""Pictures of computational graphs: each node with its operation, its forward value
(blue) and its gradient (vermillion), as on the lecture slides, and the backward pass step by
step.

Drawn with matplotlib alone (no Graphviz): nodes are placed in layers by their longest
path from the inputs, and the order inside each layer is improved by a few barycentre
sweeps so that few edges cross. The result is a matplotlib Figure, which Jupyter shows
inline and keeps as a PNG in executed notebooks and feedback HTML.

Given code: nothing here is a student task.
"""
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .engine import nodes as _graph_nodes

from ..figures import describe
from ..palette import OKABE_ITO

# Okabe–Ito colours, told apart with every common colour-vision deficiency (not red against green).
VALUE_COLOR = OKABE_ITO["blue"]  # forward values
GRAD_COLOR = OKABE_ITO["vermillion"]  # gradients
ACTIVE_COLOR = OKABE_ITO["reddish purple"]  # the node being processed
BOX_W, BOX_H = 1.0, 0.62  # node box, in layout units
DX, DY = 1.9, 0.95  # spacing of layers and of rows


class GraphFigure(Figure):
    """A matplotlib Figure that displays itself as a PNG in Jupyter (it is not managed
    by pyplot, so it is shown once, and only where it is the result of a cell)."""

    def _repr_png_(self):
        buf = io.BytesIO()
        self.savefig(buf, format="png", dpi=110, bbox_inches="tight")
        return buf.getvalue()


def _new_figure(width, height):
    fig = GraphFigure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


def fmt(x):
    """Short text for a float or an array: the numbers if few, else shape and norm."""
    if x is None:
        return "?"
    if np.ndim(x) == 0:
        return f"{float(x):.4g}"
    x = np.asarray(x)
    if x.size <= 4:
        return np.array2string(x.ravel() if x.ndim == 1 else x, precision=3, separator=",",
                               suppress_small=True).replace("\n", "")
    return f"{x.shape} |.|={np.linalg.norm(x):.3g}"


def node_title(node):
    """The first line of a node's box: its label and/or its operation."""
    if node._op and node.label:
        return f"{node.label} = {node._op}"
    return node.label or node._op or "input"


def layout(value):
    """Positions of the nodes of the graph of ``value``.

    Returns:
    - order: The nodes, inputs first, each after all of its inputs.
    - pos: A dict node -> (x, y) in layout units; the output is on the right.
    """
    all_nodes = _graph_nodes(value)
    layer = {}

    def depth(node):  # longest path from an input (iterative, for deep graphs)
        stack = [node]
        while stack:
            top = stack[-1]
            todo = [p for p in top._prev if p not in layer]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            layer[top] = 1 + max((layer[p] for p in top._prev), default=-1)
        return layer[node]

    for node in all_nodes:
        depth(node)
    # Inputs used only further right are drawn one layer before their first use.
    users = {node: [] for node in all_nodes}
    for node in all_nodes:
        for p in node._prev:
            users[p].append(node)
    for node in all_nodes:
        if not node._prev and users[node]:
            layer[node] = min(layer[u] for u in users[node]) - 1
    n_layers = max(layer.values()) + 1
    layers = [[] for _ in range(n_layers)]
    for node in sorted(all_nodes, key=lambda n: (layer[n], id(n))):
        layers[layer[node]].append(node)
    # Start from the order in which inputs were created, then barycentre sweeps.
    for row in layers:
        row.sort(key=lambda n: getattr(n, "_serial", 0))
    rank = {}

    def renumber():
        for row in layers:
            for i, n in enumerate(row):
                rank[n] = i - (len(row) - 1) / 2

    renumber()
    for _ in range(4):
        for li in range(1, n_layers):  # left to right: mean position of the inputs
            layers[li].sort(key=lambda n: np.mean([rank[p] for p in n._prev]) if n._prev else rank[n])
            renumber()
        for li in range(n_layers - 2, -1, -1):  # right to left: mean position of the users
            layers[li].sort(key=lambda n: np.mean([rank[u] for u in users[n]]) if users[n] else rank[n])
            renumber()
    pos = {n: (layer[n] * DX, -rank[n] * DY) for n in all_nodes}
    order = sorted(all_nodes, key=lambda n: layer[n])
    return order, pos


def backward_steps(value):
    """The nodes with a gate, in the order a backward pass may process them (the output
    first, each node after every node that uses it)."""
    order, _ = layout(value)
    return [n for n in reversed(order) if n._prev]


def _draw(ax, value, step=None, title=None):
    order, pos = layout(value)
    steps = backward_steps(value)
    active, done, contributions = None, set(order), {}
    if step is not None:
        if not 0 <= step < len(steps):
            raise ValueError(f"step must be in 0..{len(steps) - 1} for this graph of {len(steps)} gates, got {step}")
        active = steps[step]
        # A gradient is final once every node that uses it has been processed.
        processed = set(steps[: step + 1])
        done = {n for n in order if n is value or all(u in processed for u in order if n in u._prev)}
        for k, (parent, g) in enumerate(active._input_grads()):
            contributions[(parent, k)] = g
    # Edges first, under the boxes. A parent used twice gets two bent edges.
    edge_index = {}
    for node in order:
        seen = {}
        for k, parent in enumerate(node._prev):
            seen[parent] = seen.get(parent, 0) + 1
            dup = node._prev.count(parent) > 1
            rad = (0.25 if seen[parent] == 1 else -0.25) if dup else 0.0
            (x0, y0), (x1, y1) = pos[parent], pos[node]
            is_active = node is active
            arrow = FancyArrowPatch((x0 + BOX_W / 2, y0), (x1 - BOX_W / 2, y1), arrowstyle="-|>",
                                    mutation_scale=12, connectionstyle=f"arc3,rad={rad}",
                                    color=ACTIVE_COLOR if is_active else "#555555",
                                    lw=2.0 if is_active else 1.0, zorder=1)
            ax.add_patch(arrow)
            edge_index[(node, k)] = parent
            if is_active:
                g = contributions.get((parent, k))
                up = active.grad
                local = None
                if np.ndim(up) == 0 and np.ndim(g) == 0 and up != 0:
                    local = float(g) / float(up)
                text = (f"{fmt(up)} x {fmt(local)} = {fmt(g)}" if local is not None
                        else f"downstream {fmt(g)}")
                xm = (x0 + x1) / 2
                ym = (y0 + y1) / 2 + (0.18 if rad >= 0 else -0.18)
                ax.text(xm, ym, text, ha="center", va="center", fontsize=7, color=GRAD_COLOR,
                        zorder=4, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec=ACTIVE_COLOR, lw=0.8))
    for node in order:
        x, y = pos[node]
        is_active = node is active
        box = FancyBboxPatch((x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H, boxstyle="round,pad=0.02",
                             fc="#fff3e0" if is_active else ("#eef2f7" if node._prev else "white"),
                             ec=ACTIVE_COLOR if is_active else "#333333", lw=2.5 if is_active else 1.0,
                             zorder=2, gid="graph-node")
        ax.add_patch(box)
        ax.text(x, y + 0.17, node_title(node), ha="center", va="center", fontsize=8.5,
                fontweight="bold", zorder=3)
        ax.text(x, y, fmt(node.data), ha="center", va="center", fontsize=8, color=VALUE_COLOR, zorder=3)
        grad_text = fmt(node.grad) if node in done else "grad ?"
        ax.text(x, y - 0.17, grad_text, ha="center", va="center", fontsize=8, color=GRAD_COLOR, zorder=3)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - BOX_W, max(xs) + BOX_W)
    ax.set_ylim(min(ys) - BOX_H - 0.2, max(ys) + BOX_H + 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    if title is None:
        title = "values (blue) and gradients (vermillion)" if step is None else (
            f"backward step {step + 1}/{len(steps)}: node '{node_title(active)}', "
            "edges: upstream x local = downstream")
    ax.set_title(title, fontsize=9)
    return len(order)


def _step_phrase(steps, step):
    active = steps[step]
    sent = ", ".join(f"{fmt(g)} to '{node_title(parent)}'" for parent, g in active._input_grads())
    return (f"backward step {step + 1} of {len(steps)}: node '{node_title(active)}' with gradient "
            f"{fmt(active.grad)} sends {sent}")


def graph_description(value, step=None):
    """The drawing of :func:`draw` in words: every node with its value and gradient (and, for a
    step of the backward pass, what the node being processed sends to its inputs)."""
    order, _ = layout(value)
    grad = "gradient" if step is None else "final gradient"
    nodes = "; ".join(f"'{node_title(n)}' value {fmt(n.data)}, {grad} {fmt(n.grad)}" for n in order)
    text = f"Computational graph of {len(order)} nodes, inputs first: {nodes}."
    if step is not None:
        text += " Highlighted: " + _step_phrase(backward_steps(value), step) + "."
    return text


def _size(value):
    order, pos = layout(value)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    width = (max(xs) - min(xs) + 2 * BOX_W) * 1.05 + 0.5
    height = (max(ys) - min(ys) + 2 * BOX_H) * 1.05 + 0.6
    return max(width, 3.0), max(height, 1.8)


def draw(value, step=None, title=None):
    """Draw the graph that computed ``value``: every node with its operation (black),
    forward value (blue) and gradient (vermillion).

    Inputs:
    - value: The output Value of the graph (call ``value.backward()`` first to see gradients).
    - step: None for the whole graph; an int i to show step i of the backward pass (0 is
      the output's gate): the node being processed is highlighted, the edges to its inputs
      read "upstream x local = downstream", and gradients not yet complete show "grad ?".
    - title: Optional title.

    Returns:
    - A matplotlib Figure (shown inline by Jupyter when it is a cell's result).
    """
    width, height = _size(value)
    fig = _new_figure(width, height)
    ax = fig.add_axes([0.01, 0.01, 0.98, 0.9])
    _draw(ax, value, step=step, title=title)
    return describe(fig, (f"{title}. " if title else "") + graph_description(value, step))


def draw_backward_steps(value, max_steps=None):
    """All the steps of the backward pass of ``value`` in one figure, one panel per step
    (see :func:`draw` with ``step``). Call ``value.backward()`` first.

    Returns:
    - A matplotlib Figure.
    """
    steps = backward_steps(value)
    n = len(steps) if max_steps is None else min(max_steps, len(steps))
    width, height = _size(value)
    fig = _new_figure(width, height * n)
    for i in range(n):
        ax = fig.add_axes([0.01, 1 - (i + 1) / n + 0.01, 0.98, 0.9 / n])
        _draw(ax, value, step=i)
    return describe(fig, f"The backward pass in {n} panels, one per step. " + graph_description(value) + " "
                         + "; ".join(_step_phrase(steps, i) for i in range(n)) + ".")
