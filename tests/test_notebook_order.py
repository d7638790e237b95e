"""Every notebook runs in order for a student: no cell needs a task that comes later.

A student works top to bottom. When they reach a check cell they have written every task up to
it, and nothing after it: the later functions of ``cs231n_lib`` are still the release's stubs
(``raise NotImplementedError("...")``). This test runs each notebook of ``grading/assignments.py`` in
that situation and fails at the first cell that reaches a task the student has not done yet.

What counts as done at a cell is read from the notebooks and the package, not from a table:

- the **tasks** are the functions of the modules the assignment ships whose body holds a
  ``### BEGIN SOLUTION`` region (``grading.release.shipped_modules``, ``solution_regions``);
- a task's **graded check** is the first cell of the assignment whose hidden block names it in
  ``score("...")``; a task graded in an earlier notebook of the assignment is done, one graded in a
  later notebook (or nowhere) is not done anywhere in this one;
- a task graded in this notebook is done from the first cell after the previous graded check
  where the student meets their own work and that reaches the task's code: a **check cell** (an
  nbgrader grade cell, or one that calls a helper of ``cs231n_lib.checks``) or an **answer cell**
  (the student's own code, written after the task of its step). A given cell that reaches the task
  before that, and any cell before the previous graded check, fails.

How it runs, in one kernel per notebook (``CS231N_QUICK=1``, hidden blocks removed: the students'
view): a temporary copy of the assignment's shipped modules in which each solution region is
preceded by a switch, ``if not reached(path): raise NotImplementedError(...)``, in the place where
``grading.release.stub_source`` puts its stub. Before each cell the harness tells the kernel which
cell runs next; the switch then decides, per call, whether that task is done at this point. That is
one execution per notebook with, at every cell, exactly the stubs of the tasks that come later, the
same as executing the notebook once per check cell with the earlier tasks filled in (a stub can only
raise, so the state a cell leaves behind does not depend on stubs it never reached). Notebook answer
cells are run with their reference answers: the student writes them where they stand.

``python -m tests.test_notebook_order [NOTEBOOK ...] [--record]`` prints the same verdicts;
``--record`` lets stubs pass and lists every premature use instead of stopping at the first.
"""
import ast
import contextlib
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from grading.assignments import ASSIGNMENTS
from grading.nbgrader_preprocessors import scored_paths, strip_hidden_region
from grading.release import PACKAGE, shipped_modules, solution_regions

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / PACKAGE
NOTEBOOKS = ROOT / "notebooks"
DATASETS = ROOT / "datasets"
SWITCH = "_task_order"  # module written into the temporary package copy only

# ----------------------------------------------------------------------------- what the notebooks say


def notebooks_in_course_order():
    """[(assignment, notebook name)] for every notebook of grading/assignments.py."""
    return [(a, nb) for a, spec in ASSIGNMENTS.items() for nb in spec["notebooks"]]


def _read(name, notebooks=NOTEBOOKS):
    return nbformat.read(Path(notebooks) / name, as_version=4)


def check_helpers():
    """Names of the check functions of cs231n_lib/checks.py (``check_*``): a cell that calls one is a
    check cell. (``note``, ``compare`` and the fingerprint helpers are not checks of a task.)"""
    tree = ast.parse((LIB / "checks.py").read_text(encoding="utf-8"))
    return sorted(node.name for node in tree.body
                  if isinstance(node, ast.FunctionDef) and node.name.startswith("check_"))


def meets_own_work(cell, helpers):
    """True for a check cell (grade cell, or a call of a cs231n_lib.checks helper) or an answer cell."""
    if cell.cell_type != "code":
        return False
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("grade") or meta.get("solution"):
        return True
    source = strip_hidden_region(cell.source)
    return any(re.search(rf"\b{name}\s*\(", source) for name in helpers)


def region_owners(text, module):
    """For each solution region of a module's source: the dotted path of the function holding it,
    e.g. ``classifiers.fc_net.TwoLayerNet.loss`` (relative to cs231n_lib). As in the grading
    manifest, that is a module-level function or a method; a region inside a nested function
    belongs to the function or method around it."""
    tree = ast.parse(text)
    functions = []  # (first line, last line, qualified name)

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, prefix + [child.name])
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append((child.lineno, child.end_lineno, ".".join(prefix + [child.name])))

    visit(tree, [])
    owners = []
    for begin, _ in solution_regions(text, module):
        line = begin + 1
        owner = [f for f in functions if f[0] <= line <= f[1]]  # stub_source guarantees there is one
        owners.append(f"{module}.{owner[0][2]}")
    return owners


