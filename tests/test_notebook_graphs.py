"""The computational graphs notebook: nbgrader metadata, hidden blocks, and a headless run with
the reference code with no errors and no FAIL verdicts."""
import json
import os
import pathlib
import re

import nbformat
import pytest

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
    from nbclient import NotebookClient
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # Run what students see: hidden blocks removed (they need the grader, not the notebook).
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = HIDDEN.sub("", cell.source)
    results = tmp_path / "results.json"
    os.environ["CS231N_RESULTS_FILE"] = str(results)
    os.environ["CS231N_QUICK"] = "1"
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    finally:
        del os.environ["CS231N_RESULTS_FILE"], os.environ["CS231N_QUICK"]
    text = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", out.get("ename")
            text.append(out.get("text", ""))
    text = "\n".join(text)
    assert "FAIL " not in text, [line for line in text.splitlines() if "FAIL " in line]
    assert "PASS " in text
    data = json.loads(results.read_text())
    assert data["checks_failed"] == 0 and data["toy_net_train_accuracy"] > 0.8
