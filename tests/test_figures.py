"""cs231n_lib.figures: every figure is shown with a text description (alt text) and closed."""
import base64
import html
import re
import struct

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.utils.capture import capture_output  # noqa: E402

from cs231n_lib import figures  # noqa: E402

from .conftest import ROOT  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"


def _figure():
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([2.3, 1.9, 1.45])
    return fig


@pytest.fixture
def shell():
    return InteractiveShell.instance()


def test_show_publishes_png_html_and_text_with_the_description_and_closes(shell):
    fig = figures.describe(_figure(), 'Training loss falls from 2.30 to 1.45 "fast" <3 steps>',
                           summary="loss 2.30 -> 1.45")
    with capture_output() as captured:
        figures.show(fig)
    assert not plt.fignum_exists(fig.number)
    (out,) = captured.outputs
    text = 'Training loss falls from 2.30 to 1.45 "fast" <3 steps>'
    assert out.metadata["image/png"]["alt"] == text
    assert out.data["text/plain"] == text
    assert base64.b64decode(out.data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert f'alt="{html.escape(text)}"' in out.data["text/html"]
    assert "".join(out.data["text/html"].split('base64,')[1].split('"')[0].split()) == out.data["image/png"]
    assert captured.stdout == "loss 2.30 -> 1.45\n"


def test_an_explicit_description_wins_and_whitespace_is_one_line(shell):
    fig = figures.describe(_figure(), "attached")
    with capture_output() as captured:
        figures.show(fig, "given\n  here")
    assert captured.outputs[0].metadata["image/png"]["alt"] == "given here"
    assert captured.stdout == ""


def test_a_figure_without_description_is_refused_and_closed(shell):
    fig = _figure()
    with capture_output() as captured, pytest.raises(ValueError, match="no text description"):
        figures.show(fig)
    assert captured.outputs == []
    assert not plt.fignum_exists(fig.number)


def test_a_large_figure_keeps_the_png_with_alt_metadata_only(monkeypatch):
    monkeypatch.setattr(figures, "HTML_IMAGE_LIMIT", 10)
    data, metadata = figures.figure_output(_figure(), "small")
    assert "text/html" not in data and metadata["image/png"]["alt"] == "small"
    plt.close("all")


def test_a_large_figure_keeps_its_png_and_gets_a_smaller_html_copy_of_the_same_size(monkeypatch):
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.imshow(np.random.default_rng(0).random((200, 300)), interpolation="none")   # noise: a large PNG
    natural, _ = figures.figure_output(fig, "natural")
    monkeypatch.setattr(figures, "HTML_IMAGE_LIMIT", len(natural["image/png"]) // 2)
    data, metadata = figures.figure_output(fig, "smaller")
    plt.close(fig)
    assert data["image/png"] == natural["image/png"]          # the PNG keeps its resolution
    size = 'width="{}" height="{}"'.format(*struct.unpack(">II", base64.b64decode(data["image/png"][:32])[16:24]))
    copy = data["text/html"]
    assert copy.startswith('<img src="data:image/jpeg;base64,') and size in copy and 'alt="smaller"' in copy
    assert len("".join(copy.split("base64,")[1].split('"')[0].split())) <= figures.HTML_IMAGE_LIMIT


def test_outside_ipython_the_description_is_printed(monkeypatch, capsys):
    monkeypatch.setattr(figures, "_ipython_shell", lambda: None)
    fig = figures.describe(_figure(), "three points", summary="the last is 1.45")
    figures.show(fig)
    assert capsys.readouterr().out == "[figure] three points\nthe last is 1.45\n"
    assert not plt.fignum_exists(fig.number)


def test_the_notebook_runner_flags_a_figure_without_alt_text_and_accepts_show(shell):
    import nbformat

    from .notebook_runner import output_problems
    fig = _figure()
    with capture_output() as captured:
        figures.show(fig, "three points falling")
    shown = nbformat.v4.new_output("display_data", data=captured.outputs[0].data,
                                   metadata=captured.outputs[0].metadata)
    bare = nbformat.v4.new_output("display_data", data={"image/png": shown.data["image/png"], "text/plain": "<Figure>"})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("show()", outputs=[shown]),
                                         nbformat.v4.new_code_cell("plt.show()", outputs=[bare])])
    problems = output_problems(nb)
    assert len(problems) == 1 and problems[0].startswith("cell 1 (?): a figure without a text description")


FIGURE_MAKERS = re.compile(r"plt\.(figure|subplots)\(|\bfig = [a-z_]*vis\.|\bdraw(_backward_steps)?\(")


def figure_cells_without_show(notebook_path):
    """Code cells of a notebook that make a figure but do not show it with figures.show (the test
    runs use the Agg backend, where a plt.show() figure leaves no output to check)."""
    import nbformat

    nb = nbformat.read(notebook_path, as_version=4)
    bad = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if "plt.show(" in cell.source or (FIGURE_MAKERS.search(cell.source) and not re.search(r"^\s*show\(", cell.source, re.M)):
            bad.append(f"{notebook_path.name} cell {index} ({cell.metadata.get('nbgrader', {}).get('grade_id', '?')})")
    return bad


