"""The student release: stub the package, build the nbgrader course, generate the release.

``python -m grading release [--out DIR] [--course DIR] [--assignment NAME ...]``

For every assignment of :mod:`grading.assignments` this

1. writes nbgrader's ``source/<assignment>/`` folder of the course directory
   (default ``build/course/``): the assignment's notebooks from ``notebooks/``, the
   ``cs231n_lib`` modules it ships (given modules plus the student-edited modules of the
   grading manifest) with every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region
   replaced by a stub that names its task (``# YOUR CODE HERE`` / ``raise
   NotImplementedError("svm_loss_vectorized: compute the SVM loss ...")``, indented in place,
   the text from the grading manifest), and the data set files when the assignment needs data;
2. runs ``nbgrader generate_assignment`` on it, which clears the notebooks' solutions,
   hidden tests and outputs and writes ``release/<assignment>/``;
3. with ``--out DIR``, copies each released assignment folder to ``DIR/<assignment>/``.

Because the stubs are written into ``source/`` before generation, the formgrader's
"Generate" button produces the same release as this command.
"""
import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from grading import student_setup
from grading.assignments import ASSIGNMENTS

REPO = Path(__file__).resolve().parent.parent
LIB = REPO / "cs231n_lib"
NOTEBOOKS = REPO / "notebooks"
DATASETS = REPO / "datasets"
CONFIG = Path(__file__).resolve().parent / "nbgrader_config.py"
DEFAULT_COURSE = REPO / "build" / "course"
PACKAGE = "cs231n_lib"

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
STUB_COMMENT = "# YOUR CODE HERE"
# nbgrader's own stub of a notebook solution cell (grading/nbgrader_config.py uses it); a module's
# stub names its task instead (:func:`stub_source`).
NOTEBOOK_CODE_STUB = STUB_COMMENT + "\nraise NotImplementedError()"

# Files of datasets/ that ship with an assignment that needs data: the embedded
# Fashion-MNIST subset (with its checksum and licence) and the CIFAR-10 download script.
DATA_FILES = (
    "fashion_mnist_subset.npz",
    "fashion_mnist_subset.sha256",
    "fashion_mnist_subset.npz.sha256",
    "get_datasets.sh",
)
DATA_GLOBS = ("LICENSE*", "LICENCE*", "README*")


class ReleaseError(RuntimeError):
    """Something in the sources prevents a correct release; the message says what to fix."""


# ----------------------------------------------------------------------------- stubber

def solution_regions(text: str, filename: str = "<module>") -> list:
    """List of ``(begin, end)`` 0-based line indices of the solution regions of ``text``
    (``begin`` is the BEGIN line, ``end`` the END line). Raises ReleaseError on a
    nested, unclosed or unopened region."""
    regions = []
    start = None
    for i, line in enumerate(text.splitlines()):
        stripped = line.strip()
        if stripped == BEGIN_SOLUTION:
            if start is not None:
                raise ReleaseError(
                    f"{filename}:{i + 1}: nested '{BEGIN_SOLUTION}' (the region opened at "
                    f"line {start + 1} is not closed). Close it with '{END_SOLUTION}'.")
            start = i
        elif stripped == END_SOLUTION:
            if start is None:
                raise ReleaseError(
                    f"{filename}:{i + 1}: '{END_SOLUTION}' without a matching "
                    f"'{BEGIN_SOLUTION}' above it.")
            regions.append((start, i))
            start = None
        elif BEGIN_SOLUTION in line or END_SOLUTION in line:
            raise ReleaseError(
                f"{filename}:{i + 1}: a solution marker must stand alone on its line "
                f"(found {stripped!r}).")
    if start is not None:
        raise ReleaseError(
            f"{filename}:{start + 1}: '{BEGIN_SOLUTION}' is never closed. "
            f"Add '{END_SOLUTION}' at the end of the region.")
    return regions