def tasks_of(assignment):
    """Dotted paths of the assignment's tasks (functions with a solution region in a shipped module)."""
    given, student = shipped_modules(assignment)
    tasks = []
    for rel in given + student:
        text = (LIB / rel).read_text(encoding="utf-8")
        module = rel[:-3].replace("/", ".")
        tasks.extend(dict.fromkeys(region_owners(text, module)))
    return tasks


def task_status(assignment, notebook, notebooks=NOTEBOOKS, order=None):
    """``{task: status}`` for one notebook of an assignment (``order``: its notebooks, by default
    those of grading/assignments.py, read from the folder ``notebooks``). A status is a dict:

    - ``{"state": "done", "where": ...}``: graded in an earlier notebook of the assignment;
    - ``{"state": "window", "after": i, "graded": j, "where": ...}``: graded at cell ``j`` of this
      notebook, and the graded check before it is at cell ``i`` (-1 if none);
    - ``{"state": "later", "where": ...}``: graded in a later notebook, or nowhere.
    """
    order = list(order or ASSIGNMENTS[assignment]["notebooks"])
    position = order.index(notebook)
    graded_at = {}  # task -> (notebook position, cell index, grade_id)
    graded_cells = []  # cell indices of this notebook's hidden score() cells
    for k, name in enumerate(order):
        if not (Path(notebooks) / name).is_file():
            continue
        for i, cell in enumerate(_read(name, notebooks).cells):
            paths = scored_paths(cell.source) if cell.cell_type == "code" else []
            if paths and k == position:
                graded_cells.append(i)
            for path in paths:
                graded_at.setdefault(path, (k, i, cell.metadata.get("nbgrader", {}).get("grade_id")))
    status = {}
    for task in tasks_of(assignment):
        if task not in graded_at:
            status[task] = {"state": "later", "where": "no cell of this assignment (no hidden score() names it)"}
            continue
        k, i, grade_id = graded_at[task]
        where = f"{order[k]} cell {i} ({grade_id})"
        if k < position:
            status[task] = {"state": "done", "where": where}
        elif k > position:
            status[task] = {"state": "later", "where": where}
        else:
            before = [j for j in graded_cells if j < i]
            status[task] = {"state": "window", "after": max(before, default=-1), "graded": i, "where": where}
    return status


# ----------------------------------------------------------------------------- the temporary package

SWITCH_SOURCE = '''\
"""Written by tests/test_notebook_order.py into a temporary copy of the package: decides, at each
call of a solution region, whether the student has done that task at the current cell."""
STATUS = {status!r}
STRICT = {strict!r}
cell = -1
cell_meets_own_work = False
first_check = {{}}   # task -> the check cell from which it counts as done
premature = []      # (cell, task, where it is checked), in the order met


def enter(index, meets_own_work):
    global cell, cell_meets_own_work
    cell, cell_meets_own_work = index, meets_own_work


def _done(task):
    status = STATUS[task]
    if status["state"] != "window":
        return status["state"] == "done"
    if cell >= status["graded"] or task in first_check:
        return True
    if cell > status["after"] and cell_meets_own_work:
        first_check[task] = cell
        return True
    return False


def reached(task):
    if _done(task):
        return True
    if (cell, task) not in [(c, t) for c, t, _ in premature]:
        premature.append((cell, task, STATUS[task]["where"]))
    return not STRICT


def message(task):
    return (f"{{task}} is reached at cell {{cell}}, but the student has not written it yet there: "
            f"it is checked at {{STATUS[task]['where']}}")
'''


def instrument_source(text, module, filename="<module>"):
    """``text`` with a switch in front of every solution region, indented like the region::

        import cs231n_lib._task_order as _task_order
        if not _task_order.reached("layers.affine_forward"):
            raise NotImplementedError(_task_order.message("layers.affine_forward"))
        ### BEGIN SOLUTION
        ...                                   (the reference, unchanged)

    Where ``grading.release.stub_source`` raises, this raises too unless the task is done.
    """
    lines = text.splitlines(keepends=True)
    owners = region_owners(text, module)
    out, pos = [], 0
    for (begin, _), task in zip(solution_regions(text, filename), owners):
        out.extend(lines[pos:begin])
        indent = re.match(r"[ \t]*", lines[begin]).group(0)
        out.append(f"{indent}import {PACKAGE}.{SWITCH} as {SWITCH}\n")
        out.append(f"{indent}if not {SWITCH}.reached({task!r}):\n")
        out.append(f"{indent}    raise NotImplementedError({SWITCH}.message({task!r}))\n")
        pos = begin
    out.extend(lines[pos:])
    result = "".join(out)
    ast.parse(result, filename=filename)
    return result


