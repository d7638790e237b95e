"""The student release: the stubber, the course source folder, and the generated release of
``linear_classifiers`` (no solution code, no hidden test, no reference output; stubs import
and raise NotImplementedError; the released folder works from anywhere)."""
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from grading import release
from grading.assignments import ASSIGNMENTS
from grading.release import ReleaseError, stub_source

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "linear_classifiers"
PACKAGE_DIR = "cs231n_lib"
MARKERS = (b"BEGIN SOLUTION", b"END SOLUTION", b"BEGIN HIDDEN TESTS", b"END HIDDEN TESTS",
           b"HIDDEN TESTS", b"grading.hidden")
# the misconception catalogue's wrong versions (grading/misconceptions) are grader-side only
MISCONCEPTION_MARKERS = (b"grading.misconceptions", b"misconceptions", b"mistakes=frozenset()", b"WRONG_VERSIONS",
                         b"in mistakes")


def _misconception_lines():
    """The lines of the catalogue's wrong versions that switch on a mistake flag."""
    folder = ROOT / "grading" / "misconceptions"
    lines = {line.strip() for f in folder.glob("*.py") for line in f.read_text().splitlines()
             if "mistakes" in line and not line.strip().startswith("#")}
    assert len(lines) > 100, "expected the wrong versions' flag switches"
    return lines


def _assert_no_misconceptions(path):
    """No file of the released folder holds the catalogue or a line of its wrong versions."""
    assert not any("misconceptions" in p.parts for p in Path(path).rglob("*")), "grading/misconceptions shipped"
    lines = _misconception_lines()
    for f in _files(path):
        data = f.read_bytes()
        for marker in MISCONCEPTION_MARKERS:
            assert marker not in data, f"{f.relative_to(path)} contains {marker!r}"
        if f.suffix in (".py", ".ipynb", ".json"):
            text = f.read_text(errors="replace")
            assert not [line for line in lines if line in text], f"{f.relative_to(path)} holds wrong-version code"


# ----------------------------------------------------------------------------- stubber

MODULE = '''\
"""A toy module."""
import numpy as np


def loss(W, X, reg):
    """
    Inputs:
    - W: A numpy array of shape (D, C).
    Returns a tuple of (loss, dW).
    """
    loss = 0.0
    dW = np.zeros(W.shape)
    ### BEGIN SOLUTION
    scores = X.dot(W)
    loss = np.sum(scores ** 2) + reg * np.sum(W * W)  # distinctive_reference_line
    dW = 2 * X.T.dot(scores) + 2 * reg * W
    ### END SOLUTION
    return loss, dW


class Model:
    """Given class: __init__ is given, predict is the student's."""

    def __init__(self, k=1):
        self.k = k

    def predict(self, X):
        """Predict labels for X of shape (N, D)."""
        if X.ndim != 2:
            raise ValueError("X must be 2-d")
        for i in range(3):
            ### BEGIN SOLUTION
            if i > 1:
                return X.sum(axis=1) * self.k  # another_reference_line
            ### END SOLUTION
        return None
'''


def test_stub_replaces_each_region_in_place():
    out = stub_source(MODULE)
    assert "### BEGIN SOLUTION" not in out and "### END SOLUTION" not in out
    assert "distinctive_reference_line" not in out and "another_reference_line" not in out
    assert ('    # YOUR CODE HERE\n    raise NotImplementedError("loss: write this part (see the docstring)")\n'
            '    return loss, dW\n') in out
    assert ('            # YOUR CODE HERE\n'
            '            raise NotImplementedError("Model.predict: write this part (see the docstring)")\n'
            "        return None\n") in out
    # everything outside the regions is kept verbatim
    for kept in ('def loss(W, X, reg):', '- W: A numpy array of shape (D, C).', 'dW = np.zeros(W.shape)',
                 'def __init__(self, k=1):', 'raise ValueError("X must be 2-d")',
                 '"""Predict labels for X of shape (N, D)."""'):
        assert kept in out
    assert out.count("raise NotImplementedError(") == 2