def stub_source(text: str, filename: str = "<module>") -> str:
    """Return ``text`` (Python source) with every solution region replaced by a stub that names
    its task, indented like the region's BEGIN line::

        # YOUR CODE HERE
        raise NotImplementedError("svm_loss_vectorized: compute the SVM loss and its gradient without loops (see the docstring)")

    The message comes from the grading manifest (:func:`grading.manifest.stub_message`): the
    function's qualname and what to do. Everything outside the regions (signatures, docstrings,
    initialisations, returns) is kept verbatim. The result is checked: it must parse, and every
    stub must sit inside a function body (a stub at module or class level would make the module
    fail to import). Raises ReleaseError with the file and line otherwise.
    """
    lines = text.splitlines(keepends=True)
    regions = solution_regions(text, filename)
    if not regions:
        return text
    newline = "\r\n" if text.count("\r\n") > text.count("\n") // 2 else "\n"
    out = []
    stub_lines = []  # 1-based line numbers of the raise statements in the output
    pos = 0
    for begin, end in regions:
        out.extend(lines[pos:begin])
        indent = re.match(r"[ \t]*", lines[begin]).group(0)
        out.append(indent + STUB_COMMENT + newline)
        out.append(indent + "raise NotImplementedError()" + newline)
        stub_lines.append(len(out))
        pos = end + 1
    out.extend(lines[pos:])
    result = "".join(out)
    if text.endswith(("\n", "\r")) is False and result.endswith(newline):
        result = result[: -len(newline)]
    try:
        tree = ast.parse(result, filename=filename)
    except SyntaxError as exc:
        raise ReleaseError(
            f"{filename}: the stubbed module does not parse ({exc.msg}, line {exc.lineno}). "
            "Check that each solution region is indented like the code it replaces.") from exc
    owners = _enclosing_functions(tree)
    for lineno in stub_lines:
        if lineno not in owners:
            raise ReleaseError(
                f"{filename}:{lineno}: a solution region outside a function body; its stub "
                "would raise when the module is imported. Move the region into a function.")
    return _name_the_tasks(result, stub_lines, owners, filename)


