"""The deeper-nets and optimization notebooks: stored without outputs with valid nbgrader
metadata (the rules of tests/test_notebooks_linear.py), every answer followed by a check,
and headless runs with the reference code: on the embedded data (full runs, with their
targets) and on the shared CIFAR-10 subset (quick mode; skipped visibly when it is absent)."""
import pytest

from . import test_notebooks_linear as linear_rules
from .notebook_runner import run_notebook

NEW_NOTEBOOKS = ["fully_connected_nets.ipynb", "optimization.ipynb"]
CIFAR_ENV = "CS231N_CIFAR10_DIR"


@pytest.mark.parametrize("name", NEW_NOTEBOOKS + ["optimizers.ipynb"])
def test_stored_without_outputs_with_valid_nbgrader_metadata(name):
    linear_rules.test_stored_without_outputs_with_valid_nbgrader_metadata(name)


@pytest.mark.parametrize("name", NEW_NOTEBOOKS)
def test_every_answer_cell_is_followed_by_a_check(name):
    cells = linear_rules._read(name).cells
    for i, cell in enumerate(cells):
        meta = cell.metadata["nbgrader"]
        if cell.cell_type == "code" and meta["solution"]:
            after = cells[i + 1]
            assert "check_" in after.source, meta["grade_id"]
            assert after.metadata["nbgrader"]["grade"] or "check_true" in after.source, meta["grade_id"]


def test_notebooks_start_with_autoreload():
    for name in NEW_NOTEBOOKS + ["optimizers.ipynb"]:
        code = [c for c in linear_rules._read(name).cells if c.cell_type == "code"]
        assert code[0].source.startswith("%load_ext autoreload\n%autoreload 2"), name


@pytest.mark.notebook
@pytest.mark.xdist_group("notebooks")
def test_fully_connected_nets_notebook(tmp_path):
    text, results = run_notebook("fully_connected_nets.ipynb", tmp_path)
    # (one check_outputs compares all W_i and b_i of a net at once)
    assert results.get("checks_failed", 0) == 0 and results["checks_passed"] >= 12, results
    assert results["val_accuracy"] >= 0.85, results
    assert 0.0 < results["test_accuracy"] <= 1.0, results
    assert "5 layers reach 100 %" in text


@pytest.mark.notebook
@pytest.mark.xdist_group("notebooks")
def test_optimization_notebook(tmp_path):
    text, results = run_notebook("optimization.ipynb", tmp_path)
    assert results.get("checks_failed", 0) == 0 and results["checks_passed"] >= 15, results
    chance = 0.1
    assert results["random_search_val_accuracy"] < 0.3
    assert results["random_search_val_accuracy"] < results["local_search_val_accuracy"] \
        < results["gradient_descent_val_accuracy"], results
    assert results["gradient_descent_val_accuracy"] > 7 * chance, results
    assert results["l1_near_zero_fraction"] > 2 * results["l2_near_zero_fraction"], results


@pytest.mark.notebook
@pytest.mark.xdist_group("cifar_notebooks")
@pytest.mark.parametrize("name", NEW_NOTEBOOKS)
def test_new_notebook_runs_on_cifar_subset(name, shared_cifar_dir, tmp_path):
    text, results = run_notebook(name, tmp_path, quick=True, env={CIFAR_ENV: str(shared_cifar_dir)})
    assert "CIFAR" in text and "32x32x3" in text, "the notebook did not load the CIFAR subset"
    assert results.get("checks_passed", 0) > 0