def test_every_stub_names_its_function_and_task():
    """Each solution region of a graded function becomes a stub whose message is the function's
    qualname and its task from the manifest (one message per region, "part i of n" when several)."""
    from grading import manifest as M
    from grading.release import LIB

    for g in M.MANIFEST:
        ref = (LIB / g.module_file).read_text()
        out = stub_source(ref, filename=g.module_file)
        assert out == stub_source(ref), "the message must not depend on how the file is named"
        tasks = (g.task,) if isinstance(g.task, str) else g.task
        assert tasks and all(tasks), f"{g.path}: no task in the manifest"
        for part, task in enumerate(tasks):
            where = f" (part {part + 1} of {len(tasks)})" if len(tasks) > 1 else ""
            assert f'raise NotImplementedError("{g.dotted.qualname}{where}: {task} (see the docstring)")' in out, g.path
    qualnames = [g.dotted.qualname for g in M.MANIFEST]
    assert len(set(qualnames)) == len(qualnames), "a qualname that two modules share needs the file to find its task"


def test_stubbed_module_imports_and_raises(tmp_path):
    (tmp_path / "toy.py").write_text(stub_source(MODULE))
    sys.path.insert(0, str(tmp_path))
    try:
        import numpy as np
        import toy
        model = toy.Model(k=3)
        assert model.k == 3  # given code still works with the stubs
        with pytest.raises(NotImplementedError):
            toy.loss(np.ones((2, 3)), np.ones((4, 2)), 0.1)
        with pytest.raises(NotImplementedError):
            model.predict(np.ones((2, 2)))
        with pytest.raises(ValueError):  # given checks before the region still run
            model.predict(np.ones(2))
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("toy", None)


def test_text_without_regions_is_unchanged():
    text = "def f(x):\n    return x\n"
    assert stub_source(text) == text


@pytest.mark.parametrize("text, message", [
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "never closed"),
    ("def f():\n    return 1\n    ### END SOLUTION\n", "without a matching"),
    ("def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    x = 1\n    ### END SOLUTION\n"
     "    ### END SOLUTION\n", "nested"),
    ("### BEGIN SOLUTION\nX = 1\n### END SOLUTION\n", "outside a function"),
    ("class A:\n    ### BEGIN SOLUTION\n    x = 1\n    ### END SOLUTION\n", "outside a function"),
    ("def f():\n    x = 1  ### BEGIN SOLUTION\n", "stand alone"),
])
def test_broken_regions_are_reported_with_file_and_line(text, message):
    with pytest.raises(ReleaseError, match=message) as info:
        stub_source(text, filename="pkg/mod.py")
    assert "pkg/mod.py:" in str(info.value)


def test_hidden_score_paths():
    src = '### BEGIN HIDDEN TESTS\nfrom grading.hidden import score\nscore("a.b.f", \'a.c.g\')\n### END HIDDEN TESTS'
    assert release.hidden_score_paths(src) == ["a.b.f", "a.c.g"]


def test_normalise_module_names():
    for name in ("classifiers/linear_svm.py", "classifiers.linear_svm", "cs231n_lib/classifiers/linear_svm.py",
                 "cs231n_lib.classifiers.linear_svm"):
        assert release._normalise_module(name) == "classifiers/linear_svm.py"


# ----------------------------------------------------------------------------- course source on a fixture

def _toy_tree(tmp_path):
    lib = tmp_path / "lib"
    (lib / "pkg").mkdir(parents=True)
    (lib / "__init__.py").write_text("")
    (lib / "pkg" / "__init__.py").write_text("")
    (lib / "pkg" / "mod.py").write_text(MODULE)
    (lib / "helpers.py").write_text("def helper():\n    return 1\n")
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from cs231n_lib.pkg import mod")]
    nbformat.write(nb, nbs / "toy.ipynb")
    data = tmp_path / "data"
    data.mkdir()
    for name in ("fashion_mnist_subset.npz", "fashion_mnist_subset.sha256", "get_datasets.sh",
                 "LICENSE-fashion-mnist.txt", "build_fashion_mnist_subset.py"):
        (data / name).write_text(name)
    return lib, nbs, data


