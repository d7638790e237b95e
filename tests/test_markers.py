"""One pytest marker per graded function (``tests/conftest.py``): ``pytest -m svm_loss_vectorized``
runs that function's tests, and nothing else."""
import subprocess
import sys

from grading import manifest as M
from tests.conftest import ROOT, _words_in_name


def _collect(*args):
    cp = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                         "--strict-markers", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert cp.returncode == 0, cp.stdout + cp.stderr
    return [line for line in cp.stdout.splitlines() if "::" in line]


def test_marker_selects_the_tests_of_one_function():
    ids = _collect("-m", "svm_loss_vectorized", "tests/test_linear_svm.py", "tests/test_softmax.py",
                   "tests/test_layers.py")
    files = {i.split("::")[0] for i in ids}
    assert files == {"tests/test_linear_svm.py"}, ids
    assert "tests/test_linear_svm.py::test_naive_equals_vectorized_any_shape" in ids, ids
    assert any(i.startswith("tests/test_linear_svm.py::test_numerical_gradient[") for i in ids), ids


def test_every_graded_function_has_a_registered_marker():
    cp = subprocess.run([sys.executable, "-m", "pytest", "--markers", "-p", "no:cacheprovider"], cwd=ROOT,
                        capture_output=True, text=True, timeout=300)
    markers = {g.marker for g in M.MANIFEST}
    assert len(markers) == len(M.MANIFEST), "two graded functions share a marker"
    for g in M.MANIFEST:
        assert f"@pytest.mark.{g.marker}: tests of {g.path}" in cp.stdout, g.path


def test_a_longer_graded_name_hides_the_shorter_one_inside_it():
    names = ["svm_loss", "svm_loss_naive", "relu_forward", "leaky_relu_forward"]
    assert _words_in_name("test_svm_loss_naive_loops", names) == {"svm_loss_naive"}
    assert _words_in_name("test_leaky_relu_forward[x]", names) == {"leaky_relu_forward"}
    assert _words_in_name("test_svm_loss_and_relu_forward", names) == {"svm_loss", "relu_forward"}
