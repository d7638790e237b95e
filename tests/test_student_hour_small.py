"""Issue 17, item 6 (small things): `make demo` runs each notebook without the kernel's
"running over TCP without encryption" warning, and a self-study `my-work/` folder (the README's
`grading release --out my-work`) is not shown as untracked by `git status`."""
import shutil
import subprocess

import nbformat
import pytest

from grading.demo import execute_notebook
from tests.conftest import ROOT


def test_demo_runs_a_notebook_without_the_tcp_warning(tmp_path, capfd):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print('ran', 6 * 7)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = tmp_path / "src"
    source.mkdir()
    nbformat.write(nb, source / "tiny.ipynb")
    row = execute_notebook(source / "tiny.ipynb", tmp_path / "out")
    assert row["error"] is None and "ran 42" in row["text"]
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err + captured.out, captured.err


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout")
def test_a_self_study_folder_is_ignored_by_git():
    for path in ("my-work/linear_classifiers/softmax.ipynb", "my-work/knn/cs231n_lib/classifiers/k_nearest_neighbor.py"):
        result = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=ROOT)
        assert result.returncode == 0, f"{path} is not ignored: add my-work/ to .gitignore"
    # ...and nothing of the kit itself is.
    assert subprocess.run(["git", "check-ignore", "-q", "--no-index", "notebooks/knn.ipynb"], cwd=ROOT).returncode == 1
