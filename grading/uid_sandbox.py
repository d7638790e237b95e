"""Container mode: the grading child without namespaces, as a fresh uid (``grade-all --container``).

For pods and containers where bubblewrap cannot start: the grader runs as root but without
``CAP_SYS_ADMIN`` (so no mount namespace) and user namespaces are blocked (seccomp, AppArmor, a
sysctl). What is left there is the oldest isolation Unix has: another user. Each child

- is started by :data:`LAUNCH` (``grading/uid_launch.py`` run with ``python -I -S``: no ``.pth``
  file runs, so the kit's checkout is not put on its ``sys.path``), which sets ``no_new_privs``
  (a setuid program cannot give root back) and a death signal, then becomes a fresh unprivileged uid and gid (from the same range as
  the bubblewrap path as root) with no supplementary groups, then runs ``child.py``; ``child.py``
  checks that no capability is left and sets the same resource limits as in the sandbox;
- gets its workspace (the private copy of the submission, ``child.py``, its own ``TMPDIR``) chowned
  to that uid with mode 0700, inside a root folder of mode 0711: no other child can list it or
  read it, even knowing its path (other children's paths are visible in ``/proc``);
- is killed with every process of its uid when its grade ends (a daemon cannot outlive it).

It runs only when a probe started the same way, as such a uid, can read none of: the kit's
``cs231n_lib/`` (the reference), ``grading/`` (the hidden cases), ``build/``, any other copy of
the kit this Python knows, the submissions folder and the output folder (``OUT/results`` holds
every student's feedback). Otherwise it says which paths to ``chmod 700`` and stops.

An environment the child's uid cannot reach (under a 0700 folder: ``mktemp -d``, ``/root``) is
given to it as a readable copy of numpy and matplotlib (:func:`readable_copy`), ``TMP/cs231n-grading-uid/env-*``:
graders running at once share it, the last one to end removes it, the next grader removes one a
killed grader left.

No socket can be opened: ``uid_launch.py`` installs a seccomp filter before any student code
(no network namespace here: without it a child reached a Dask scheduler and ran code there).

NOT isolated in this mode, so the pod must guarantee it (grading/SCALE.md, "Container mode"):
other copies of the kit or of
students' work readable by other users anywhere in the image or volumes (the probe knows only
the paths above), the shared ``/tmp`` and ``/dev/shm`` (a child can leave files there
for a later one: give the pod an ``emptyDir`` with ``sizeLimit``), and the process list (a child
sees other processes and their command lines, though it cannot signal or trace them).
"""
import atexit
import fcntl
import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from . import sandbox
from .limits import UID_PROBE_SECONDS
from .sandbox_mode import Backend

REPO = Path(__file__).resolve().parents[1]
CAP_SETGID, CAP_SETUID = 6, 7
MAX_PROBED_FILES = 400

# python -I -S -B LAUNCH SETTINGS_JSON: root for its first lines only (no_new_privs, death signal, the uid)
LAUNCH = Path(__file__).resolve().parent / "uid_launch.py"

_PROTECT = []            # more folders to keep from the children (set by grade-all: SUBMISSIONS, OUT)
_STATUS = {}


def protect(*folders):
    """Also require these folders to be unreadable by the children (checked by :func:`status`)."""
    for f in folders:
        p = str(Path(f).resolve())
        if p not in _PROTECT:
            _PROTECT.append(p)


def _site_packages():
    out = []
    for key in ("purelib", "platlib"):
        p = sysconfig.get_paths().get(key)
        if p and p not in out:
            out.append(p)
    return out


def site_dirs():
    """The child's ``sys.path`` beyond the standard library: this grader's, as its ``.pth`` files
    made it, without the current folder and without any folder holding ``cs231n_lib`` or ``grading``
    (``-S``: the child runs no ``.pth`` file itself). A folder other users cannot reach (an
    environment under a 0700 parent: ``mktemp -d``, ``/root``) is replaced by a readable copy of
    the packages the child needs (:func:`readable_copy`)."""
    cwd = os.getcwd()
    dirs = [p for p in sys.path if p and p != cwd and os.path.isdir(p)
            and not any(os.path.exists(os.path.join(p, name)) for name in ("cs231n_lib", "grading"))]
    blocked = [d for d in dirs if not others_can_read(d)]
    return [d for d in dirs if d not in blocked] + [readable_copy(d) for d in blocked]


