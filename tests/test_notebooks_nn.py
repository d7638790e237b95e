"""Execute the neural-network notebooks headless with the reference code.

Each notebook runs in a temporary copy (cwd notebooks/ so relative paths resolve), with
CS231N_RESULTS_FILE pointing at a temporary JSON file that record_result fills. A run must
raise no error and print no "FAIL " line; the tuned two-layer network must reach 85 %
validation accuracy on the embedded Fashion-MNIST.
"""
import json
import os
import pathlib
import shutil

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def _run(name, tmp_path, monkeypatch):
    results_file = tmp_path / "results.json"
    monkeypatch.setenv("CS231N_RESULTS_FILE", str(results_file))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("CS231N_QUICK", raising=False)
    copy = tmp_path / name
    shutil.copy(NOTEBOOKS / name, copy)
    nb = nbformat.read(copy, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{name}: {output.get('ename')}: {output.get('evalue')}"
            if output.get("output_type") == "stream":
                texts.append(output.get("text", ""))
    failed = [line for text in texts for line in text.splitlines() if line.startswith("FAIL ")]
    assert not failed, f"{name} printed failing checks:\n" + "\n".join(failed)
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    return results


@pytest.mark.notebook
@pytest.mark.xdist_group("notebooks")
def test_two_layer_net_notebook(tmp_path, monkeypatch):
    results = _run("two_layer_net.ipynb", tmp_path, monkeypatch)
    assert results.get("checks_failed", 0) == 0
    assert results["val_accuracy"] >= 0.85, results
    assert 0.0 < results["test_accuracy"] <= 1.0, results


@pytest.mark.notebook
@pytest.mark.xdist_group("notebooks")
def test_optimizers_notebook(tmp_path, monkeypatch):
    results = _run("optimizers.ipynb", tmp_path, monkeypatch)
    assert results.get("checks_failed", 0) == 0
    for rule in ("sgd", "sgd_momentum", "rmsprop", "adam"):
        assert results[f"final_loss_{rule}"] > 0, results
    assert results["final_loss_adam"] < results["final_loss_sgd"], results
