"""Set-up where students are: the Python the pins need, pip and uv paths of the Makefile,
and the two environments (instructor: everything; student: what the notebooks need,
nbgrader's instructor tools off)."""
import importlib.metadata as metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from grading import environments, student_setup
from tests.conftest import ROOT

MAKEFILE = ROOT / "Makefile"


def makefile_min_python():
    return re.search(r"^MIN_PYTHON := (\S+)", MAKEFILE.read_text(), re.M).group(1)


def lowest_python_for_pins():
    """The lowest 3.x.y that every pinned wheel's Requires-Python accepts, and the pins
    that exclude 3.11.0."""
    specs = {}
    for name, line in environments.pins().items():
        requires = metadata.distribution(name).metadata.get("Requires-Python")
        if requires:
            specs[line] = SpecifierSet(requires)
    for minor in range(8, 20):
        for micro in range(0, 30):
            v = Version(f"3.{minor}.{micro}")
            if all(s.contains(v) for s in specs.values()):
                return str(v), sorted(l for l, s in specs.items() if not s.contains(Version("3.11.0")))
    raise AssertionError("no Python 3 satisfies every pin")


def test_makefile_checks_the_python_the_pins_need():
    lowest, strict = lowest_python_for_pins()
    assert makefile_min_python() == lowest
    for line in strict:   # the message names the pin(s) that need more than 3.11
        assert line.replace("==", " ") in MAKEFILE.read_text(), line


def fake_python(tmp_path, version):
    """An executable that reports ``version`` as sys.version_info and runs code otherwise."""
    major, minor, micro = map(int, version.split("."))
    path = tmp_path / f"python{version}"
    path.write_text(f"""#!{sys.executable}
import sys
class V(tuple):
    major, minor, micro = {major}, {minor}, {micro}
sys.version_info = V(({major}, {minor}, {micro}, "final", 0))
exec(sys.argv[2] if sys.argv[1] == "-c" else open(sys.argv[1]).read())
""")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize("version,ok", [("3.11.2", False), ("3.11.5", True), ("3.12.0", True)])
def test_version_check_message(tmp_path, version, ok):
    proc = subprocess.run(["make", "--no-print-directory", "check-python", f"PYTHON={fake_python(tmp_path, version)}"],
                          cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert (proc.returncode == 0) == ok, proc.stdout
    if not ok:
        assert f"Python >= {makefile_min_python()} is required" in proc.stdout
        assert f"found {version}" in proc.stdout
        assert "make PYTHON=python3.12" in proc.stdout


def make_venv(tmp_path, installer, reqs=None, path_first=None, umask=None):
    venv = tmp_path / f"venv-{installer}"
    if reqs is None:
        reqs = tmp_path / "requirements-tiny.txt"
        reqs.write_text(environments.pins()["six"] + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "VIRTUAL_ENV"))}
    if path_first:
        env["PATH"] = f"{path_first}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run(["make", "--no-print-directory", "venv", f"VENV={venv}", f"REQUIREMENTS={reqs}",
                           f"INSTALLER={installer}", f"PYTHON={sys.executable}"], cwd=ROOT, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600,
                          preexec_fn=None if umask is None else (lambda: os.umask(umask)))
    assert proc.returncode == 0, proc.stdout
    py = venv / "bin" / "python"
    out = subprocess.run([str(py), "-c", "import six, grading, sys; print(six.__version__, sys.prefix)"],
                         cwd="/", text=True, stdout=subprocess.PIPE, check=True).stdout.split()
    assert out[0] == environments.pins()["six"].split("==")[1]
    assert Path(out[1]) == venv
    assert (venv / ".installed-requirements").exists()
    return proc.stdout


@pytest.mark.slow
def test_pip_path_builds_a_venv_the_sandboxed_child_can_read(tmp_path):
    # under umask 077 (hardened servers) too: as root, the grading child runs as another uid
    log = make_venv(tmp_path, "pip", umask=0o077)
    assert "installing pinned" in log and "with uv" not in log
    venv = tmp_path / "venv-pip"
    site = next(venv.glob("lib/python3*/site-packages"))
    for path in (venv, site, site / "six.py"):
        wanted = 0o005 if path.is_dir() else 0o004
        assert path.stat().st_mode & wanted == wanted, f"{path}: {path.stat().st_mode:o}"


@pytest.mark.slow
def test_uv_path_builds_a_venv(tmp_path):
    # uv is pinned in requirements.txt, so the test environment always has it beside its Python
    here = Path(sys.executable).parent
    uv = shutil.which("uv", path=str(here)) or shutil.which("uv")
    assert uv, f"uv is pinned in requirements.txt but is neither in {here} nor on PATH: reinstall the venv"
    # the students' whole set: uv installs exactly the pins (nothing seeded), so this also
    # proves the list is complete (nbgrader imports setuptools at run time)
    log = make_venv(tmp_path, "uv", ROOT / "requirements-student.txt", path_first=Path(uv).parent)
    assert "syncing" in log and "with uv" in log
    py = tmp_path / "venv-uv" / "bin" / "python"
    subprocess.run([str(py), "-c", "import nbgrader.apps, jupyterlab, numpy, matplotlib"], check=True)