CHILD_PACKAGES = ("numpy", "matplotlib")     # what cs231n_lib imports; their dependencies come too


def others_can_read(folder):
    """True when a user other than the owner can enter every folder down to ``folder`` and list it."""
    path = Path(folder).resolve()
    steps = [*reversed(path.parents), path]
    return all(os.stat(s).st_mode & 0o001 for s in steps) and bool(os.stat(path).st_mode & 0o004)


def readable_copy(folder):
    """A copy of the files of :data:`CHILD_PACKAGES` (and their dependencies) installed in
    ``folder``, under :func:`uid_root` (root's, folders 0755, files 0644), for a child that cannot
    reach ``folder`` itself. Returns the copy's path.

    Copies do not pile up: this process holds its copy (a shared ``flock`` on the copy's folder)
    until it ends; graders running at once share one copy (keyed by ``folder`` and its mtime); the
    last one to end removes it, and a copy no process holds (its grader was killed) is removed by
    the next :func:`uid_root`."""
    import hashlib

    folder = Path(folder).resolve()
    key = hashlib.sha256(f"{folder}:{os.stat(folder).st_mtime_ns}".encode()).hexdigest()[:16]
    dest = uid_root() / f"env-{key}"
    for _ in range(5):                  # another grader may remove an unheld copy between two steps
        held = _HELD.get(str(dest))
        if held is not None and _same(held, dest):
            return str(dest)
        if not dest.is_dir():
            _build_copy(folder, dest)
        if _hold(dest):
            return str(dest)
    raise RuntimeError(f"could not keep a readable copy of {folder} at {dest}: other graders kept removing it; "
                       "run the grader again")


