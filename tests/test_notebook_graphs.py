"""The computational graphs notebook: nbgrader metadata, hidden blocks, and a headless run with
the reference code with no errors and no FAIL verdicts."""
import pathlib
import re

import nbformat
import pytest

from .notebook_runner import run_notebook

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "computational_graphs.ipynb"
GRADED = {
    "graph.gates.AddGate.backward", "graph.gates.MulGate.backward", "graph.gates.MaxGate.backward",
    "graph.gates.ExpGate.backward", "graph.gates.LogGate.backward", "graph.gates.PowGate.backward",
    "graph.gates.SigmoidGate.backward", "graph.gates.ReLUGate.backward", "graph.gates.TanhGate.backward",
    "graph.gates.MatMulGate.backward", "graph.gates.SumGate.backward", "graph.engine.Value.backward",
}
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def test_notebook_metadata_and_hidden_blocks():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    ids, scored = set(), []
    for cell in nb.cells:
        meta = cell.metadata["nbgrader"]
        assert meta["grade_id"] not in ids
        ids.add(meta["grade_id"])
        assert cell.get("outputs", []) == [] and cell.get("execution_count") is None
        hidden = HIDDEN.findall(cell.source)
        if hidden:
            assert meta["grade"] and meta["locked"] and not meta["solution"]
            paths = re.findall(r'"([\w.]+)"', hidden[0])
            assert "from grading.hidden import score" in hidden[0]
            assert meta["points"] == len(paths)
            scored += paths
        if meta["solution"]:
            assert "### BEGIN SOLUTION" in cell.source
    assert sorted(scored) == sorted(GRADED)
    manual = [c for c in nb.cells if c.cell_type == "markdown" and c.metadata["nbgrader"]["grade"]]
    assert len(manual) == 5


def test_solution_regions_in_package_cover_graded_functions():
    import inspect
    import importlib
    for path in GRADED:
        module, cls, fn = path.rsplit(".", 2)
        obj = getattr(getattr(importlib.import_module("cs231n_lib." + module), cls), fn)
        assert "### BEGIN SOLUTION" in inspect.getsource(obj), path


@pytest.mark.notebook
@pytest.mark.xdist_group("notebooks")
def test_notebook_runs_without_errors_or_fails(tmp_path):
    text, data = run_notebook(NOTEBOOK.name, tmp_path, quick=True)
    assert "PASS " in text
    assert data["checks_failed"] == 0 and data["toy_net_train_accuracy"] > 0.8
