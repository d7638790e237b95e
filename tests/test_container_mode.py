"""Container mode (``grade-all --container``, grading/uid_sandbox.py): no namespaces, each child a
fresh uid. It refuses while other users can read the kit; once the kit is ``chmod 700``, a class
grades with the same points as in the bubblewrap sandbox, and a hostile submission can read
neither the reference, the hidden cases, another student's work, the results, nor the parent's
environment, cannot list other workspaces or write to the kit, and leaves no process behind.

These tests need root (as CI and containers run). The child must be able to run the grader's
Python: the kit's environment here is built on an interpreter under ``/root`` (0700), so the
grader runs in a small venv of the system's ``python3.X`` of the same version, in a folder other
users can traverse, reusing the kit's packages. The kit's ``cs231n_lib/`` and ``grading/`` are made
unreadable to other users for the duration of a test (root's own processes are unaffected) and
restored afterwards.
"""
import ast
import contextlib
import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from grading import batch, uid_sandbox
from grading import manifest as M
from tests.test_grader import FAST, make_submission, replace_region

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.geteuid() != 0, reason="container mode needs root"),
              pytest.mark.xdist_group("container")]

KIT = uid_sandbox.REPO
SVM = "classifiers.linear_svm.svm_loss_naive"

HOSTILE = """
import os, time
seen = {"uid": os.getuid()}
def attempt(name, do):
    try:
        do()
        seen[name] = "succeeded"
    except Exception as exc:
        seen[name] = type(exc).__name__
attempt("reference", lambda: open(KIT + "/cs231n_lib/classifiers/linear_svm.py").read())
attempt("hidden_cases", lambda: open(KIT + "/grading/cases/linear_svm.py").read())
attempt("other_student", lambda: open(CLASS + "/ann/cs231n_lib/classifiers/linear_svm.py").read())
attempt("results", lambda: os.listdir(OUT + "/results"))
attempt("parent_environ", lambda: open("/proc/%d/environ" % os.getppid()).read())
attempt("parent_memory", lambda: open("/proc/%d/mem" % os.getppid(), "rb").read(1))
attempt("workspaces", lambda: os.listdir(WORKSPACES))
attempt("write_kit", lambda: open(KIT + "/grading/pwned.py", "w").write("x"))
if os.fork() == 0:              # a daemon that tries to outlive the grade
    os.setsid()
    if os.fork() == 0:
        time.sleep(120)
    os._exit(0)
raise RuntimeError("SEEN " + repr(seen))
"""


@contextlib.contextmanager
def kit_folders_mode(mode):
    """The kit's secret folders set to ``mode`` for the duration (a clone made under umask 077 is
    already 0700; one made under 022 is 0755), then restored."""
    dirs = [d for d in (KIT / "cs231n_lib", KIT / "grading", KIT / "build") if d.is_dir()]   # build/: course, releases
    modes = {d: stat.S_IMODE(os.stat(d).st_mode) for d in dirs}
    try:
        for d in dirs:
            os.chmod(d, mode)
        uid_sandbox._STATUS.clear()
        yield
    finally:
        for d, mode in modes.items():
            os.chmod(d, mode)
        uid_sandbox._STATUS.clear()


def kit_unreadable_to_others():
    return kit_folders_mode(0o700)


def _processes_of(uid):
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    out.append(int(entry))
            except OSError:
                pass
    return out


