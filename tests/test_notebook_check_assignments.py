"""One mistake gives one failure (issue 17): a check cell assigns what later cells need BEFORE its first
check can raise.

A check that fails stops its cell (``CheckFailed``). Whatever the cell would have assigned after that line is
then missing, and every later cell that reads it fails with a ``NameError`` that says nothing about the real
mistake: Validate listed six failed cells for one wrong ``compute_distances_two_loops`` in ``knn.ipynb``.
This test reads every notebook (no execution): in each code cell that calls a check helper
(``check_outputs``, ``check_close``, ``check_true``, ...) no name that a later cell reads may be assigned
after the cell's first check call.
"""
import ast
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CHECKS = ("check_outputs", "check_close", "check_true", "check_shape", "check_equal", "check_all")


def _code(source):
    """A cell's Python: magics and hidden tests dropped."""
    source = source.split("### BEGIN HIDDEN TESTS")[0]
    return "\n".join(line for line in source.split("\n") if not line.lstrip().startswith(("%", "!")))


def _is_check(node):
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and (node.func.id in CHECKS or node.func.id.startswith("check_")))


def _assigned(stmt):
    """Names a statement binds (function and lambda arguments included: they are not read from outside)."""
    names = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    names |= {a.arg for n in ast.walk(stmt) if isinstance(n, ast.arguments)
              for a in n.posonlyargs + n.args + n.kwonlyargs + [n.vararg, n.kwarg] if a is not None}
    if isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
        names.add(stmt.name)
    return names


def _calls_a_check(stmt):
    """A check called when the statement runs (a check inside a function definition runs later)."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return False
    return any(_is_check(n) for n in ast.walk(stmt))


def _free_names(tree):
    """Names a cell reads before it assigns them itself (statement by statement)."""
    free, bound = set(), set()
    for stmt in tree.body:
        stores = _assigned(stmt)
        loads = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        free |= loads - bound - stores
        bound |= stores
    return free


def late_assignments(nb):
    """``[(cell id, name, later cell id)]``: names a check cell assigns after its first check call and a
    later cell reads."""
    trees = [(c.get("id", str(i)), ast.parse(_code(c.source))) for i, c in enumerate(nb.cells)
             if c.cell_type == "code"]
    found = []
    for k, (cell_id, tree) in enumerate(trees):
        first = next((i for i, stmt in enumerate(tree.body) if _calls_a_check(stmt)), None)
        if first is None:
            continue
        before = set().union(*[_assigned(s) for s in tree.body[:first]])
        late = set().union(*[_assigned(s) for s in tree.body[first:]]) - before
        for later_id, later in trees[k + 1:]:
            for name in sorted(late & _free_names(later)):
                found.append((cell_id, name, later_id))
            late -= set().union(*[_assigned(s) for s in later.body]) if later.body else set()
    return found


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_check_cells_assign_what_later_cells_read_before_their_checks(path):
    found = late_assignments(nbformat.read(path, as_version=4))
    assert not found, f"{path.name}: a failing check would leave these names unassigned:\n" + "\n".join(
        f"  cell {cell}: {name!r} assigned after its first check, read by cell {later}" for cell, name, later in found)


def test_the_scanner_sees_the_pile_up():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("check_outputs('f', {}, got={}, expected={})\nd = f()", id="check"),
        nbformat.v4.new_code_cell("print(d)", id="later")])
    assert late_assignments(nb) == [("check", "d", "later")]
