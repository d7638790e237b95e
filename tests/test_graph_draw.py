"""draw() and draw_backward_steps(): figures with one box per node, the right labels, values
and gradients, highlighted steps, and PNG output without pyplot or Graphviz."""
import numpy as np
import pytest
from matplotlib.figure import Figure

from cs231n_lib.graph import Value, draw, draw_backward_steps
from cs231n_lib.graph.draw import backward_steps, layout
from cs231n_lib.graph.engine import nodes


def boxes(ax):
    return [p for p in ax.patches if p.get_gid() == "graph-node"]


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def circuit():
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    q = x + y
    q.label = "q"
    f = q * z
    f.label = "f"
    f.backward()
    return f


def test_draw_circuit_nodes_labels_values_grads():
    f = circuit()
    fig = draw(f)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 1 and len(boxes(fig.axes[0])) == 5
    t = texts(fig)
    for label in ["x", "y", "z", "q = +", "f = *"]:
        assert label in t
    for number in ["-12", "3", "-4", "1"]:
        assert number in t
    png = fig._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_layout_is_layered_output_rightmost():
    f = circuit()
    order, pos = layout(f)
    assert len(order) == 5 and order[-1] is f
    for node in order:
        for parent in node._prev:
            assert pos[parent][0] < pos[node][0]
    assert pos[f][0] == max(p[0] for p in pos.values())


def test_steps_highlight_and_edge_labels():
    f = circuit()
    steps = backward_steps(f)
    assert [n._op for n in steps] == ["*", "+"]
    fig = draw(f, step=0)
    t = texts(fig)
    assert "1 x 3 = 3" in t and "1 x -4 = -4" in t
    assert t.count("grad ?") == 2  # x and y wait for the add gate
    fig = draw_backward_steps(f)
    assert len(fig.axes) == 2
    assert "-4 x 1 = -4" in texts(fig)
    with pytest.raises(ValueError, match="step must be"):
        draw(f, step=2)


def test_reuse_and_arrays():
    a = Value(3.0, label="a")
    b = a + a
    b.backward()
    fig = draw(b)
    assert len(boxes(fig.axes[0])) == 2
    arrows = [p for p in fig.axes[0].patches if p.get_gid() != "graph-node"]
    assert len(arrows) == 2  # one edge per use of a
    W = Value(np.ones((3, 4)), label="W")
    out = (Value(np.ones((2, 3))) @ W).relu().sum()
    out.backward()
    fig = draw(out)
    assert len(boxes(fig.axes[0])) == len(nodes(out)) == 5
    assert any("(3, 4)" in s for s in texts(fig))


def test_sigmoid_neuron_picture():
    w0, x0, w1, x1, w2 = (Value(v, label=n) for v, n in zip([2.0, -1.0, -3.0, -2.0, -3.0], ["w0", "x0", "w1", "x1", "w2"]))
    out = 1 / (1 + (-(w0 * x0 + w1 * x1 + w2)).exp())
    out.backward()
    assert [n._op for n in backward_steps(out)][:4] == ["1/x", "+", "exp", "*"]
    assert len(backward_steps(out)) == 8  # the lecture's eight gates
    fig = draw(out, step=2)
    assert any(s.startswith("-0.5344 x 0.3679") for s in texts(fig))