@pytest.fixture(scope="module")
def readable_python():
    """A venv other users can run: the system interpreter of this version, the kit's packages."""
    base = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if not base.exists():
        pytest.skip(f"no {base} to build a Python that other users can run")
    folder = Path("/tmp") / f"cs231n-container-python-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([str(base), "-m", "venv", "--without-pip", str(folder)], check=True)
    site = subprocess.run([str(folder / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "kit.pth").write_text(sysconfig.get_paths()["purelib"] + "\n" + str(KIT) + "\n")
    for p in [folder, *folder.rglob("*")]:
        if not p.is_symlink():
            os.chmod(p, 0o755 if p.is_dir() else 0o644 if not os.access(p, os.X_OK) else 0o755)
    yield str(folder / "bin" / "python")
    shutil.rmtree(folder, ignore_errors=True)


def grade_all(python, subs, out, *extra):
    return subprocess.run([python, "-m", "grading", "grade-all", str(subs), "--out", str(out), "--container",
                           "--timeout", "3", "--assignment", "linear_classifiers", *extra],
                          capture_output=True, text=True, timeout=600, cwd="/")


@contextlib.contextmanager
def kit_reachable():
    """The folders above the kit made enterable by other users for the duration (a clone in a
    0700 folder, ``mktemp -d`` or ``/root``, is unreachable to them whatever the kit's own modes),
    then restored."""
    blocked = {p: stat.S_IMODE(os.stat(p).st_mode) for p in KIT.parents if not os.stat(p).st_mode & 0o001}
    try:
        for p, mode in blocked.items():
            os.chmod(p, mode | 0o001)
        uid_sandbox._STATUS.clear()
        yield
    finally:
        for p, mode in blocked.items():
            os.chmod(p, mode)
        uid_sandbox._STATUS.clear()


def test_container_mode_refuses_while_the_kit_is_readable(tmp_path, readable_python):
    make_submission(tmp_path / "class", "ann")
    with kit_reachable(), kit_folders_mode(0o755):
        cp = grade_all(readable_python, tmp_path / "class", tmp_path / "out")
    assert cp.returncode == 4, cp.stdout + cp.stderr
    assert "container mode refused: other users can read" in cp.stderr and str(KIT / "grading") in cp.stderr
    assert "chmod 700" in cp.stderr and not (tmp_path / "out" / "results" / "ann.json").exists()


def test_a_python_other_users_cannot_run_is_refused():
    uid_sandbox._STATUS.clear()
    readable, python = uid_sandbox.readable_by_child([])
    if python is None:
        pytest.skip(f"this interpreter ({sys.base_prefix}) is readable by other users")
    with kit_unreadable_to_others():
        state = uid_sandbox.status()
    assert not state.ok and "cannot run this Python with numpy" in state.detail


def test_a_readable_class_folder_is_refused_too(tmp_path, readable_python):
    world = Path("/tmp") / f"cs231n-container-class-{os.getpid()}"
    world.mkdir(mode=0o755, exist_ok=True)
    try:
        make_submission(world / "class", "ann")
        for p in [world, *world.rglob("*")]:
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
        with kit_unreadable_to_others():
            cp = grade_all(readable_python, world / "class", tmp_path / "out")
        assert cp.returncode == 4 and "other users can read " + str(world / "class") in cp.stderr, cp.stderr
    finally:
        shutil.rmtree(world, ignore_errors=True)


def test_container_mode_grades_and_keeps_a_hostile_submission_in(tmp_path, readable_python):
    subs, out = tmp_path / "class", tmp_path / "out"
    make_submission(subs, "ann")
    make_submission(subs, "cat", stub=("classifiers/softmax.py",))
    code = (f"KIT, CLASS, OUT = {str(KIT)!r}, {str(subs)!r}, {str(out)!r}\n"
            f"WORKSPACES = {str(uid_sandbox.uid_root())!r}\n" + HOSTILE)
    make_submission(subs, "mallory", edits={"classifiers/linear_svm.py": lambda t: replace_region(t, "svm_loss_naive",
                                                                                                   code)})
    bubblewrap = batch.grade_all(subs, out=tmp_path / "bwrap", limits=FAST, log=lambda *a: None,
                                 assignment="linear_classifiers")
    with kit_unreadable_to_others():
        cp = grade_all(readable_python, subs, out)
    assert cp.returncode == 0, cp.stdout + cp.stderr
    assert cp.stdout.startswith("sandbox: on. CONTAINER MODE"), cp.stdout
    done = {sid: json.loads((out / "results" / f"{sid}.json").read_text()) for sid in ("ann", "cat", "mallory")}
    for sid, r in done.items():
        assert r["sandbox"]["mode"] == "uid" and not r.get("error"), r
        assert ({p: f["points"] for p, f in r["functions"].items()}
                == {p: f["points"] for p, f in bubblewrap[sid]["functions"].items()}), sid
    full = M.max_points("linear_classifiers")
    assert done["ann"]["total"] == full and done["cat"]["total"] < full
    feedback = done["mallory"]["functions"][SVM]["feedback"]
    assert "SEEN " in feedback, feedback
    seen = ast.literal_eval(feedback.split("SEEN ", 1)[1].split("}", 1)[0] + "}")
    assert seen["uid"] >= 1_000_000
    for what in ("reference", "hidden_cases", "other_student", "results", "parent_environ", "parent_memory",
                 "workspaces", "write_kit"):
        assert seen.get(what) not in (None, "succeeded"), (what, seen)
    assert not (KIT / "grading" / "pwned.py").exists()
    deadline = time.monotonic() + 10
    while _processes_of(seen["uid"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _processes_of(seen["uid"]), "a process of the child's uid outlived the grade"