def _enclosing_functions(tree: ast.Module) -> dict:
    """``{line: qualname}`` of every line in a function body, named after the innermost function
    (``TwoLayerNet.loss``; a function defined inside another one is ``outer.inner``)."""
    parent = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    owners = {}
    for node in ast.walk(tree):         # outer functions first: an inner one overwrites its lines
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names, up = [node.name], parent.get(node)
            while up is not None:
                if isinstance(up, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.append(up.name)
                up = parent.get(up)
            owners.update(dict.fromkeys(range(node.body[0].lineno, node.end_lineno + 1), ".".join(reversed(names))))
    return owners


def _name_the_tasks(result: str, stub_lines: list, owners: dict, filename: str) -> str:
    """Put each stub's message (from the manifest) into its ``raise NotImplementedError()``."""
    from grading.manifest import stub_message

    module_file = None if filename.startswith("<") else filename.replace("\\", "/")
    parts = {}
    for lineno in stub_lines:
        parts.setdefault(owners[lineno], []).append(lineno)
    lines = result.splitlines(keepends=True)
    for qualname, linenos in parts.items():
        for part, lineno in enumerate(linenos):
            message = json.dumps(stub_message(qualname, module_file, part, len(linenos)), ensure_ascii=False)
            lines[lineno - 1] = lines[lineno - 1].replace("NotImplementedError()", f"NotImplementedError({message})", 1)
    return "".join(lines)


def stub_file(src, dest):
    """Write the stubbed version of the Python file ``src`` to ``dest``."""
    src, dest = Path(src), Path(dest)
    text = src.read_text(encoding="utf-8")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(stub_source(text, filename=str(src)), encoding="utf-8")


# ----------------------------------------------------------------------------- what ships

def _normalise_module(name):
    """'classifiers/linear_svm.py', 'classifiers.linear_svm', 'cs231n_lib/classifiers/linear_svm.py'
    -> 'classifiers/linear_svm.py' (path relative to cs231n_lib/, posix)."""
    name = str(name).replace("\\", "/")
    if name.endswith(".py"):
        name = name[:-3]
    name = name.replace("/", ".")
    if name.startswith(PACKAGE + "."):
        name = name[len(PACKAGE) + 1:]
    return name.replace(".", "/") + ".py"


_SCORE_CALL = re.compile(r"\bscore\(([^)]*)\)")
_STRING = re.compile(r"""["']([A-Za-z_][\w.]*)["']""")


def hidden_score_paths(source):
    """Dotted paths named in ``score("...")`` calls of a notebook cell's source."""
    paths = []
    for call in _SCORE_CALL.findall(source):
        paths.extend(_STRING.findall(call))
    return paths


def student_modules(assignment):
    """Student-edited modules of ``assignment`` (paths relative to cs231n_lib/): every module
    that holds a graded function of the grading manifest."""
    from grading import manifest

    return sorted({_normalise_module(m) for m in manifest.student_modules(assignment)})


def shipped_modules(assignment):
    """(given, student) module lists of ``assignment``, paths relative to cs231n_lib/.
    Package ``__init__.py`` files needed to import the student modules are added to
    the given ones."""
    spec = ASSIGNMENTS[assignment]
    student = student_modules(assignment)
    given = [_normalise_module(m) if not m.endswith("__init__.py") else m
             for m in spec["given_modules"]]
    for mod in student:
        parts = mod.split("/")[:-1]
        for k in range(len(parts) + 1):
            init = "/".join(parts[:k] + ["__init__.py"])
            if init not in given and init not in student:
                given.append(init)
    given = [m for m in dict.fromkeys(given + _imported_modules(given + student)) if m not in student]
    return given, student


def _imported_modules(modules, lib=LIB):
    """Modules of the package that ``modules`` import with a relative import (``from .palette import ...``),
    and theirs, so that a shipped module never fails to import for want of another (paths like ``modules``)."""
    found, todo = [], list(modules)
    while todo:
        mod = todo.pop()
        tree = ast.parse((Path(lib) / mod).read_text(encoding="utf-8"))
        base = Path(mod).parent
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level and node.module:
                folder = base
                for _ in range(node.level - 1):
                    folder = folder.parent
                target = (folder / node.module.replace(".", "/")).with_suffix(".py").as_posix()
                if (Path(lib) / target).is_file() and target not in found and target not in modules:
                    found.append(target)
                    todo.append(target)
    return found


def data_files(datasets=DATASETS):
    """Files of ``datasets/`` shipped with assignments that need data (relative names)."""
    datasets = Path(datasets)
    names = [n for n in DATA_FILES if (datasets / n).is_file()]
    for pattern in DATA_GLOBS:
        names.extend(p.name for p in sorted(datasets.glob(pattern)) if p.is_file())
    return list(dict.fromkeys(names))


# ----------------------------------------------------------------------------- course

def write_course_config(course_dir, config=CONFIG):
    """Write ``<course_dir>/nbgrader_config.py`` the first time only (it is the
    instructor's file from then on; see :mod:`grading.course`). Returns its path."""
    from grading.course import write_course_config as write_once

    return write_once(course_dir, config)[0]


def build_source(assignment, course_dir=DEFAULT_COURSE, lib=LIB, notebooks=NOTEBOOKS,
                 datasets=DATASETS, given=None, student=None):
    """Write ``<course_dir>/source/<assignment>/`` (replacing it) and return its path.

    ``given``/``student`` default to :func:`shipped_modules`. Every shipped module goes
    through the stubber (given modules normally hold no region and are copied as is).
    """
    if assignment not in ASSIGNMENTS:
        raise ReleaseError(f"unknown assignment {assignment!r}; known: {', '.join(ASSIGNMENTS)} "
                           "(grading/assignments.py)")
    spec = ASSIGNMENTS[assignment]
    if given is None or student is None:
        g, s = shipped_modules(assignment)
        given = g if given is None else given
        student = s if student is None else student
    lib, notebooks, datasets = Path(lib), Path(notebooks), Path(datasets)
    missing = [str(notebooks / n) for n in spec["notebooks"] if not (notebooks / n).is_file()]
    missing += [str(lib / m) for m in list(given) + list(student) if not (lib / m).is_file()]
    if missing:
        raise ReleaseError(f"assignment {assignment!r}: missing file(s): " + ", ".join(missing))
    if spec.get("needs_data"):
        names = data_files(datasets)
        if "fashion_mnist_subset.npz" not in names:
            raise ReleaseError(
                f"assignment {assignment!r} needs data but {datasets / 'fashion_mnist_subset.npz'} "
                "is missing. Build it with the script in datasets/ (see datasets/README).")
    else:
        names = []

    dest = Path(course_dir) / "source" / assignment
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    from grading.course import add_policy_cell, course_policy

    policy = course_policy(course_dir)
    for nb_name in spec["notebooks"]:
        shutil.copy2(notebooks / nb_name, dest / nb_name)
        add_colab_cell(dest / nb_name, assignment)
        if policy:
            add_policy_cell(dest / nb_name, policy)
    shutil.copy2(COLLECT_SCRIPT, dest / "collect_submission.py")
    for mod in list(given) + list(student):
        stub_file(lib / mod, dest / PACKAGE / mod)
    for name in names:
        (dest / "datasets").mkdir(exist_ok=True)
        shutil.copy2(datasets / name, dest / "datasets" / name)
    for src, shipped in fingerprint_files(assignment, notebooks):
        shutil.copy2(src, dest / PACKAGE / shipped)
    write_student_setup(assignment, course_dir, dest)
    return dest


FINGERPRINTS = Path(__file__).resolve().parent / "fingerprints"


def reference_lines(assignment):
    """Lines of the assignment's solution regions (modules and notebooks, and the notebooks'
    hidden tests) that appear nowhere in its public text: code only, at least 12 characters.
    No shipped file may contain one (``tests/test_release.py`` checks the release the same way)."""
    import nbformat

    def regions_of_notebook_cell(source):
        lines, out, start = source.split("\n"), [], None
        for i, line in enumerate(lines):
            if "BEGIN SOLUTION" in line or "BEGIN HIDDEN TESTS" in line:
                start = i
            elif ("END SOLUTION" in line or "END HIDDEN TESTS" in line) and start is not None:
                out.append((start, i))
                start = None
        return out

    inside, public = set(), []
    texts = []
    given, student = shipped_modules(assignment)
    for mod in given + student:
        text = (LIB / mod).read_text(encoding="utf-8")
        texts.append((text, solution_regions(text, mod), "\n"))
    for nb_name in ASSIGNMENTS[assignment]["notebooks"]:
        for cell in nbformat.read(NOTEBOOKS / nb_name, as_version=4).cells:
            texts.append((cell.source, regions_of_notebook_cell(cell.source), "\n"))
    for text, regions, _ in texts:
        lines = text.splitlines() if text else []
        region_lines = {i for begin, end in regions for i in range(begin + 1, end)}
        dropped = {i for begin, end in regions for i in range(begin, end + 1)}
        public.append("\n".join(line for i, line in enumerate(lines) if i not in dropped))
        inside.update(line.strip() for i, line in enumerate(lines) if i in region_lines)
    public_text = "\n".join(public)
    return {line for line in inside
            if len(line) >= 12 and not line.startswith("#") and line not in public_text}


# Solution lines that may appear in a release all the same: short statements any learner writes
# anyway, with the reason. Anything else of a solution region found in a released file is a leak.
ALLOWED_SOLUTION_LINES = {
    "for k in k_choices:": "the loop of every k sweep (vis.py plots one)",
    "D, M, k = w.shape": "unpacking a documented shape (two_layer_net.ipynb counts maxout parameters with it)",
    "solver.train()": "the Solver's documented call",
    "if quick_mode():": "the notebooks' documented short-run switch",
}


def normalise_line(line):
    """``line`` with its whitespace collapsed: how solution lines and released lines are compared."""
    return " ".join(line.split())


def _notebook_regions(source):
    """(begin, end) line indices of the solution and hidden-test regions of a notebook cell."""
    out, start = [], None
    for i, line in enumerate(source.split("\n")):
        if line.strip() in (BEGIN_SOLUTION, "### BEGIN HIDDEN TESTS"):
            start = i
        elif line.strip() in (END_SOLUTION, "### END HIDDEN TESTS") and start is not None:
            out.append((start, i))
            start = None
    return out


def _outside_lines(source):
    """Lines of a notebook cell outside its solution and hidden-test regions."""
    dropped = {i for begin, end in _notebook_regions(source) for i in range(begin, end + 1)}
    return [line for i, line in enumerate(source.split("\n")) if i not in dropped]


def _region_lines(text, regions):
    """Normalised non-trivial lines inside ``regions`` that the same text does not show outside them
    (a docstring that gives a formula line by line gives it to everyone)."""
    lines = text.split("\n")
    inside = {i for begin, end in regions for i in range(begin + 1, end)}
    dropped = {i for begin, end in regions for i in range(begin, end + 1)}
    outside = "\n".join(normalise_line(line) for i, line in enumerate(lines) if i not in dropped)
    found = {normalise_line(line) for i, line in enumerate(lines) if i in inside}
    return {line for line in found if len(line) >= 12 and not line.startswith("#") and line not in outside}


def solution_lines(assignment, lib=LIB, notebooks=NOTEBOOKS):
    """``{normalised line: origin}``: every non-trivial line of the solution regions (and hidden tests)
    of the assignment's shipped modules and notebooks, except lines the same file shows outside its
    regions (a stub keeps them) and :data:`ALLOWED_SOLUTION_LINES`."""
    import nbformat

    found = {}
    for mod in sum(shipped_modules(assignment), []):
        text = (Path(lib) / mod).read_text(encoding="utf-8")
        for line in _region_lines(text, solution_regions(text, mod)):
            found.setdefault(line, mod)
    for nb_name in ASSIGNMENTS[assignment]["notebooks"]:
        cells = nbformat.read(Path(notebooks) / nb_name, as_version=4).cells
        public = {normalise_line(line) for c in cells for line in _outside_lines(c.source)}
        for cell in cells:
            for line in _region_lines(cell.source, _notebook_regions(cell.source)) - public:
                found.setdefault(line, nb_name)
    return {line: origin for line, origin in found.items() if line not in ALLOWED_SOLUTION_LINES}


def leaked_solution_lines(folder, assignment, lib=LIB, notebooks=NOTEBOOKS):
    """``[(file, line, origin)]``: solution lines of ``assignment`` (:func:`solution_lines`) found in a
    released folder: in any line of a Python, text or notebook file (cell sources), or anywhere in a
    JSON string (the data files). Empty for a release that hands out no solution."""
    import nbformat

    secret = solution_lines(assignment, lib, notebooks)
    leaks = []
    for f in sorted(Path(folder).rglob("*")):
        if not f.is_file() or f.suffix not in (".py", ".ipynb", ".json", ".md", ".txt", ".sh"):
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        if f.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells)
        lines = {normalise_line(line) for line in text.split("\n")}
        flat = normalise_line(text) if f.suffix == ".json" else ""
        for line, origin in sorted(secret.items()):
            if line in lines or (flat and line in flat):
                leaks.append((str(f.relative_to(folder)), line, origin))
    return leaks


