"""Nothing with a solution is readable from the child, and no network, in any mode (issue 15,
items 2 and 3).

- The kit cloned under ``/usr/src`` (the usual Dockerfile ``WORKDIR``): bubblewrap bound all of
  ``/usr``, so a module that walked ``/usr``, found ``cs231n_lib`` and ran it scored the
  function it attacked ("sandbox: on"). Now only what the child needs is bound (the
  interpreter and its environment, the shared libraries), and a probe started like the child
  checks that no file holding a solution region, nor ``grading/``, is readable inside; a kit in
  a folder the child needs (here ``/usr/lib``) is refused with a message naming the path.
- A child that tries to reach a listener on 127.0.0.1: refused in bubblewrap (its own network
  namespace); container mode (a seccomp filter installed by ``uid_launch.py`` before any student
  code) is tested in tests/test_boundary_network.py.
- Container mode with the environment under a 0700 folder: the child gets a readable copy.

Each test uses a temporary copy of the kit (``cs231n_lib/`` and ``grading/``), removed after.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from grading import sandbox
from tests.test_grader import ROOT, make_submission, replace_region

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.geteuid() != 0, reason="copies the kit under /usr as root"),
              pytest.mark.xdist_group("container")]

SVM = "classifiers.linear_svm.svm_loss_naive"

WALK_USR = '''
def _found_reference(W, X, y, reg):
    import os, sys
    for base in ("/usr/src", "/usr/local/src"):
        for top, dirs, files in os.walk(base):
            if not (top.endswith("/cs231n_lib/classifiers") and "linear_svm.py" in files):
                continue
            try:
                if "BEGIN SOLUTION" not in open(os.path.join(top, "linear_svm.py")).read():
                    continue
            except OSError:
                continue
            for name in [n for n in sys.modules if n.startswith("cs231n_lib")]:
                del sys.modules[name]
            sys.path.insert(0, top[:-len("/cs231n_lib/classifiers")])
            from cs231n_lib.classifiers import linear_svm as reference
            return reference.svm_loss_naive(W, X, y, reg)
    raise RuntimeError("no reference under /usr")
'''


def kit_copy(where: Path) -> Path:
    """A copy of the kit's code (the reference package and the grader) at ``where``."""
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for name in ("cs231n_lib", "grading"):
        shutil.copytree(ROOT / name, where / name, ignore=shutil.ignore_patterns("__pycache__"))
    for p in [where, *where.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)      # a plain clone under umask 022
    return where


def grade_with(kit: Path, folder: Path, *extra):
    """``python -m grading grade FOLDER`` run from the kit copy (its grading/ and reference)."""
    return subprocess.run([sys.executable, "-m", "grading", "grade", str(folder), "--assignment",
                           "linear_classifiers", "--json", str(folder.parent / f"{folder.name}.json"), *extra],
                          cwd=str(kit), capture_output=True, text=True, timeout=900)


@pytest.fixture
def usr_src_kit():
    kit = kit_copy(Path("/usr/src") / f"cs231n-kit-test-{os.getpid()}")
    yield kit
    shutil.rmtree(kit, ignore_errors=True)


def test_the_sandbox_binds_the_environment_not_all_of_usr():
    with sandbox.Workspace() as ws:
        args = sandbox.bwrap_arguments(ws, sandbox.Limits(), sandbox.running_as_root())
    binds = [args[i + 1] for i, a in enumerate(args) if a in ("--ro-bind", "--bind", "--ro-bind-try")]
    assert "/usr" not in binds and not any(b in ("/usr/src", "/usr/share", "/usr/local/src") for b in binds), binds
    assert os.path.realpath(sys.executable) == sys.executable or any(
        os.path.realpath(sys.executable).startswith(b.rstrip("/") + "/") for b in binds), binds