def build_workdir(assignment, notebook, workdir, strict=True, notebooks=NOTEBOOKS, order=None):
    """Lay out ``workdir`` like a released assignment folder: the notebook, ``cs231n_lib/`` (the
    shipped modules, instrumented) and ``datasets/`` (a link to the kit's). Returns the status."""
    status = task_status(assignment, notebook, notebooks, order)
    given, student = shipped_modules(assignment)
    package = Path(workdir) / PACKAGE
    for rel in given + student:
        dest = package / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = (LIB / rel).read_text(encoding="utf-8")
        dest.write_text(instrument_source(text, rel[:-3].replace("/", "."), str(LIB / rel)), encoding="utf-8")
    (package / f"{SWITCH}.py").write_text(SWITCH_SOURCE.format(status=status, strict=strict), encoding="utf-8")
    if ASSIGNMENTS[assignment].get("needs_data"):
        os.symlink(DATASETS, Path(workdir) / "datasets")
    shutil.copy2(Path(notebooks) / notebook, Path(workdir) / notebook)
    return status


# ----------------------------------------------------------------------------- running


@contextlib.contextmanager
def _environment(**changes):
    saved = dict(os.environ)
    for key in ("NBGRADER_EXECUTION", "CS231N_RESULTS_FILE", "CS231N_QUICK"):
        os.environ.pop(key, None)
    os.environ.update(changes)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _kernel_value(client, code):
    """Run ``code`` in the kernel (as a scratch cell, removed again) and return what it printed."""
    cell = nbformat.v4.new_code_cell(code)
    client.nb.cells.append(cell)  # nbclient writes the executed cell back at its index
    try:
        client.execute_cell(cell, len(client.nb.cells) - 1, store_history=False)
    finally:
        client.nb.cells.pop()
    return "".join(out.get("text", "") for out in cell.outputs if out.output_type == "stream")


def run_in_order(assignment, notebook, workdir, strict=True, quick=True, timeout=600,
                 notebooks=NOTEBOOKS, order=None):
    """Execute ``notebook`` in ``workdir`` as a student at each cell would (see the module docstring).

    Returns a dict: ``error`` (None, or cell index, grade_id and message of the first failing cell),
    ``premature`` (every (cell, task, where checked) met; with strict=False the run goes on),
    ``first_check`` (task -> the cell from which it counted as done), ``seconds``, ``nb``.
    """
    workdir = Path(workdir)
    status = build_workdir(assignment, notebook, workdir, strict=strict, notebooks=notebooks, order=order)
    nb = nbformat.read(workdir / notebook, as_version=4)
    helpers = check_helpers()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = strip_hidden_region(cell.source)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}})
    error = None
    start = time.perf_counter()
    env = {"MPLBACKEND": "module://matplotlib_inline.backend_inline", "OMP_NUM_THREADS": "1",
           "OPENBLAS_NUM_THREADS": "1"}
    if quick:
        env["CS231N_QUICK"] = "1"
    with _environment(**env), client.setup_kernel():
        where = _kernel_value(client, f"import {PACKAGE}; print({PACKAGE}.__file__)").strip()
        assert Path(where).resolve().is_relative_to(workdir.resolve()), (
            f"the kernel imported {PACKAGE} from {where}, not from the temporary copy in {workdir}")
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            _kernel_value(client, f"import {PACKAGE}.{SWITCH} as _order; "
                                  f"_order.enter({index}, {meets_own_work(cell, helpers)})")
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as exc:
                text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()
                error = {"cell": index, "grade_id": cell.metadata.get("nbgrader", {}).get("grade_id"),
                         "message": text[-1][:400] if text else repr(exc)}
                break
        report = json.loads(_kernel_value(
            client, f"import json, {PACKAGE}.{SWITCH} as _order; "
                    "print(json.dumps({'premature': _order.premature, 'first_check': _order.first_check}))"))
    return {"error": error, "premature": report["premature"], "first_check": report["first_check"],
            "status": status, "seconds": time.perf_counter() - start, "nb": nb}


