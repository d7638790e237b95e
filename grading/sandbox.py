"""Start the grading child in isolation: bubblewrap when available, resource limits always.

With bubblewrap (Debian/Ubuntu: ``sudo apt-get install bubblewrap``; Fedora:
``sudo dnf install bubblewrap``; the command is ``bwrap``) the child runs with:

- no network (``--unshare-net``, with every other namespace unshared too: pid, ipc, uts,
  user, cgroup), and it dies with the grader (``--die-with-parent``, ``--new-session``);
- a file system that shows only ``/usr`` (and the ``/bin``, ``/lib*`` links), the Python
  installation and the virtual environment, all read-only; the student's ``cs231n_lib``
  read-only at ``/submission/cs231n_lib``; and one writable scratch folder at ``/scratch``.
  The instructor's checkout (reference solutions), other students' folders and the home
  directory do not exist inside.

Always, through ``resource.setrlimit`` in the child before it starts: an address-space
limit (``RLIMIT_AS``, memory bombs raise MemoryError), a CPU-time limit (``RLIMIT_CPU``),
a file-size limit (``RLIMIT_FSIZE``) and no core files. The parent adds a wall-clock
timeout per case (``grading/grader.py`` watches the child's progress and kills its whole
process group).

Without bubblewrap (not Linux, ``bwrap`` not installed, or user namespaces disabled) the
child runs unsandboxed with the same limits, and :func:`status` says so and why: the
student's code can then read files the grading user can read.
"""
import os
import resource
import shutil
import signal
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from functools import lru_cache

INSTALL_HINT = "install bubblewrap: sudo apt-get install bubblewrap (Debian/Ubuntu) or sudo dnf install bubblewrap (Fedora)"


@dataclass
class Limits:
    """Resource limits of one child process."""

    memory_bytes: int = 2 * 1024**3   # RLIMIT_AS
    cpu_seconds: int = 120            # RLIMIT_CPU (the whole child, all cases)
    file_bytes: int = 256 * 1024**2   # RLIMIT_FSIZE (printing is capped by the runner first)
    case_timeout: float = 20.0        # wall clock per case (enforced by the parent)
    import_timeout: float = 20.0      # wall clock to import one student module

    def apply(self):
        """Set the limits in the current process (called in the child between fork and exec)."""
        def lim(which, value):
            try:
                resource.setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass
        lim(resource.RLIMIT_AS, self.memory_bytes)
        lim(resource.RLIMIT_CPU, self.cpu_seconds)
        lim(resource.RLIMIT_FSIZE, self.file_bytes)
        lim(resource.RLIMIT_CORE, 0)


def python_dirs():
    """Folders the child needs to run this interpreter with numpy: the installation, the
    virtual environment, and the folder numpy is installed in (read-only inside)."""
    dirs = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
            os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        p = sysconfig.get_paths().get(key)
        if p:
            dirs.add(p)
    try:
        import numpy
        dirs.add(os.path.dirname(os.path.dirname(numpy.__file__)))
    except ImportError:
        pass
    real = sorted({os.path.realpath(d) for d in dirs if d and os.path.isdir(d)} | {d for d in dirs if d and os.path.isdir(d)})
    # drop folders inside another listed folder, and anything that would expose a checkout
    out = []
    for d in real:
        if any(d != o and d.startswith(o.rstrip("/") + "/") for o in real):
            continue
        if os.path.isdir(os.path.join(d, "cs231n_lib")) or os.path.isdir(os.path.join(d, "grading")):
            continue  # a source checkout: never mounted
        out.append(d)
    return out