def test_a_kit_under_usr_src_is_out_of_reach(usr_src_kit, tmp_path):
    honest = make_submission(tmp_path, "ann")
    mallory = make_submission(tmp_path, "mallory", edits={"classifiers/linear_svm.py": lambda t: replace_region(
        t, "svm_loss_naive", "for _ in range(1):\n    return _found_reference(W, X, y, reg)") + WALK_USR})
    cp = grade_with(usr_src_kit, mallory)
    assert cp.returncode == 0, cp.stdout + cp.stderr
    assert cp.stdout.startswith("sandbox: on"), cp.stdout
    result = json.loads((tmp_path / "mallory.json").read_text())
    assert result["functions"][SVM]["passed"] == 0 and result["functions"][SVM]["points"] == 0, result["functions"][SVM]
    assert grade_with(usr_src_kit, honest).returncode == 0
    ann = json.loads((tmp_path / "ann.json").read_text())
    assert ann["total"] == ann["max_total"]


def test_a_kit_the_child_can_read_is_refused_naming_the_path(tmp_path):
    kit = kit_copy(Path("/usr/lib") / f"cs231n-kit-test-{os.getpid()}")
    make_submission(tmp_path / "class", "ann")
    try:
        cp = subprocess.run([sys.executable, "-m", "grading", "grade-all", str(tmp_path / "class"), "--out",
                             str(tmp_path / "out"), "--assignment", "linear_classifiers"],
                            cwd=str(kit), capture_output=True, text=True, timeout=900)
    finally:
        shutil.rmtree(kit, ignore_errors=True)
    assert cp.returncode == 4, cp.stdout + cp.stderr
    assert "the sandboxed child could read " + str(kit) in cp.stderr, cp.stderr
    assert not (tmp_path / "out" / "results" / "ann.json").exists()


# --------------------------------------------------------------------------- network

REACH = '''
import socket
s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
s.sendall(b"reached")
s.close()
raise RuntimeError("the listener was reached")
'''


class Listener:
    """A TCP listener on 127.0.0.1 that records whether anyone connected."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.reached = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.reached.append(conn.recv(16))
            conn.close()

    def close(self):
        self.sock.close()


def reach_submission(tmp_path, port):
    return make_submission(tmp_path, "mallory", edits={
        "classifiers/linear_svm.py": lambda t: replace_region(t, "svm_loss_naive", REACH.replace("PORT", str(port)))})


def test_bubblewrap_child_cannot_reach_a_local_listener(tmp_path):
    from grading import parent
    from tests.test_grader import FAST

    listener = Listener()
    try:
        r = parent.grade(reach_submission(tmp_path, listener.port), assignment="linear_classifiers", limits=FAST)
    finally:
        listener.close()
    assert r["sandbox"]["mode"] == "bubblewrap"
    assert not listener.reached and r["functions"][SVM]["points"] == 0


# --------------------------------------------------------------------------- a 0700 parent folder

def test_container_mode_runs_with_the_environment_under_a_0700_folder(tmp_path):
    """The kit's packages under a private folder (a clone in ``mktemp -d``, or ``/root``): the
    child's uid cannot reach them, so container mode refused with "an unprivileged uid cannot run
    this Python with numpy". Now the child gets a readable copy of the packages it needs."""
    import sysconfig

    base = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if not base.exists():
        pytest.skip(f"no {base} to build a Python that other users can run")
    private = Path(subprocess.run(["mktemp", "-d"], capture_output=True, text=True, check=True).stdout.strip())
    venv = Path("/tmp") / f"cs231n-readable-python-{os.getpid()}"
    try:
        assert (private.stat().st_mode & 0o777) == 0o700
        site = private / "site-packages"
        ours = Path(sysconfig.get_paths()["purelib"])
        for entry in ours.iterdir():
            if entry.name.startswith(("numpy", "packaging")):   # numpy, its libraries, metadata; packaging for the closure
                shutil.copytree(entry, site / entry.name)
        subprocess.run([str(base), "-m", "venv", "--without-pip", str(venv)], check=True)
        purelib = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        Path(purelib, "env.pth").write_text(f"{site}\n{ROOT}\n")
        cp = subprocess.run([str(venv / "bin" / "python"), "-c",
                             "import json; from grading import uid_sandbox; print(json.dumps(uid_sandbox.readable_by_child([])))"],
                            capture_output=True, text=True, timeout=300, cwd="/")
    finally:
        shutil.rmtree(private, ignore_errors=True)
        shutil.rmtree(venv, ignore_errors=True)
    assert cp.returncode == 0, cp.stderr[-2000:]
    readable, python = json.loads(cp.stdout.strip().splitlines()[-1])
    assert python is None, python