def test_uv_path_without_uv_says_so(tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    for tool in ("bash", "make", "env", "sh"):
        if shutil.which(tool):
            os.symlink(shutil.which(tool), bare / tool)
    proc = subprocess.run([str(bare / "make"), "--no-print-directory", "venv", f"VENV={tmp_path / 'v'}",
                           "INSTALLER=uv", f"PYTHON={sys.executable}"], cwd=ROOT, text=True,
                          env={"PATH": str(bare)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.returncode != 0
    assert "INSTALLER=uv but uv is not on PATH" in proc.stdout
    assert not (tmp_path / "v").exists()


# ----------------------------------------------------------------------------- two environments

def test_student_requirements_are_the_closure_pinned_like_the_instructors():
    assert (ROOT / "requirements-student.txt").read_text() == environments.student_requirements(), \
        "requirements-student.txt is stale: run .venv/bin/python -m grading.environments"
    student = environments.pins(environments.STUDENT_REQUIREMENTS)
    instructor = environments.pins()
    assert set(student.items()) <= set(instructor.items())
    for tool in ("pytest", "hypothesis", "pytest-xdist", "playwright"):
        assert tool not in student
    for needed in ("jupyterlab", "nbgrader", "numpy", "matplotlib", "ipykernel"):
        assert needed in student


def test_release_ships_the_student_environment(tmp_path):
    from grading.release import write_student_setup

    write_student_setup("linear_classifiers", tmp_path / "no-course", tmp_path)
    assert (tmp_path / "requirements-student.txt").read_text() == (ROOT / "requirements-student.txt").read_text()
    doc = (tmp_path / "STUDENT_SETUP.md").read_text()
    assert "pip install -r requirements-student.txt" in doc and "setup_student_env.py" in doc
    assert "c.Exchange.root = '/srv/nbgrader/exchange'" in doc
    assert "{" not in doc.replace("{your", "")
    assert (tmp_path / "setup_student_env.py").read_text() == Path(student_setup.__file__).read_text()


def test_student_config_disables_formgrader_and_create_assignment(tmp_path):
    """The student script's files, read by Jupyter's own machinery, on top of nbgrader's
    own enabling file (copied from this environment, as in a student's venv)."""
    from jupyter_server.extension.config import ExtensionConfigManager

    prefix = tmp_path / "student-env"
    enabling = Path(sys.prefix) / "etc/jupyter/jupyter_server_config.d/nbgrader.json"
    (prefix / "etc/jupyter/jupyter_server_config.d").mkdir(parents=True)
    shutil.copy2(enabling, prefix / "etc/jupyter/jupyter_server_config.d/nbgrader.json")
    subprocess.run([sys.executable, str(Path(student_setup.__file__)), "--prefix", str(prefix)], check=True,
                   stdout=subprocess.PIPE)
    etc = prefix / "etc" / "jupyter"
    server = ExtensionConfigManager(read_config_path=[str(etc)]).get_jpserver_extensions()
    assert server["nbgrader.server_extensions.formgrader"] is False
    for kept in ("validate_assignment", "assignment_list", "course_list"):
        assert server[f"nbgrader.server_extensions.{kept}"] is True
    page = json.loads((etc / "labconfig" / "page_config.json").read_text())
    for plugin in ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"):
        assert page["disabledExtensions"][plugin] is True and page["lockedExtensions"][plugin] is True
    # JupyterLab's own listing, with that folder as a config dir of this environment
    env = dict(os.environ, JUPYTER_CONFIG_PATH=str(etc))
    listing = subprocess.run([str(Path(sys.executable).with_name("jupyter")), "labextension", "list"], env=env,
                             text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
    disabled = listing.split("Disabled extensions:")[1]
    assert "@jupyter/nbgrader:formgrader" in disabled and "@jupyter/nbgrader:create-assignment" in disabled
    assert "@jupyter/nbgrader:validate-assignment" not in disabled
    # running it twice keeps one entry each
    student_setup.disable_instructor_tools(prefix)
    assert json.loads((etc / "labconfig" / "page_config.json").read_text()) == page


def test_setup_prepares_fetched_notebooks_for_this_machine(tmp_path):
    """``setup_student_env.py --notebooks FOLDER`` writes the kernel's language_info into each notebook
    (what JupyterLab would fill in on opening: then nothing changes on opening) and signs it in this
    machine's trust store (no 'not trusted' line); the rest of the notebook is untouched."""
    import nbformat
    from ipykernel.ipkernel import IPythonKernel
    from nbformat.sign import NotebookNotary
    from nbformat.v4 import new_code_cell, new_notebook

    folder = tmp_path / "linear_classifiers"
    folder.mkdir()
    nb = new_notebook(cells=[new_code_cell("x = 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, folder / "knn.ipynb")
    data = tmp_path / "jupyter-data"
    env = {**os.environ, "JUPYTER_DATA_DIR": str(data)}
    cp = subprocess.run([sys.executable, str(Path(student_setup.__file__)), "--notebooks", str(folder)],
                        env=env, capture_output=True, text=True, timeout=300)
    assert cp.returncode == 0, cp.stderr
    assert "prepared 1 notebook" in cp.stdout
    after = nbformat.read(folder / "knn.ipynb", as_version=4)
    assert after.metadata["language_info"] == json.loads(json.dumps(IPythonKernel.language_info))
    assert after.metadata["language_info"]["version"] == sys.version.split()[0]
    assert [c.source for c in after.cells] == ["x = 1"] and after.metadata["kernelspec"]["name"] == "python3"
    assert NotebookNotary(data_dir=str(data)).check_signature(after)
    cp = subprocess.run([sys.executable, str(Path(student_setup.__file__)), "--notebooks", str(tmp_path / "nope")],
                        env=env, capture_output=True, text=True, timeout=300)
    assert cp.returncode != 0 and "is not a folder" in cp.stderr