def test_every_notebook_figure_is_shown_with_its_description():
    bad = [cell for path in sorted(NOTEBOOKS.glob("*.ipynb")) for cell in figure_cells_without_show(path)]
    assert not bad, ("these cells show a figure without cs231n_lib.figures.show (no text description): "
                     + ", ".join(bad))


def _plots():
    """Every plotting function of the kit, called on small data, with a number its description must say."""
    from cs231n_lib import feature_vis, nn_vis, vis
    from cs231n_lib.graph import Value, draw, draw_backward_steps

    rng = np.random.default_rng(0)
    images, labels = rng.uniform(0, 255, (6, 8, 8, 3)), np.array([0, 1, 2, 0, 1, 2])
    hist = rng.dirichlet(np.ones(5), size=6)
    x = Value(-2.0, label="x"); f = (x + Value(5.0, label="y")) * Value(-4.0, label="z"); f.backward()

    class Net:
        def loss(self, X):
            return np.stack([X[:, 0], -X[:, 0]], axis=1)
    yield vis.show_image_grid(images, labels, ["a", "b", "c"], samples_per_class=2), "3 classes"
    yield vis.show_class_templates(rng.standard_normal((193, 3)), (8, 8, 3), ["a", "b", "c"]), "3 classes"
    yield vis.plot_loss_curve([2.3, 1.9, 1.45]), "from 2.3 to 1.45 over 3 iterations"
    yield vis.plot_cross_validation([1, 3], {1: [0.2, 0.3], 3: [0.4, 0.5]}), "45.0 % (standard deviation 5.0) at k = 3"
    yield vis.plot_hyperparameter_grid({(1e-3, 0.1): (0.5, 0.4), (1e-2, 0.1): (0.6, 0.55)}), "55.0 % at learning rate 0.01"
    yield nn_vis.plot_activation_functions(np.linspace(-1, 1, 5), {"relu": (np.maximum(0, np.linspace(-1, 1, 5)),
                                                                           (np.linspace(-1, 1, 5) > 0) * 1.0)}), "largest df/dx 1"
    yield nn_vis.plot_gradient_magnitudes({"tanh": [1e-3, 1e-1]}, ["W1", "W2"]), "W1 0.001"
    yield nn_vis.plot_dead_units({"relu": [0.1, 0.5]}, every=10), "50 % after 10 iterations"
    yield nn_vis.plot_accuracy_curves({"run": ([0.3, 0.6], [0.2, 0.4])}), "from 20.0 % to 40.0 %"
    yield nn_vis.plot_loss_histories({"sgd": [2.0, 1.0, 0.5]}), "from 2 to 0.5 over 3 iterations"
    yield nn_vis.plot_optimizer_paths(lambda a, b: a ** 2 + b ** 2, {"sgd": np.array([[1.0, 1.0], [0.0, 0.0]])},
                                      (-2, 2), (-2, 2), minimum=(0, 0)), "ending at loss 0"
    yield nn_vis.plot_size_reg_grid({(5, 0.0): 0.3, (50, 0.0): 0.5}), "Best: 50.0 % with 50 units"
    yield nn_vis.show_first_layer_weights(rng.standard_normal((192, 4)), (8, 8, 3)), "first 4 of 4 hidden units"
    yield nn_vis.plot_decision_regions({"net": Net()}, np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([0, 1])), "net: 100%"
    yield feature_vis.plot_feature_transform(rng.standard_normal((4, 2)), np.array([0, 0, 1, 1]),
                                             rng.standard_normal((4, 2)), (0.5, 1.0)), "50% of them right on the left"
    yield feature_vis.show_color_histograms(images[:2], hist[:2], "hue", titles=["a", "b"]), "a: fullest bin"
    yield feature_vis.plot_class_histograms(hist, labels, ["a", "b", "c"], "hue"), "3 classes"
    yield feature_vis.show_gradients(images[:2, :, :, 0], np.ones((2, 8, 8)), np.zeros((2, 8, 8))), "largest gradient magnitude 1"
    yield feature_vis.show_hog(images[:1], rng.uniform(size=(1, 2, 2, 9)), 4), "2 x 2 cells"
    yield feature_vis.plot_cell_histogram(np.array([1.0, 3.0, 0.0])), "the tallest is 60 to 120 degrees"
    yield feature_vis.show_visual_words(rng.standard_normal((3, 12)), (2, 2, 3), counts=np.array([5, 9, 1])), "(9 patches)"
    yield feature_vis.show_word_histograms(images[:2], hist[:2]), "5 visual words"
    yield feature_vis.plot_inertia([3.0, 2.0, 1.5]), "from 3 to 1.5 over 3 iterations"
    yield feature_vis.plot_accuracy_comparison({("svm", "pixels"): 0.3, ("svm", "features"): 0.45}), "features 45.0%"
    yield draw(f, title="T"), "'*' value -12, gradient 1"
    yield draw_backward_steps(f), "node '*' with gradient 1 sends -4 to '+', 3 to 'z'"


def test_every_plotting_function_describes_its_figure_with_its_numbers():
    for fig, said in _plots():
        text = figures.description_of(fig)
        plt.close(fig)
        assert text and said in text, (said, text)
