"""Execute the neural-network notebooks headless with the reference code.

Each notebook runs with notebooks/ as working directory (tests/notebook_runner.py); a run
must raise no error and print no "FAIL " line; the tuned two-layer network must reach 85 %
validation accuracy on the embedded Fashion-MNIST.
"""
import pytest

from .notebook_runner import run_notebook



@pytest.mark.notebook
@pytest.mark.xdist_group("notebooks")
def test_two_layer_net_notebook(tmp_path):
    _, results = run_notebook("two_layer_net.ipynb", tmp_path)
    assert results.get("checks_failed", 0) == 0
    assert results["val_accuracy"] >= 0.85, results
    assert 0.0 < results["test_accuracy"] <= 1.0, results


@pytest.mark.notebook
@pytest.mark.xdist_group("notebooks")
def test_optimizers_notebook(tmp_path):
    _, results = run_notebook("optimizers.ipynb", tmp_path)
    assert results.get("checks_failed", 0) == 0
    for rule in ("sgd", "sgd_momentum", "adagrad", "rmsprop", "adam"):
        assert results[f"final_loss_{rule}"] > 0, results
    assert results["final_loss_adam"] < results["final_loss_sgd"], results
