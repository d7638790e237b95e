"""cs231n_lib.figures: every figure is shown with a text description (alt text) and closed."""
import base64
import html
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
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