def _build_copy(folder, dest):
    from importlib import metadata

    from .environments import closure

    building = Path(tempfile.mkdtemp(prefix=f"env-building-{os.getpid()}-", dir=uid_root()))
    names = set()
    for root in CHILD_PACKAGES:
        try:
            names |= closure((root,))
        except metadata.PackageNotFoundError:      # not installed here: nothing to copy for it
            pass
    for name in sorted(names):
        dist = metadata.distribution(name)
        for f in dist.files or []:
            src = Path(dist.locate_file(f)).resolve()
            if folder not in src.parents or not src.is_file() or "__pycache__" in src.parts:
                continue
            out = building / src.relative_to(folder)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, out)
    for p in [building, *building.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    try:
        os.rename(building, dest)
    except OSError:                     # another grader made it first
        shutil.rmtree(building, ignore_errors=True)


_HELD = {}          # path of a copy -> this process's open descriptor of it, locked shared


def _same(fd, path):
    """True when the open folder ``fd`` is still the one at ``path``."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _hold(dest):
    """Lock the copy ``dest`` shared for the rest of this process (waits while a grader removes it);
    False when it is gone or was replaced meanwhile."""
    try:
        fd = os.open(dest, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    fcntl.flock(fd, fcntl.LOCK_SH)
    if not _same(fd, dest):
        os.close(fd)
        return False
    if not _HELD:
        atexit.register(_release_copies, os.getpid())
    _HELD[str(dest)] = fd
    return True


def _release_copies(pid):
    """At exit: let go of this process's copies and remove each one no other grader holds."""
    if os.getpid() != pid:               # a forked worker: the copies are its parent's
        return
    for path in list(_HELD):
        os.close(_HELD.pop(path))
        remove_unheld_copy(Path(path))


def remove_unheld_copy(path):
    """Remove the environment copy ``path`` unless a grader process holds it (True when removed)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False
    try:        # only a holder of the exclusive lock renames a copy: nobody can replace it meanwhile
        if not _same(fd, path):
            return False
        gone = path.with_name(f"env-removing-{os.getpid()}-{path.name[4:]}")
        os.rename(path, gone)
    finally:
        os.close(fd)
    shutil.rmtree(gone, ignore_errors=True)
    return True


def kit_folders():
    """Folders holding the reference or the grader: this kit's, and any copy this Python knows
    (on ``sys.path``, through a ``.pth`` file, or installed in site-packages)."""
    found = [REPO / "cs231n_lib", REPO / "grading", REPO / "build"]
    roots = set(sys.path) | set(_site_packages())
    for sp in _site_packages():
        for pth in Path(sp).glob("*.pth"):
            try:
                roots.update(line.strip() for line in pth.read_text().splitlines()
                             if line.strip() and not line.startswith(("#", "import")))
            except OSError:
                pass
    for root in roots:
        for name in ("cs231n_lib", "grading"):
            p = Path(root) / name
            if p.is_dir():
                found.append(p.resolve())
    return sorted({p for p in found if p.exists()})


def _probe_paths(folders):
    paths = []
    for folder in folders:
        paths.append(str(folder))
        for p in sorted(Path(folder).rglob("*"))[:MAX_PROBED_FILES]:
            if p.is_file():
                paths.append(str(p))
    return paths


def _capabilities():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("CapEff:"):
                return int(line.split()[1], 16)
    return 0


def _launch_cmd(settings):
    return [sandbox.python_executable(), "-I", "-S", "-B", str(LAUNCH), json.dumps(settings)]


def readable_by_child(paths):
    """``(readable, python_problem)``: which of ``paths`` a fresh unprivileged uid, started as a
    child is, can read, and why it cannot run Python with numpy (None when it can)."""
    uid = sandbox.fresh_uid()
    cp = subprocess.run(_launch_cmd({"uid": uid, "gid": uid, "site": site_dirs(), "probe": list(paths)}),
                        capture_output=True, text=True, timeout=UID_PROBE_SECONDS, cwd="/", env=sandbox.child_env("/tmp"))
    if cp.returncode != 0:
        raise RuntimeError(f"the probe could not run as uid {uid}: {cp.stderr.strip()[-300:]}")
    reply = json.loads(cp.stdout.strip().splitlines()[-1])
    if reply.get("network") == "open":
        raise RuntimeError("the probe could open a socket: the seccomp filter of grading/uid_launch.py did not hold")
    return reply["readable"], reply["python"]


def status():
    """A :class:`sandbox.State` with ``mode`` :attr:`Backend.UID` when container mode can run here."""
    key = tuple(_PROTECT)
    if key in _STATUS:
        return _STATUS[key]
    if not sys.platform.startswith("linux"):
        state = sandbox.State(False, Backend.UNSANDBOXED, "container mode needs Linux")
    elif os.geteuid() != 0:
        state = sandbox.State(False, Backend.UNSANDBOXED, (
            "container mode needs root (with CAP_SETUID and CAP_SETGID) to give each child a fresh uid; as "
            "another user use bubblewrap"))
    elif not (_capabilities() >> CAP_SETUID) & 1 or not (_capabilities() >> CAP_SETGID) & 1:
        state = sandbox.State(False, Backend.UNSANDBOXED, (
            "container mode needs CAP_SETUID and CAP_SETGID (the default capabilities of root in Docker and "
            "Kubernetes)"))
    else:
        folders = kit_folders() + [Path(p) for p in _PROTECT if Path(p).exists()]
        try:
            readable, python = readable_by_child(_probe_paths(folders))
        except (OSError, RuntimeError, subprocess.TimeoutExpired, ValueError, KeyError) as exc:
            readable, state = None, sandbox.State(False, Backend.UNSANDBOXED, f"container mode: {exc}")
        if readable is not None:
            if readable:
                tops = sorted({next((str(f) for f in folders if p == str(f) or p.startswith(str(f) + "/")), p)
                               for p in readable})
                state = sandbox.State(False, Backend.UNSANDBOXED, (
                    "container mode refused: other users can read " + ", ".join(tops)
                    + f" ({len(readable)} path(s)); a student's code could read the reference, the hidden cases or "
                    "other students' work. Run: chmod 700 " + " ".join(tops)))
            elif python:
                state = sandbox.State(False, Backend.UNSANDBOXED, (
                    f"container mode refused: an unprivileged uid cannot run this Python with numpy ({python}); "
                    f"the interpreter ({sys.base_prefix}) and the environment ({sys.prefix}) must be readable "
                    "by other users (e.g. not under a 0700 home folder)"))
            else:
                state = sandbox.State(True, Backend.UID, (
                    "CONTAINER MODE (no namespaces): each child is a fresh unprivileged uid with no_new_privs, its "
                    f"private copy readable by it alone; {len(folders)} kit and class folder(s) checked unreadable "
                    "to it; no sockets (seccomp). NOT isolated: shared /tmp, the process list (the pod must guarantee these: "
                    "grading/SCALE.md)"))
    _STATUS[key] = state
    return state


# --------------------------------------------------------------------------- the child

def uid_root():
    """Where container-mode workspaces live: owned by root, 0711 (children traverse, never list)."""
    root = Path(tempfile.gettempdir()) / "cs231n-grading-uid"
    root.mkdir(mode=0o711, exist_ok=True)
    st = os.lstat(root)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise RuntimeError(f"{root} is not a folder owned by this user: remove it and run the grader again")
    os.chmod(root, 0o711)
    for copy in root.glob("env-*"):
        if copy.name.count("-") == 1:        # env-KEY: a copy no process holds any more is removed
            remove_unheld_copy(copy)
    for ws in [*root.glob("ws-*"), *root.glob("env-building-*"), *root.glob("env-removing-*")]:   # left by a killed grader
        # the pid from the name (only root can rename entries here), never from a file inside:
        # the child owns its workspace and could make that file anything, a FIFO that blocks included
        try:
            ended = sandbox.process_start(int(ws.name.split("-")[-2])) is None
        except (IndexError, ValueError):
            ended = True
        if ended:
            shutil.rmtree(ws, ignore_errors=True)
    return root


def _give(ws, uid):
    """Move the workspace under :func:`uid_root` and give it to ``uid`` alone."""
    dest = uid_root() / ws.path.name
    if ws.path != dest:
        os.rename(ws.path, dest)
        ws.path = dest
        ws.grader, ws.submission, ws.tmp = dest / "grader", dest / "submission", dest / "tmp"
    for p in [ws.path, *ws.path.rglob("*")]:
        os.lchown(p, uid, uid)
    os.chmod(ws.path, 0o700)


class UidChild(sandbox.Child):
    """A child whose every process (its uid's) is killed with it."""

    uid = None

    def kill(self):
        super().kill()
        kill_uid(self.uid)


def kill_uid(uid):
    """SIGKILL every process owned by ``uid`` (daemons a child left behind included)."""
    if uid is None:
        return
    for _ in range(3):
        found = False
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if os.stat(f"/proc/{entry}").st_uid == uid:
                        os.kill(int(entry), 9)
                        found = True
                except (OSError, ProcessLookupError):
                    pass
        if not found:
            return


def start(ws: sandbox.Workspace, limits: sandbox.Limits) -> "UidChild":
    """Start ``child.py`` for workspace ``ws`` in container mode; returns a :class:`UidChild`."""
    uid = sandbox.fresh_uid()
    _give(ws, uid)
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    out_r, out_w = os.pipe()
    child_settings = {"uid": uid, "gid": uid, "limits": limits.rlimits(), "submission": str(ws.submission)}
    settings = {"uid": uid, "gid": uid, "site": site_dirs(),
                "argv": [str(ws.grader / "child.py"), str(req_r), str(rep_w), json.dumps(child_settings)]}
    try:
        proc = subprocess.Popen(_launch_cmd(settings), stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
                                cwd=str(ws.tmp), env=sandbox.child_env(str(ws.tmp)), pass_fds=(req_r, rep_w),
                                start_new_session=True, close_fds=True)
    finally:
        for fd in (req_r, rep_w, out_w):
            os.close(fd)
    os.set_blocking(req_w, False)
    child = UidChild(proc, req_w, rep_r, out_r, True)
    child.uid = uid
    return child
