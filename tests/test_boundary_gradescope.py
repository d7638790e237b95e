"""Gradescope runs the same boundary as class grading (issue 15, item 1).

A simulated ``/autograder`` root (the built autograder zip extracted into ``source/``, passed
to ``run_autograder`` as ``AUTOGRADER_ROOT``), graded as root, with and without
``CAP_SYS_ADMIN`` (``setpriv --bounding-set -sys_admin``: bubblewrap cannot start there, as in
the usual autograder container). Attacks:

- a submission whose ``cs231n_lib`` is a symbolic link to ``/autograder/source/cs231n_lib``
  (git keeps links in GitHub uploads), or whose modules each are: graded as the reference
  (13/13) while the submission was copied following links; now the links are refused by name;
- a module that loads the reference from the source folder (directly or through
  ``/proc/<ppid>/cwd``) and a double-forked daemon that rewrites ``results.json`` after the
  grader wrote it: without bubblewrap the autograder fell back to self-study mode (student code
  as root, unsandboxed); now it runs container mode, every process of the child's uid is gone
  before ``results.json`` is written, and the results folder is not the child's to write.

The honest submission keeps full marks in both modes.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from grading import lms
from grading import manifest as M
from grading.release import LIB, PACKAGE, shipped_modules
from tests.test_grader import replace_region

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.geteuid() != 0, reason="simulates Gradescope as root"),
              pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to drop CAP_SYS_ADMIN"),
              pytest.mark.xdist_group("container")]

ASSIGNMENT = "linear_classifiers"
SVM = "classifiers.linear_svm.svm_loss_naive"
MODES = ("with_sys_admin", "without_sys_admin")

HOSTILE = '''
import os, json, time, importlib.util
_ROOT = AUTOGRADER_ROOT
_WITNESS = WITNESS_DIR
def _daemon():
    try:
        with open(_WITNESS + "/daemon.pid", "w") as f:
            f.write(str(os.getpid()))
    except OSError:
        pass
    results = _ROOT + "/results/results.json"
    start = time.time()
    while time.time() - start < 120:
        try:
            if os.path.getmtime(results) > start:
                with open(results, "w") as f:
                    json.dump({"score": 999.0, "tests": [], "output": "pwned"}, f)
                return
        except OSError:
            pass
        time.sleep(0.1)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        _daemon()
    os._exit(0)
'''

STEAL = '''
for candidate in (AUTOGRADER_ROOT + "/source/cs231n_lib/classifiers/linear_svm.py",
                  "/proc/%d/cwd/cs231n_lib/classifiers/linear_svm.py" % os.getppid()):
    try:
        spec = importlib.util.spec_from_file_location("stolen_reference", candidate)
        stolen = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(stolen)
        return stolen.svm_loss_naive(W, X, y, reg)
    except Exception:
        pass
raise RuntimeError("the reference was out of reach")
'''


@pytest.fixture(scope="module")
def readable_python():
    """A venv other users can run (the system interpreter of this version with this kit's
    packages, not the kit itself): what setup.sh builds in /autograder/venv."""
    base = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if not base.exists():
        pytest.skip(f"no {base} to build a Python that other users can run")
    folder = Path("/tmp") / f"cs231n-gs-python-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([str(base), "-m", "venv", "--without-pip", str(folder)], check=True)
    site = subprocess.run([str(folder / "bin" / "python"), "-c",
                           "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    for p in [folder, *folder.rglob("*")]:
        if not p.is_symlink():
            os.chmod(p, 0o755 if p.is_dir() or os.access(p, os.X_OK) else 0o644)
    yield str(folder / "bin" / "python")
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def autograder_root(tmp_path_factory):
    """/autograder as Gradescope lays it out, in a folder other users can traverse (so that
    only the autograder's own care keeps the reference from the child)."""
    zip_path = lms.build_autograder(ASSIGNMENT, tmp_path_factory.mktemp("gs-zip") / "autograder.zip")
    root = Path("/tmp") / f"cs231n-gs-root-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    (root / "source").mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
    for p in [root, *root.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _kill_recorded(witness):
    """Kill a daemon the hostile submission recorded, if it is still there (before the fix)."""
    pid_file = witness / "daemon.pid"
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def run(root, python, submission, mode):
    """Gradescope's call of run_autograder for ``submission`` (a folder copied with its links)."""
    shutil.rmtree(root / "submission", ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    shutil.copytree(submission, root / "submission", symlinks=True)
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=python)
    cmd = ["bash", str(root / "source" / "run_autograder")]
    if mode == "without_sys_admin":
        cmd = ["setpriv", "--bounding-set", "-sys_admin", "--"] + cmd
    cp = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
    assert cp.returncode == 0, cp.stdout[-3000:]
    return json.loads((root / "results" / "results.json").read_text()), cp.stdout


def reference_folder(tmp, name):
    given, student = shipped_modules(ASSIGNMENT)
    folder = tmp / name
    for mod in given + student:
        (folder / PACKAGE / mod).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(LIB / mod, folder / PACKAGE / mod)
    return folder


def full_marks():
    return float(M.max_points(ASSIGNMENT))


@pytest.mark.parametrize("mode", MODES)
def test_honest_submission_keeps_full_marks(autograder_root, readable_python, tmp_path, mode):
    results, log = run(autograder_root, readable_python, reference_folder(tmp_path, "honest"), mode)
    assert results["score"] == full_marks(), results["output"] + log[-2000:]
    expected = "bubblewrap" if mode == "with_sys_admin" else "uid"
    assert f"sandbox: {expected}" in results["output"], results["output"]


@pytest.mark.parametrize("mode", MODES)
def test_a_symlinked_package_is_refused_not_graded_as_the_reference(autograder_root, readable_python,
                                                                     tmp_path, mode):
    sub = tmp_path / "linked"
    sub.mkdir()
    (sub / PACKAGE).symlink_to(autograder_root / "source" / PACKAGE)
    results, log = run(autograder_root, readable_python, sub, mode)
    assert results["score"] == 0, results["output"] + log[-2000:]
    assert "symbolic link" in results["output"] and PACKAGE in results["output"], results["output"]


def test_symlinked_modules_are_refused_by_name(autograder_root, readable_python, tmp_path):
    given, student = shipped_modules(ASSIGNMENT)
    sub = tmp_path / "linked_modules"
    for mod in given + student:
        (sub / PACKAGE / mod).parent.mkdir(parents=True, exist_ok=True)
        (sub / PACKAGE / mod).symlink_to(autograder_root / "source" / PACKAGE / mod)
    results, log = run(autograder_root, readable_python, sub, "without_sys_admin")
    assert results["score"] == 0, results["output"] + log[-2000:]
    assert f"{PACKAGE}/classifiers/linear_svm.py: a symbolic link" in results["output"], results["output"]


@pytest.mark.parametrize("mode", MODES)
def test_hostile_module_cannot_reach_the_reference_nor_rewrite_results(autograder_root, readable_python,
                                                                        tmp_path, mode):
    witness = Path("/tmp") / f"cs231n-gs-witness-{os.getpid()}-{mode}"
    shutil.rmtree(witness, ignore_errors=True)
    witness.mkdir()
    os.chmod(witness, 0o1777)
    sub = reference_folder(tmp_path, "mallory")
    svm = sub / PACKAGE / "classifiers" / "linear_svm.py"
    header = HOSTILE.replace("AUTOGRADER_ROOT", repr(str(autograder_root))).replace("WITNESS_DIR", repr(str(witness)))
    text = replace_region(svm.read_text(), "svm_loss_naive", STEAL.replace("AUTOGRADER_ROOT", repr(str(autograder_root))))
    svm.write_text(header + text)
    try:
        results, log = run(autograder_root, readable_python, sub, mode)
        after = json.loads((autograder_root / "results" / "results.json").read_text())
        pid_file = witness / "daemon.pid"
        daemon_alive = pid_file.exists() and _alive(int(pid_file.read_text()))
    finally:
        _kill_recorded(witness)
        shutil.rmtree(witness, ignore_errors=True)
    assert not daemon_alive, "the daemon outlived the grade and can still rewrite results.json"
    assert after == results and results["score"] != 999
    svm_test = next(t for t in results["tests"] if t["name"] == SVM)
    assert svm_test["score"] == 0, svm_test
    others = sum(t["score"] for t in results["tests"] if t["name"] != SVM)
    assert others == full_marks() - svm_test["max_score"], results["output"] + log[-2000:]
