"""The grading manifest agrees with the package (every student function, nothing else) and
with the notebooks (hidden score() calls and their cells' points)."""
import ast
import json
from pathlib import Path

import numpy as np
import pytest

from grading import manifest as M
from grading.assignments import ASSIGNMENTS
from grading.parent import reference_import
from grading.child import DRIVERS, resolve

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "cs231n_lib"


def _functions_with_regions():
    """Dotted paths of every function/method of cs231n_lib whose body holds a solution region."""
    found = set()
    for py in LIB.rglob("*.py"):
        text = py.read_text()
        if "### BEGIN SOLUTION" not in text:
            continue
        mod = py.relative_to(LIB).with_suffix("").as_posix().replace("/", ".")
        lines = text.splitlines()
        tree = ast.parse(text)

        def visit(node, prefix):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef):
                    visit(child, prefix + [child.name])
                elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    body = "\n".join(lines[child.lineno - 1:child.end_lineno])
                    if "### BEGIN SOLUTION" in body:
                        found.add(".".join([mod] + prefix + [child.name]))

        visit(tree, [])
    return found


def test_manifest_covers_exactly_the_student_functions():
    in_manifest = {g.path for g in M.MANIFEST}
    assert len(in_manifest) == len(M.MANIFEST), "duplicate manifest entries"
    regions = _functions_with_regions()
    assert regions - in_manifest == set(), f"student functions missing from the manifest: {sorted(regions - in_manifest)}"
    assert in_manifest - regions == set(), f"manifest entries without a solution region: {sorted(in_manifest - regions)}"


def test_entries_resolve_and_are_well_formed():
    for g in M.MANIFEST:
        assert g.assignment in ASSIGNMENTS
        assert g.driver in DRIVERS
        assert g.points > 0
        assert (LIB / g.module_file).is_file(), g.module_file
        target = resolve(g.path, reference_import)
        assert callable(target["obj"]), g.path


def test_cases_are_deterministic_varied_and_plain_data():
    for g in M.MANIFEST:
        a, b = g.cases(), g.cases()
        assert len(a) >= 3, f"{g.path}: at least 3 hidden cases"
        assert len({c.label for c in a}) == len(a), f"{g.path}: case labels must differ"
        for ca, cb in zip(a, b):
            assert ca.inputs.keys() == cb.inputs.keys()
            for k in ca.inputs:
                va, vb = ca.inputs[k], cb.inputs[k]
                if isinstance(va, np.ndarray):
                    assert va.dtype.kind in "biuf" and np.array_equal(va, vb), (g.path, k)
                else:
                    assert va is None or isinstance(va, (int, float, str, bool)), (g.path, k, type(va))
                    assert va == vb


def test_hidden_cases_cover_the_edge_cases_of_the_issue():
    labels = " | ".join(c.label for g in M.MANIFEST for c in g.cases())
    for needle in ["N=1", "C=2", "D != C", "reg=0", "very large scores", "test points equal to training points",
                   "margins of exactly 0", "tie", "non-square"]:
        assert needle in labels, needle


def test_student_modules():
    allm = M.student_modules()
    assert allm == sorted(allm)
    for a in ASSIGNMENTS:
        mods = M.student_modules(a)
        assert set(mods) <= set(allm) and mods == sorted(mods)
        assert not set(mods) & set(ASSIGNMENTS[a]["given_modules"]), "a module cannot be both given and graded"
    assert "classifiers/linear_svm.py" in M.student_modules("linear_classifiers")
    assert "layers.py" in M.student_modules("neural_networks")


def _hidden_calls(nb_path):
    from grading.release import hidden_score_paths

    nb = json.loads(nb_path.read_text())
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if "BEGIN HIDDEN TESTS" in src:
            yield cell, hidden_score_paths(src)


def test_notebooks_score_manifest_functions_with_matching_points():
    known = M.by_path()
    checked = 0
    for a, info in ASSIGNMENTS.items():
        scored = set()
        present = [ROOT / "notebooks" / nb for nb in info["notebooks"] if (ROOT / "notebooks" / nb).is_file()]
        for nb in present:
            for cell, paths in _hidden_calls(nb):
                assert paths, f"{nb.name}: a hidden block without score(...)"
                for p in paths:
                    assert p in known, f"{nb.name}: score({p!r}) is not in the grading manifest"
                    assert known[p].assignment == a, f"{nb.name} scores {p} of another assignment"
                pts = cell["metadata"]["nbgrader"]["points"]
                assert pts == pytest.approx(sum(known[p].points for p in paths)), (nb.name, paths, pts)
                scored.update(paths)
                checked += 1
        if len(present) == len(info["notebooks"]):
            missing = {g.path for g in M.for_assignment(a)} - scored
            assert not missing, f"{a}: manifest functions no notebook scores: {sorted(missing)}"
    if not checked:
        pytest.skip("no notebook with hidden blocks committed yet")
