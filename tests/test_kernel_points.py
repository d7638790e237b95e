"""Every notebook point is earned where the student's code cannot reach the judge (issue 15, item 5).

A graded code cell whose verdict comes from state computed in the student's kernel (a CV table,
a hyperparameter search, a numerical gradient) can be faked by that kernel: a first cell that adds
an IPython input transformer turning every later cell into ``pass``, a patched builtin, or
``sys.settrace`` makes it "pass" with stubs. So a graded code cell must take its points from the
isolated grader (a hidden ``score(...)`` block, replaced by the grader's result at autograde);
the cells that check kernel state stay in the notebooks as ungraded checks (grade false)."""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNEL_CHECKS = {("knn.ipynb", "knn-check-cv"), ("optimization.ipynb", "optz-local-check"),
                 ("softmax.ipynb", "softmax-check-search"), ("svm.ipynb", "svm-check-numgrad"),
                 ("svm.ipynb", "svm-check-search")}


def _cells():
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(nb.read_text())["cells"]:
            yield nb.name, cell


def test_no_graded_code_cell_takes_its_points_from_the_kernel():
    from_kernel = []
    for nb, cell in _cells():
        meta = cell.get("metadata", {}).get("nbgrader", {})
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code" and meta.get("grade") and "BEGIN HIDDEN TESTS" not in src:
            from_kernel.append(f"{nb}: {meta.get('grade_id')} ({meta.get('points')} points)")
    assert not from_kernel, "graded code cells whose verdict the student's kernel computes:\n" + "\n".join(from_kernel)


def test_the_kernel_state_checks_stay_as_ungraded_locked_checks():
    found = set()
    for nb, cell in _cells():
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if (nb, meta.get("grade_id")) in KERNEL_CHECKS:
            found.add((nb, meta["grade_id"]))
            assert cell["cell_type"] == "code" and meta["locked"] and not meta["grade"] and not meta["solution"]
            assert "points" not in meta, (nb, meta)
    assert found == KERNEL_CHECKS