@pytest.mark.parametrize("needs_data", [True, False])
def test_build_source_layout(tmp_path, monkeypatch, needs_data):
    lib, nbs, data = _toy_tree(tmp_path)
    monkeypatch.setitem(release.ASSIGNMENTS, "toy", {
        "title": "toy", "notebooks": ["toy.ipynb"], "given_modules": ["__init__.py", "helpers.py"],
        "needs_data": needs_data})
    dest = release.build_source("toy", tmp_path / "course", lib=lib, notebooks=nbs, datasets=data,
                                given=["__init__.py", "pkg/__init__.py", "helpers.py"], student=["pkg/mod.py"])
    files = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    expected = ["cs231n_lib/__init__.py", "cs231n_lib/helpers.py", "cs231n_lib/pkg/__init__.py",
                "cs231n_lib/pkg/mod.py", "toy.ipynb",
                # the students' environment (grading/release.py: write_student_setup)
                "STUDENT_SETUP.md", "requirements-student.txt", "setup_student_env.py",
                # the Gradescope zip (issue 17: grading/collect_submission.py)
                "collect_submission.py"]
    if needs_data:  # the data, its checksum, licence and download script; not the build script
        expected += ["datasets/LICENSE-fashion-mnist.txt", "datasets/fashion_mnist_subset.npz",
                     "datasets/fashion_mnist_subset.sha256", "datasets/get_datasets.sh"]
    assert files == sorted(expected)
    assert (dest / "cs231n_lib/pkg/mod.py").read_text() == stub_source(MODULE)
    assert (dest / "cs231n_lib/helpers.py").read_text() == "def helper():\n    return 1\n"


def test_build_source_names_missing_files(tmp_path, monkeypatch):
    lib, nbs, data = _toy_tree(tmp_path)
    monkeypatch.setitem(release.ASSIGNMENTS, "toy", {
        "title": "toy", "notebooks": ["toy.ipynb", "absent.ipynb"], "given_modules": [], "needs_data": False})
    with pytest.raises(ReleaseError, match="absent.ipynb"):
        release.build_source("toy", tmp_path / "course", lib=lib, notebooks=nbs, datasets=data,
                             given=[], student=["pkg/mod.py"])


def test_every_assignment_ships_its_student_modules_and_their_packages():
    for name in ASSIGNMENTS:
        given, student = release.shipped_modules(name)
        assert not set(given) & set(student)
        for mod in student:
            parts = mod.split("/")[:-1]
            for k in range(len(parts) + 1):
                assert "/".join(parts[:k] + ["__init__.py"]) in given


# ----------------------------------------------------------------------------- the real release

def _available(name):
    spec = ASSIGNMENTS[name]
    return all((release.NOTEBOOKS / nb).is_file() for nb in spec["notebooks"])


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    if not _available(ASSIGNMENT):
        pytest.fail(f"notebooks of {ASSIGNMENT} missing in notebooks/: {ASSIGNMENTS[ASSIGNMENT]['notebooks']}")
    tmp = tmp_path_factory.mktemp("release")
    course, out = tmp / "course", tmp / "out"
    # the command itself: `python -m grading release --course C --assignment A --out O` (its trust
    # store in the test's folder: the self-study copy's notebooks are signed for this machine)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_DATA_DIR", str(tmp / "jupyter-data"))
        assert release.main(["--course", str(course), "--assignment", ASSIGNMENT, "--out", str(out)]) == 0
    return course, course / "release" / ASSIGNMENT


def test_the_self_study_copy_is_prepared_for_this_machine(released):
    """``--out`` (a learner's own copy, made on their machine): every notebook carries this Python's
    kernel ``language_info`` (JupyterLab shows no unsaved changes on opening) and is signed in this
    machine's trust store; the course's release (sent to students elsewhere) is left as generated."""
    import nbformat
    from ipykernel.ipkernel import IPythonKernel
    from nbformat.sign import NotebookNotary

    course, _ = released
    out = course.parent / "out" / ASSIGNMENT
    notebooks = sorted(out.glob("*.ipynb"))
    assert notebooks
    info = json.loads(json.dumps(IPythonKernel.language_info))
    notary = NotebookNotary(data_dir=str(course.parent / "jupyter-data"))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata.get("language_info") == info, path.name
        assert notary.check_signature(nb), path.name
    for path in sorted((course / "release" / ASSIGNMENT).glob("*.ipynb")):
        assert nbformat.read(path, as_version=4).metadata.get("language_info") != info, path.name


