"""The same notebooks run unchanged on CIFAR-10 (the shared real subset), in quick mode."""
import pytest

from .notebook_runner import run_notebook


@pytest.mark.notebook
@pytest.mark.xdist_group("cifar_notebooks")
@pytest.mark.parametrize("name", ["knn.ipynb", "svm.ipynb", "softmax.ipynb", "two_layer_net.ipynb"])
def test_notebook_runs_on_cifar_subset(name, shared_cifar_dir, tmp_path):
    text, results = run_notebook(name, tmp_path, quick=True, env={"CS231N_CIFAR10_DIR": str(shared_cifar_dir)})
    assert "CIFAR" in text and "32x32x3" in text, "the notebook did not load the CIFAR subset"
    assert results.get("checks_passed", 0) > 0
