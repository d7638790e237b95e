"""A corpus of plausible student submissions, one function per file, right and wrong.

Each ``*.py`` file below this folder (grouped by student module) holds one function exactly
as a student would write it in the module (same signature; a method as ``def name(self,
...)`` at top level, a gate's backward as ``def backward(ctx, grad_output)``), the imports it
needs, and two module-level names:

- ``PATH``: the grading manifest's dotted path of the function;
- ``EXPECT``: ``"correct"``, or the list of misconception flags it commits
  (``grading/misconceptions``), e.g. ``["loss_not_averaged", "reg_grad_missing"]``;
- optionally ``MUTATES``: the names of the inputs the function changes in place (its outputs
  are then the reference's, ``EXPECT = "correct"``, yet the function is wrong: the docstrings
  say inputs are not modified). Only the grader's check that inputs come back unchanged
  catches such a sample; the misconception matcher cannot (the outputs are right).

:func:`load_all` reads them all (:class:`Sample`: the function, compiled in a copy of the
reference module's namespace so that the module's helpers resolve as they would in the
student's file). :func:`make_submission` writes a released-style assignment folder
(``cs231n_lib`` stubbed as the release ships it, or a copy of the reference), and
:func:`transplant` writes one sample into such a folder in place of the function's
definition, so the corpus can be graded with the real grader::

    folder = make_submission(tmp / "alice", "linear_classifiers", base="stub")
    transplant(sample, folder)
    # python -m grading grade tmp/alice --assignment linear_classifiers

``python -m tests.student_code`` prints the per-sample table: caught or not, and which
misconceptions (single flags and compatible pairs) reproduce the sample on every case.
"""
import ast
import importlib
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from grading.dotted import DottedPath

HERE = Path(__file__).resolve().parent


@dataclass
class Sample:
    file: Path
    id: str                  # "linear_svm/naive_correct_loops"
    path: str                # manifest dotted path
    expect: object           # "correct" or a list of flags
    function_source: str     # the def, dedented
    imports: list = field(default_factory=list)   # module-level import statements of the sample
    function: object = None  # compiled in a copy of the reference module's namespace
    mutates: tuple = ()      # inputs the function changes in place (MUTATES)

    @property
    def correct(self):
        """Right outputs and no input changed."""
        return self.expect == "correct" and not self.mutates

    @property
    def flags(self):
        return () if self.expect == "correct" else tuple(self.expect)


def module_file(path):
    """``classifiers/linear_svm.py`` for ``classifiers.linear_svm.svm_loss_naive``."""
    return DottedPath(path).module_file