def _files(folder):
    return [p for p in Path(folder).rglob("*") if p.is_file()]


def _distinctive_lines(text, regions_of):
    """Lines inside solution regions that appear nowhere outside them (code only, >= 12 chars)."""
    lines = text.splitlines()
    inside, outside = set(), set()
    region_lines = set()
    for begin, end in regions_of:
        region_lines.update(range(begin + 1, end))
    for i, line in enumerate(lines):
        (inside if i in region_lines else outside).add(line.strip())
    return {l for l in inside - outside if len(l) >= 12 and not l.startswith("#")}


def _notebook_regions(source):
    lines = source.split("\n")
    regions, start = [], None
    for i, line in enumerate(lines):
        if "BEGIN SOLUTION" in line or "BEGIN HIDDEN TESTS" in line:
            start = i
        elif ("END SOLUTION" in line or "END HIDDEN TESTS" in line) and start is not None:
            regions.append((start, i))
            start = None
    return regions


def _without_regions(text, regions):
    lines = text.split("\n")
    drop = set()
    for begin, end in regions:
        drop.update(range(begin, end + 1))
    return "\n".join(l for i, l in enumerate(lines) if i not in drop)


def _reference_lines():
    """Distinctive lines of every solution region of the assignment's modules and notebooks,
    and of the notebooks' hidden test regions: lines that occur nowhere in the public
    (outside-region) text of the assignment's sources."""
    given, student = release.shipped_modules(ASSIGNMENT)
    found, public = {}, []
    for mod in given + student:
        text = (release.LIB / mod).read_text()
        regions = release.solution_regions(text)
        public.append(_without_regions(text, regions))
        for line in _distinctive_lines(text, regions):
            found[line] = mod
    for nb_name in ASSIGNMENTS[ASSIGNMENT]["notebooks"]:
        nb = nbformat.read(release.NOTEBOOKS / nb_name, as_version=4)
        for cell in nb.cells:
            regions = _notebook_regions(cell.source)
            public.append(_without_regions(cell.source, regions))
            for line in _distinctive_lines(cell.source, regions):
                found[line] = nb_name
    public = "\n".join(public)
    return {line: origin for line, origin in found.items() if line not in public}


def test_release_has_no_markers_hidden_tests_or_grader(released):
    _, path = released
    assert (path / "cs231n_lib").is_dir()
    for f in _files(path):
        data = f.read_bytes()
        for marker in MARKERS:
            assert marker not in data, f"{f.relative_to(path)} contains {marker!r}"
        assert "__pycache__" not in f.parts and f.suffix != ".pyc"
    assert not (path / "grading").exists()


def test_release_has_no_misconception_variants(released):
    _, path = released
    _assert_no_misconceptions(path)


def test_release_has_no_reference_code(released):
    _, path = released
    lines = _reference_lines()
    assert len(lines) > 20, "expected many distinctive reference lines to look for"
    texts = {f: f.read_text(errors="replace") for f in _files(path)
             if f.suffix in (".py", ".ipynb", ".sh", ".txt", ".md", ".json")}
    for line, origin in lines.items():
        for f, text in texts.items():
            if f.suffix == ".ipynb":
                hay = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells)
            else:
                hay = text
            assert line not in hay, f"reference line from {origin} found in {f.relative_to(path)}: {line!r}"