@lru_cache(maxsize=1)
def status():
    """``(True, "bubblewrap ...")`` when the sandbox works here, else ``(False, reason)``."""
    if not sys.platform.startswith("linux"):
        return False, f"bubblewrap needs Linux (this is {sys.platform}): running unsandboxed, only resource limits apply"
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return False, f"bwrap not found on PATH: running unsandboxed, only resource limits apply ({INSTALL_HINT})"
    probe = _bwrap_args(bwrap, {}, {}) + [sys.executable, "-I", "-c", "import numpy"]
    try:
        r = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"bwrap failed to start ({exc}): running unsandboxed"
    if r.returncode != 0:
        why = (r.stderr.strip().splitlines() or ["?"])[-1]
        return False, (f"bwrap is installed but cannot create a sandbox here ({why}; user namespaces disabled?): "
                       "running unsandboxed, only resource limits apply")
    return True, f"sandboxed with bubblewrap ({bwrap}): no network, read-only submission and Python, writable scratch only"


def _bwrap_args(bwrap, readonly, writable):
    args = [bwrap, "--unshare-all", "--die-with-parent", "--new-session",
            "--ro-bind", "/usr", "/usr"]
    for link in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = "/" + link
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
             "--proc", "/proc", "--dev", "/dev"]
    for d in python_dirs():
        args += ["--ro-bind", d, d]
    for src, dst in readonly.items():
        args += ["--ro-bind", src, dst]
    for src, dst in writable.items():
        args += ["--bind", src, dst]
    return args


def child_env(scratch):
    """A clean environment: nothing of the instructor's (PYTHONPATH, tokens, ...) leaks in."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": scratch,
        "TMPDIR": os.path.join(scratch, "tmp"),
        "MPLCONFIGDIR": os.path.join(scratch, "tmp"),
        "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "PYTHONIOENCODING": "utf-8",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "LANG": "C.UTF-8",
    }


def plan(submission_lib, scratch, sandbox=True):
    """Decide how the child will run: ``(sandboxed, message, inner_paths)`` where
    ``inner_paths`` maps ``"scratch"`` and ``"lib_root"`` to the paths the child sees."""
    ok, message = status() if sandbox else (False, "sandbox disabled by the caller: running unsandboxed")
    if ok:
        return True, message, {"scratch": "/scratch", "lib_root": "/submission"}
    return False, message, {"scratch": scratch, "lib_root": os.path.dirname(os.path.abspath(submission_lib))}


def start(runner_args, *, submission_lib, scratch, limits, sandbox=True):
    """Start ``python -I runner.py JOB`` as the isolated child.

    - runner_args: arguments after the interpreter, with paths given *inside* the scratch
      folder as ``{scratch}/...`` (they are rewritten for the sandbox).
    - submission_lib: the student's ``cs231n_lib`` folder (mounted read-only).
    - scratch: a folder writable by the child (holds the job, inputs and outputs).

    Returns ``(process, sandboxed, message)``; see :func:`plan` for the paths inside.
    """
    os.makedirs(os.path.join(scratch, "tmp"), exist_ok=True)
    _copy_font_cache(os.path.join(scratch, "tmp"))
    ok, message, inner = plan(submission_lib, scratch, sandbox)
    if ok:
        cmd = _bwrap_args(shutil.which("bwrap"), {submission_lib: "/submission/cs231n_lib"}, {scratch: "/scratch"})
        cmd += ["--chdir", "/scratch"]
        env = child_env("/scratch")
    else:
        cmd = []
        env = child_env(scratch)
    cmd += [sys.executable, "-I"] + [a.replace("{scratch}", inner["scratch"]) for a in runner_args]
    out = open(os.path.join(scratch, "child_stdio.txt"), "ab")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                            cwd=scratch, env=env, preexec_fn=limits.apply, start_new_session=True)
    out.close()
    return proc, ok, message


def _copy_font_cache(dest):
    """Give the child matplotlib's font list (the package's given plotting modules import
    matplotlib; rebuilding the list costs about a second per child)."""
    import glob

    cands = [os.environ.get("MPLCONFIGDIR"),
             os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib")]
    for d in cands:
        if d and os.path.isdir(d):
            for f in glob.glob(os.path.join(d, "fontlist-*.json")):
                try:
                    shutil.copy(f, dest)
                except OSError:
                    pass
            return


def kill(proc):
    """Kill the child and everything it started (its own process group / pid namespace)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.kill()
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