def load(file):
    """Read one sample file."""
    file = Path(file)
    text = file.read_text()
    tree = ast.parse(text, filename=str(file))
    names = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("PATH", "EXPECT", "MUTATES"):
                names[node.targets[0].id] = ast.literal_eval(node.value)
    if not {"PATH", "EXPECT"} <= set(names):
        raise ValueError(f"{file}: needs module-level PATH and EXPECT")
    path, expect, mutates = names["PATH"], names["EXPECT"], names.get("MUTATES", [])
    if not (isinstance(mutates, list) and all(isinstance(n, str) and n for n in mutates)):
        raise ValueError(f"{file}: MUTATES must be a list of input names, got {mutates!r}")
    if mutates and expect != "correct":
        raise ValueError(f"{file}: a sample with MUTATES has right outputs: EXPECT must be 'correct'")
    if expect != "correct" and not (isinstance(expect, list) and expect and all(isinstance(f, str) for f in expect)):
        raise ValueError(f"{file}: EXPECT must be 'correct' or a non-empty list of flags, got {expect!r}")
    fname = DottedPath(path).name
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == fname]
    if len(defs) != 1:
        raise ValueError(f"{file}: needs exactly one top-level def {fname}(...)")
    lines = text.splitlines(keepends=True)
    node = defs[0]
    source = textwrap.dedent("".join(lines[node.lineno - 1:node.end_lineno]))
    imports = [ast.get_source_segment(text, n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    module = importlib.import_module("cs231n_lib." + DottedPath(path).module)
    namespace = dict(vars(module))
    exec(compile(text, str(file), "exec"), namespace)
    rel = file.relative_to(HERE).with_suffix("").as_posix() if file.is_relative_to(HERE) else file.stem
    return Sample(file, rel, path, expect, source, imports, namespace[fname], tuple(mutates))


def load_all(folder=HERE):
    """Every sample below ``folder``, sorted by file name."""
    return [load(f) for f in sorted(Path(folder).rglob("*.py")) if not f.name.startswith("_")]


# ----------------------------------------------------------------------------- released-style folders

def make_submission(folder, assignment, base="stub"):
    """Write ``folder/cs231n_lib`` with the modules ``assignment`` ships: stubbed as in the
    student release (``base="stub"``) or copies of the reference (``base="reference"``).
    Returns ``folder``."""
    from grading import release

    if base not in ("stub", "reference"):
        raise ValueError(f"base must be 'stub' or 'reference', got {base!r}")
    folder = Path(folder)
    given, student = release.shipped_modules(assignment)
    for mod in given + student:
        text = (release.LIB / mod).read_text()
        if base == "stub":
            text = release.stub_source(text, filename=mod)
        dest = folder / "cs231n_lib" / mod
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text)
    return folder


def _find(tree, names):
    body, node = tree.body, None
    for name in names:
        node = next((n for n in body if isinstance(n, (ast.ClassDef, ast.FunctionDef)) and n.name == name), None)
        if node is None:
            raise LookupError(f"no definition of {name!r}")
        body = node.body
    return node


def transplant(sample, folder):
    """Write ``sample`` into the released-style ``folder`` (which holds ``cs231n_lib/``): its
    function replaces the definition of ``sample.path`` (decorators such as ``@staticmethod``
    are kept), and its imports are added after the module's own. Returns the module file."""
    target = Path(folder) / "cs231n_lib" / module_file(sample.path)
    text = target.read_text()
    tree = ast.parse(text)
    node = _find(tree, DottedPath(sample.path).attribute_chain)
    lines = text.splitlines(keepends=True)
    body = textwrap.indent(sample.function_source, " " * node.col_offset)
    if not body.endswith("\n"):
        body += "\n"
    end = node.end_lineno
    # trailing comments indented like the body (e.g. "### END SOLUTION") belong to the old function
    while end < len(lines) and lines[end].lstrip().startswith("#") and \
            len(lines[end]) - len(lines[end].lstrip()) > node.col_offset:
        end += 1
    lines[node.lineno - 1:end] = [body]
    present = {line.strip() for line in lines}
    missing = [imp + "\n" for imp in sample.imports if imp.strip() not in present]
    if missing:
        first_def = next((n.lineno for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))), 1)
        top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)) and n.lineno < first_def]
        at = top[-1].end_lineno if top else (tree.body[0].end_lineno if ast.get_docstring(tree) else 0)
        lines[at:at] = missing
    target.write_text("".join(lines))
    return target


def save_inputs(stem, inputs):
    """Write a case's inputs in the grader's wire format (one ``grading.protocol`` frame)."""
    from grading import protocol

    Path(str(stem) + ".frame").write_bytes(protocol.pack({"type": "inputs"}, inputs))


def load_outcome(stem):
    """What ``_child.py`` wrote for one run: the outputs, or a ``Raised``."""
    from grading import protocol
    from grading.misconceptions import Raised

    stem = Path(stem)
    raised = stem.with_name(stem.name + ".raised")
    if raised.exists():
        return Raised(raised.read_text())
    return protocol.unpack(Path(str(stem) + ".frame").read_bytes()[8:])[1]


def _same(a, b):
    import numpy as np

    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape and \
            np.array_equal(a, b, equal_nan=True)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def changed_inputs(sample, entry, case):
    """The names of the inputs that ``sample``'s function changes in place on ``case``, found
    independently of the grader: the function is called directly on copies of the inputs
    (a backward pass on the cache of the reference forward, as the grader does), and each copy
    is compared with the case's value afterwards. Module functions (driver ``call``) and layer
    backward passes (``forward_backward``) only."""
    import copy

    names = list(entry.spec["args"])
    args = [copy.deepcopy(case.inputs[n]) for n in names]
    if entry.driver == "call" and "." not in DottedPath(sample.path).name:
        sample.function(*args)
    elif entry.driver == "forward_backward":
        module = importlib.import_module("cs231n_lib." + DottedPath(sample.path).module)
        forward = getattr(module, entry.spec.get("forward", DottedPath(sample.path).name.replace("_backward",
                                                                                                 "_forward")))
        _, cache = forward(*args)
        names.append("dout")
        args.append(copy.deepcopy(case.inputs["dout"]))
        sample.function(args[-1], cache)
    else:
        raise NotImplementedError(f"{sample.id}: no direct call for driver {entry.driver!r}")
    return sorted({n for n, a in zip(names, args) if not _same(case.inputs[n], a)})