def _json_strings(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_release_ships_the_fingerprints_as_plain_data(name, released, tmp_path):
    """cs231n_lib/fingerprints.json + .npz: the committed files of the assignment (names, explanations,
    outputs of the mistakes), never the grader-side check inputs, no pickle, no code."""
    import numpy as np

    from grading import fingerprints

    if name == ASSIGNMENT:
        path = released[1]
    else:
        if not _available(name):
            pytest.skip(f"notebooks of {name} not written yet")
        path = release.build_source(name, tmp_path / "course")
    shipped = {p.name for p in (path / PACKAGE_DIR).glob("fingerprints*")}
    assert shipped == {"fingerprints.json", "fingerprints.npz"}
    assert not list(path.rglob("*.inputs.*")), "the recorded check inputs are grader-side only"
    json_src, npz_src = fingerprints.files(name)
    assert (path / PACKAGE_DIR / "fingerprints.json").read_bytes() == json_src.read_bytes()
    assert (path / PACKAGE_DIR / "fingerprints.npz").read_bytes() == npz_src.read_bytes()
    with np.load(path / PACKAGE_DIR / "fingerprints.npz", allow_pickle=False) as npz:
        assert all(npz[k].dtype.kind in "biuf" for k in npz.files)
    table = json.loads((path / PACKAGE_DIR / "fingerprints.json").read_text())
    code = ("def ", "lambda ", "import numpy", "\n    ", "mistakes=", "in mistakes", " in m:", "frozenset(")
    for text in _json_strings(table):
        assert not any(c in text for c in code), f"code-like text shipped in fingerprints.json: {text[:120]!r}"


def test_release_notebooks_have_no_outputs_and_keep_tests(released):
    _, path = released
    for nb_name in ASSIGNMENTS[ASSIGNMENT]["notebooks"]:
        nb = nbformat.read(path / nb_name, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
        graded = sum(c.metadata.get("nbgrader", {}).get("grade", False) for c in nb.cells)
        assert graded >= 1, f"{nb_name}: no graded cell left"


def test_released_student_modules_are_stubbed(released):
    _, path = released
    _, student = release.shipped_modules(ASSIGNMENT)
    assert student, "no student module for the assignment"
    for mod in student:
        text = (path / "cs231n_lib" / mod).read_text()
        ref = (release.LIB / mod).read_text()
        assert text.count('raise NotImplementedError("') == len(release.solution_regions(ref))
        assert text == stub_source(ref)


def _run_in(folder, code):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CS231N_")}
    env["MPLBACKEND"] = "Agg"
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=str(folder), env=env,
                          text=True, capture_output=True, timeout=120)


def test_released_folder_is_self_contained(released, tmp_path):
    """A copy of the folder elsewhere imports its own (stubbed) package and finds its data."""
    _, path = released
    copy = tmp_path / "student" / ASSIGNMENT
    shutil.copytree(path, copy)
    given, student = release.shipped_modules(ASSIGNMENT)
    modules = [m[:-3].replace("/", ".").removesuffix(".__init__") for m in given + student]
    proc = _run_in(copy, f"""
        import importlib, pathlib, json
        import numpy as np
        here = pathlib.Path.cwd().resolve()
        for name in {["cs231n_lib." + m if m != "__init__" else "cs231n_lib" for m in modules]!r}:
            mod = importlib.import_module(name)
            assert pathlib.Path(mod.__file__).resolve().is_relative_to(here), (name, mod.__file__)
        from cs231n_lib.data import load_dataset
        d = load_dataset()
        print(json.dumps({{"n": int(d["X_train"].shape[0]), "source": str(d["source"])}}))
    """)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    assert info["n"] > 0


def test_released_stubs_raise_not_implemented(released, tmp_path):
    _, path = released
    copy = tmp_path / ASSIGNMENT
    shutil.copytree(path, copy)
    proc = _run_in(copy, """
        import numpy as np
        from cs231n_lib.classifiers.linear_svm import svm_loss_naive, svm_loss_vectorized
        from cs231n_lib.classifiers.softmax import softmax_loss_naive, softmax_loss_vectorized
        from cs231n_lib.classifiers.k_nearest_neighbor import KNearestNeighbor
        rng = np.random.default_rng(0)
        W, X, y = rng.standard_normal((5, 3)), rng.standard_normal((4, 5)), np.array([0, 1, 2, 1])
        calls = [lambda f=f: f(W, X, y, 0.1) for f in
                 (svm_loss_naive, svm_loss_vectorized, softmax_loss_naive, softmax_loss_vectorized)]
        knn = KNearestNeighbor()
        knn.train(X, y)
        calls += [lambda: knn.compute_distances_two_loops(X), lambda: knn.compute_distances_one_loop(X),
                  lambda: knn.compute_distances_no_loops(X)]
        for call in calls:
            try:
                call()
            except NotImplementedError:
                continue
            raise SystemExit("a stub did not raise NotImplementedError")
        print("ok", len(calls))
    """)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok 7" in proc.stdout


def test_release_command_out_copies_folders(released):
    course, path = released
    out = released_out = path.parent.parent.parent / "out"
    assert sorted(p.name for p in released_out.iterdir()) == [ASSIGNMENT]
    assert sorted(p.relative_to(path).as_posix() for p in _files(path)) == \
        sorted(p.relative_to(out / ASSIGNMENT).as_posix() for p in _files(out / ASSIGNMENT))
    # the source folder holds the stubs too, so the formgrader's Generate gives the same release
    src = course / "source" / ASSIGNMENT / "cs231n_lib"
    for f in _files(src):
        assert b"BEGIN SOLUTION" not in f.read_bytes()


@pytest.mark.parametrize("name", [a for a in ASSIGNMENTS if a != ASSIGNMENT])
def test_other_assignments_release_without_markers(name, tmp_path):
    """The builder is generic over grading/assignments.py."""
    if not _available(name):
        pytest.skip(f"notebooks of {name} not written yet")
    path = release.release_assignment(name, course_dir=tmp_path / "course")
    _, student = release.shipped_modules(name)
    for mod in student:
        assert 'raise NotImplementedError("' in (path / PACKAGE_DIR / mod).read_text()
    for f in _files(path):
        data = f.read_bytes()
        for marker in MARKERS:
            assert marker not in data, f"{name}: {f.relative_to(path)} contains {marker!r}"
    _assert_no_misconceptions(path)
    assert (path / "datasets").is_dir() == bool(ASSIGNMENTS[name]["needs_data"])


# ----------------------------------------------------------------------------- a student's wrong function

WRONG_SVM = ("            if j == y[i]:\n                continue\n", "")   # the correct class counted in the sum


@pytest.mark.slow
@pytest.mark.notebook
def test_a_released_notebook_names_the_mistake_in_the_check_cell_and_validate_fails(released, tmp_path):
    """A student's folder: the release, the reference modules filled in, except svm_loss_naive, which
    counts the correct class in the margin sum. Run as the student runs it, the check cell prints the
    mistake's name and explanation (from the shipped fingerprints) and stops with CheckFailed; nbgrader's
    Validate reports that graded cell as failed."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbgrader.validator import Validator

    from grading import workflow

    _, release_dir = released
    folder = workflow.stub_submission(tmp_path / "student", release_dir)
    given, student = release.shipped_modules(ASSIGNMENT)
    for mod in student:
        shutil.copy2(release.LIB / mod, folder / PACKAGE_DIR / mod)
    workflow.break_module(folder, "classifiers/linear_svm.py", *WRONG_SVM)
    nb = nbformat.read(folder / "svm.ipynb", as_version=4)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CS231N_")}
    env.update(MPLBACKEND="Agg", CS231N_QUICK="1")
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        with pytest.raises(CellExecutionError, match="CheckFailed"):
            NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
        cell = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "svm-check-loss")
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors and errors[0].ename == "CheckFailed", cell.outputs
        assert "FAIL svm_loss_naive, hand example, reg = 0.0: loss wrong" in text
        assert "the correct class is counted in the margin sum" in text and "Skip j == y[i]" in text
        assert "loss: got 2.5, expected 1.5" in text
        nbformat.write(nb, tmp_path / "executed_svm.ipynb")
        results = Validator().validate(str(folder / "svm.ipynb"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    failed = results.get("failed", [])
    assert any("svm_loss_naive, hand example" in f["source"] for f in failed), results