def describe(result):
    lines = [f"{c}: cell {cell} reaches {task}, checked at {where}" for c, (cell, task, where)
             in enumerate(result["premature"], 1)]
    if result["error"]:
        e = result["error"]
        lines.append(f"first failing cell: {e['cell']} ({e['grade_id']}): {e['message']}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- tests


def test_region_owners_and_instrumentation_match_the_release_stubber():
    """The switch goes exactly where the release's stub goes, one per region, named by its function."""
    from grading.release import stub_source
    text = (LIB / "classifiers" / "fc_net.py").read_text(encoding="utf-8")
    owners = region_owners(text, "classifiers.fc_net")
    assert owners[:3] == ["classifiers.fc_net.TwoLayerNet.__init__", "classifiers.fc_net.TwoLayerNet.loss",
                          "classifiers.fc_net.TwoLayerNet.loss"]
    assert set(owners[3:]) == {"classifiers.fc_net.FullyConnectedNet.__init__", "classifiers.fc_net.FullyConnectedNet.loss"}
    instrumented = instrument_source(text, "classifiers.fc_net")
    assert instrumented.count("raise NotImplementedError(") == stub_source(text).count("raise NotImplementedError(")
    assert instrumented.count("### BEGIN SOLUTION") == len(owners)  # the reference is kept behind the switch


def test_tasks_are_the_graded_functions():
    """The tasks found in the shipped modules are exactly the manifest's graded paths."""
    from grading.manifest import MANIFEST
    for assignment in ASSIGNMENTS:
        assert set(tasks_of(assignment)) == {g.path for g in MANIFEST if g.assignment == assignment}, assignment


def test_status_comes_from_the_notebooks():
    status = task_status("neural_networks", "two_layer_net.ipynb")
    assert status["layers.affine_forward"]["state"] == "window"
    assert status["layers.affine_forward"]["after"] == -1
    assert status["layers.affine_backward"]["after"] == status["layers.affine_forward"]["graded"]
    assert status["optim.adam"]["state"] == "later" and "optimizers.ipynb" in status["optim.adam"]["where"]
    later = task_status("neural_networks", "optimizers.ipynb")
    assert later["classifiers.fc_net.TwoLayerNet.loss"]["state"] == "done"
    assert later["optim.adam"]["state"] == "window"


@pytest.mark.notebook
@pytest.mark.xdist_group("notebook_order")
def test_a_premature_use_is_caught(tmp_path):
    """A cell that reaches a task before its check cell fails; the same call after it passes."""
    nb = nbformat.v4.new_notebook()
    cells = [
        "from cs231n_lib import layers\nimport numpy as np",
        "layers.relu_forward(np.ones(2))",                                    # before relu's checks
        "from cs231n_lib.checks import check_true\n"
        "check_true('relu', layers.relu_forward(np.ones(2))[0].sum() == 2)",  # relu's first check
        "### BEGIN HIDDEN TESTS\nfrom grading.hidden import score\nscore('layers.relu_forward')\n### END HIDDEN TESTS",
    ]
    nb.cells = [nbformat.v4.new_code_cell(c, metadata={"nbgrader": {"grade_id": f"c{i}"}}) for i, c in enumerate(cells)]
    name = "order_probe.ipynb"
    results = {}
    for label in ("early", "in_order"):
        source = tmp_path / f"{label}_src"
        source.mkdir()
        nbformat.write(nb, source / name)
        results[label] = run_in_order("neural_networks", name, tmp_path / label, notebooks=source, order=[name])
        nb.cells.pop(1)  # the second run without the premature cell
    early, in_order = results["early"], results["in_order"]
    assert early["error"] and early["error"]["cell"] == 1, early["error"]
    assert "layers.relu_forward is reached at cell 1" in early["error"]["message"]
    assert in_order["error"] is None, in_order["error"]
    assert in_order["first_check"] == {"layers.relu_forward": 1}


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.xdist_group("notebook_order")  # one kernel at a time, beside the other notebook groups
@pytest.mark.parametrize("assignment, notebook", notebooks_in_course_order(),
                         ids=[nb for _, nb in notebooks_in_course_order()])
def test_notebook_runs_in_order(assignment, notebook, tmp_path):
    assert (NOTEBOOKS / notebook).is_file(), f"{notebook} is listed in grading/assignments.py but missing"
    result = run_in_order(assignment, notebook, tmp_path)
    assert result["error"] is None, f"{notebook} cannot be run in order:\n{describe(result)}"


def main(argv=None):
    import argparse
    import tempfile
    parser = argparse.ArgumentParser(description="Run notebooks as a student would, stubs after each check cell.")
    parser.add_argument("notebooks", nargs="*", help="notebook names (default: every one of grading/assignments.py)")
    parser.add_argument("--record", action="store_true", help="let stubs pass and list every premature use")
    parser.add_argument("--full", action="store_true", help="without CS231N_QUICK")
    args = parser.parse_args(argv)
    failed = 0
    for assignment, notebook in notebooks_in_course_order():
        if args.notebooks and notebook not in args.notebooks:
            continue
        with tempfile.TemporaryDirectory(prefix="order_") as tmp:
            result = run_in_order(assignment, notebook, tmp, strict=not args.record, quick=not args.full)
        ok = result["error"] is None and not result["premature"]
        failed += not ok
        print(f"{notebook}: {'in order' if ok else 'OUT OF ORDER'} ({result['seconds']:.0f} s)")
        if not ok:
            print("  " + describe(result).replace("\n", "\n  "))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