def fingerprint_files(assignment, notebooks=NOTEBOOKS, folder=FINGERPRINTS):
    """``[(source, name in cs231n_lib/)]``: the outputs of the common mistakes on the assignment's
    public check inputs (``grading/fingerprints.py``), shipped as ``cs231n_lib/fingerprints.json``
    and ``.npz`` so that a failing ``check_outputs`` can name the mistake. Data only: names,
    explanations and output values, never the code of a wrong version. Required when a notebook
    of the assignment calls ``check_outputs``."""
    pair = [(Path(folder) / f"{assignment}{ext}", f"fingerprints{ext}") for ext in (".json", ".npz")]
    if all(src.is_file() for src, _ in pair):
        return pair
    uses = [n for n in ASSIGNMENTS[assignment]["notebooks"]
            if (Path(notebooks) / n).is_file() and "check_outputs(" in (Path(notebooks) / n).read_text(encoding="utf-8")]
    if uses:
        raise ReleaseError(f"assignment {assignment!r}: {', '.join(uses)} call check_outputs, but "
                           f"{pair[0][0]} is missing. Build it with `python -m grading fingerprints -a {assignment}`.")
    return []


COLAB_CELL = Path(__file__).resolve().parent / "colab_setup_cell.py.in"  # a template: {assignment}
COLAB_CELL_ID = "colab-setup"
COLLECT_SCRIPT = Path(__file__).resolve().parent / "collect_submission.py"


