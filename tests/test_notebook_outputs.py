"""What a learner sees, tested without running the notebooks: every notebook reloads the
package on edit (autoreload), check helpers add no Out[] under their verdict, progress bars
are not error output, and the heat maps have readable tick labels.

The executed notebooks themselves are checked by tests/notebook_runner.py (no stderr, no bare
True/False), which every notebook test uses.
"""
import io
import json

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from grading.assignments import ASSIGNMENTS  # noqa: E402

from .conftest import ROOT  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
ALL_NOTEBOOKS = sorted({p.name for p in NOTEBOOKS.glob("*.ipynb")}
                       | {nb for spec in ASSIGNMENTS.values() for nb in spec["notebooks"]})


def _code_cells(name):
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("name", ALL_NOTEBOOKS)
def test_notebook_that_uses_the_package_starts_with_autoreload(name):
    assert (NOTEBOOKS / name).is_file(), f"{name} is listed in grading/assignments.py but missing"
    cells = _code_cells(name)
    if not any("cs231n_lib" in source for source in cells):
        pytest.skip(f"{name} does not use cs231n_lib")
    first = [line.strip() for line in cells[0].splitlines()]
    assert first[:2] == ["%load_ext autoreload", "%autoreload 2"], (
        f"{name}: the first code cell must start with '%load_ext autoreload' and '%autoreload 2' "
        f"(so that edits of cs231n_lib take effect without a kernel restart); it starts with {first[:2]}")


# ----------------------------------------------------------------------------- check helpers

def test_verdict_behaves_like_a_bool(capsys):
    from cs231n_lib.checks import CheckFailed, Verdict, check_close, check_true
    ok = check_true("a", True, "detail")
    assert ok and ok == True and int(ok) == 1  # noqa: E712 (the comparison is the point)
    with pytest.raises(CheckFailed):   # a failing check raises: nbgrader's Validate counts it
        ok &= check_close("b", 1.0, 2.0)
    assert repr(Verdict(False)) == "FAIL" and repr(check_true("c", 1)) == "PASS"
    assert (Verdict(False) | True) and not (True & Verdict(False))
    assert json.loads(json.dumps({"passed": check_true("f", 1)})) == {"passed": 1}
    assert capsys.readouterr().out.splitlines()[0] == "PASS a: detail"


def test_check_without_detail_prints_no_dangling_colon(capsys):
    from cs231n_lib.checks import check_true
    check_true("momentum beats SGD", True)
    assert capsys.readouterr().out == "PASS momentum beats SGD\n"


def test_a_check_as_the_last_line_of_a_cell_shows_nothing():
    """IPython's display hook shows a cell's last value; a Verdict displays nothing (the verdict
    line is already printed), where a bool shows 'True' and numpy's 'np.True_'."""
    from IPython.core.formatters import DisplayFormatter
    from cs231n_lib.checks import check_close, check_relative_errors, check_true
    formatter = DisplayFormatter()
    with io.StringIO() as sink:
        import contextlib
        with contextlib.redirect_stdout(sink):
            values = [check_true("x", True), check_close("y", np.ones(3), np.ones(3)),
                      check_relative_errors("z", [1e-9])]
    for value in values:
        assert formatter.format(value) == ({}, {}), type(value)
    assert formatter.format(np.True_)[0]["text/plain"] == "np.True_"  # what it was before


# ----------------------------------------------------------------------------- progress bars

def test_progress_bar_goes_to_stdout(capsys):
    from cs231n_lib.notebook_utils import progress
    assert list(progress(range(3), desc="steps")) == [0, 1, 2]
    captured = capsys.readouterr()
    assert "steps [" in captured.out and "3/3" in captured.out
    assert captured.err == ""


# ----------------------------------------------------------------------------- heat maps

def _labels(axis):
    return [t.get_text() for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]


def _overlapping(fig, axis):
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]


def _colorbar_axes(fig, main_axes):
    return [ax for ax in fig.axes if ax not in main_axes]


def test_learning_rate_by_reg_grid_has_readable_ticks_and_plain_colour_bars():
    from cs231n_lib import vis
    lrs, regs = [3e-7, 1e-6, 3e-6], [3e2, 1e3, 1e4]
    results = {(lr, reg): (0.8 + 0.01 * i, 0.79 + 0.01 * j)
               for i, lr in enumerate(lrs) for j, reg in enumerate(regs)}
    results[(1e-6, 1e3)] = (0.80, 0.834)
    fig = vis.plot_hyperparameter_grid(results, title="SVM grid")
    fig.canvas.draw()
    heatmaps = fig.axes[:2]
    for ax in heatmaps:
        assert _labels(ax.xaxis) == ["3e-07", "1e-06", "3e-06"]
        assert _labels(ax.yaxis) == ["300", "1000", "10000"]
        assert not _overlapping(fig, ax.xaxis) and not _overlapping(fig, ax.yaxis)
    # The accuracy in % in each cell, bottom row (reg 300) first: training accuracy grows with lr here.
    assert [t.get_text() for t in heatmaps[0].texts][:3] == ["80.0", "81.0", "82.0"]
    assert "best validation accuracy 83.4 % at learning rate 1e-06, reg 1000" in fig._suptitle.get_text()
    plt.close(fig)


@pytest.mark.parametrize("spread", [0.0, 1e-5, 0.2])
def test_colour_bars_never_use_an_offset(spread):
    """Accuracies that differ by almost nothing used to give colour-bar ticks like 0.001 with an
    offset '+1.15e1'; the colour range is now at least one point wide and ticks are plain."""
    from cs231n_lib import nn_vis, vis
    accuracy = 0.115061
    grid = {(lr, reg): (accuracy, accuracy + spread * i) for i, (lr, reg) in
            enumerate([(1e-6, 3e2), (1e-6, 1e3), (3e-6, 3e2), (3e-6, 1e3)])}
    sizes = {(h, reg): accuracy + spread * i for i, (h, reg) in enumerate([(5, 0.0), (5, 3.0), (400, 0.0), (400, 3.0)])}
    for fig, main in [(vis.plot_hyperparameter_grid(grid), 2), (nn_vis.plot_size_reg_grid(sizes), 2)]:
        fig.canvas.draw()
        for bar in _colorbar_axes(fig, fig.axes[:main]):
            assert bar.yaxis.get_offset_text().get_text() == ""
            labels = _labels(bar.yaxis)
            assert labels and all("e" not in label for label in labels), labels
            assert len(set(labels)) == len(labels), labels
        plt.close(fig)


def test_size_by_reg_grid_has_the_sizes_and_regs_as_tick_labels():
    from cs231n_lib import nn_vis
    results = {(h, r): 0.5 + 0.001 * h - 0.01 * r for h in (5, 50, 400) for r in (0.0, 1.0, 3.0, 10.0)}
    fig = nn_vis.plot_size_reg_grid(results, title="grid")
    fig.canvas.draw()
    heat, lines = fig.axes[0], fig.axes[1]
    assert _labels(heat.xaxis) == ["5", "50", "400"] and _labels(heat.yaxis) == ["0", "1", "3", "10"]
    assert _labels(lines.xaxis) == ["5", "50", "400"]  # no minor labels of the log axis in between
    assert not _overlapping(fig, lines.xaxis)
    plt.close(fig)