def add_colab_cell(notebook, assignment):
    """Put the Colab set-up cell (``grading/colab_setup_cell.py.in``, its folder ``cs231n/<assignment>``) first
    in the notebook file ``notebook``: locked, not graded; in Colab it opens the work folder on Google Drive
    and installs the notebooks' packages, anywhere else it does nothing."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cell = nbformat.v4.new_code_cell(COLAB_CELL.read_text(encoding="utf-8").format(assignment=assignment).rstrip(),
                                     id=COLAB_CELL_ID)
    cell.metadata["nbgrader"] = {"grade": False, "grade_id": COLAB_CELL_ID, "locked": True,
                                 "schema_version": 3, "solution": False, "task": False}
    nb.cells = [cell] + [c for c in nb.cells if c.get("id") != COLAB_CELL_ID]
    nbformat.write(nb, notebook)


STUDENT_REQUIREMENTS = REPO / "requirements-student.txt"
STUDENT_SETUP_SCRIPT = Path(__file__).resolve().parent / "student_setup.py"
STUDENT_SETUP_DOC = Path(__file__).resolve().parent / "STUDENT_SETUP.md"


def write_student_setup(assignment, course_dir, dest):
    """The students' environment in the assignment folder: ``requirements-student.txt``
    (pinned, what the notebooks need), ``setup_student_env.py`` (hides nbgrader's
    instructor tools) and ``STUDENT_SETUP.md`` (how to install, work, hand in; with the
    exchange line of this course)."""
    from grading.course import exchange_settings, student_config_line
    from grading.environments import min_python

    shutil.copy2(STUDENT_REQUIREMENTS, dest / "requirements-student.txt")
    shutil.copy2(STUDENT_SETUP_SCRIPT, dest / "setup_student_env.py")
    try:
        root, course_id = exchange_settings(course_dir)
    except FileNotFoundError:
        from grading.course import COURSE_ID, DEFAULT_EXCHANGE
        root, course_id = DEFAULT_EXCHANGE, COURSE_ID
    (dest / "STUDENT_SETUP.md").write_text(STUDENT_SETUP_DOC.read_text().format(
        python=min_python(), exchange_line=student_config_line(root), assignment=assignment,
        course_id=course_id))


def nbgrader(args, course_dir, check=True, quiet=False, env=None):
    """Run ``python -m nbgrader ARGS`` in ``course_dir`` (which holds nbgrader_config.py)."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    run_env = dict(os.environ if env is None else env)
    # nbgrader runs helper commands (alembic, the kernel) from PATH: put this
    # interpreter's bin/ first so a venv works without being activated.
    bindir = str(Path(sys.executable).parent)
    run_env["PATH"] = bindir + os.pathsep + run_env.get("PATH", "")
    proc = subprocess.run(cmd, cwd=str(course_dir), env=run_env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if not quiet and proc.stdout:
        sys.stdout.write(proc.stdout)
    if check and proc.returncode != 0:
        tail = "\n".join(proc.stdout.splitlines()[-30:])
        raise ReleaseError(f"`nbgrader {' '.join(args)}` failed in {course_dir} "
                           f"(exit {proc.returncode}):\n{tail}")
    return proc


def generate(assignment, course_dir=DEFAULT_COURSE, quiet=True):
    """``nbgrader generate_assignment ASSIGNMENT --force`` in ``course_dir``; returns the
    path of ``release/<assignment>/``."""
    nbgrader(["generate_assignment", assignment, "--force"], course_dir, quiet=quiet)
    from grading.course import apply_due_dates   # the course config's due dates to the gradebook

    apply_due_dates(course_dir, [assignment])
    return Path(course_dir) / "release" / assignment


def release_assignment(assignment, course_dir=DEFAULT_COURSE, quiet=True, **paths):
    """Build the source folder of ``assignment`` and generate its release."""
    course_dir = Path(course_dir).resolve()
    write_course_config(course_dir)
    build_source(assignment, course_dir, **paths)
    return generate(assignment, course_dir, quiet=quiet)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m grading release",
        description="Write the student release of every assignment (stubbed cs231n_lib, "
                    "notebooks through nbgrader generate_assignment, data).")
    parser.add_argument("--out", metavar="DIR",
                        help="also copy each released assignment folder to DIR/<assignment>/")
    parser.add_argument("--course", metavar="DIR", default=str(DEFAULT_COURSE),
                        help="nbgrader course directory (default: build/course)")
    parser.add_argument("--assignment", "-a", action="append", choices=sorted(ASSIGNMENTS),
                        help="release only this assignment (repeatable; default: all)")
    parser.add_argument("--verbose", "-v", action="store_true", help="show nbgrader's log")
    args = parser.parse_args(argv)

    course_dir = Path(args.course).resolve()
    write_course_config(course_dir)
    failures = {}
    released = []
    for assignment in args.assignment or list(ASSIGNMENTS):
        try:
            given, student = shipped_modules(assignment)
            build_source(assignment, course_dir, given=given, student=student)
            path = generate(assignment, course_dir, quiet=not args.verbose)
        except ReleaseError as exc:
            failures[assignment] = str(exc)
            print(f"FAILED {assignment}: {exc}", file=sys.stderr)
            continue
        released.append(path)
        print(f"released {assignment}: {path}  (student modules stubbed: "
              f"{', '.join(student) or 'none'})")
        if args.out:
            out = Path(args.out).resolve() / assignment
            if out.exists():
                shutil.rmtree(out)
            shutil.copytree(path, out)
            prepared = student_setup.prepare_notebooks(out)   # a learner's own copy, on their machine
            print(f"  copied to {out} ({len(prepared)} notebook(s) prepared for this Python and trusted)")
    if failures:
        print(f"{len(failures)} assignment(s) not released: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
