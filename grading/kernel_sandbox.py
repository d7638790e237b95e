"""``nbgrader autograde`` in the same boundary: the notebook kernel runs inside the sandbox.

nbgrader executes each submitted notebook in a Jupyter kernel. With nbgrader's defaults that
kernel runs as the instructor: a solution cell could edit the kit's grader, copy the reference
modules or print the hidden tests of ``source/``. Here the kernel is started by
:class:`SandboxProvisioner` inside bubblewrap with the same rules as the grading child
(``grading/sandbox.py``): no privilege, no network, a read-only view of the Python environment
and of *that submission's* autograded folder (copied into a private tmpfs by
``grading/kernel_launcher.py``), nothing else of the host.

With no network inside, how does nbgrader talk to the kernel? The provisioner opens the five
listening sockets of the kernel's connection (shell, iopub, stdin, control, heartbeat) on
127.0.0.1 outside and passes them in; the kernel adopts them (``zmq.USE_FD``). The kernel can
accept nbgrader's connections and reach nothing else. Interrupts are signals to the kernel's
process; killing the kernel kills the sandbox and everything in it.

Wiring (``grading/nbgrader_config.py``): :class:`SandboxedExecute` replaces nbgrader's
``Execute`` in the autograde pipeline. ``c.KitSandbox.allow_unsandboxed = True`` lets autograde
run when the sandbox cannot start (kernel and grader then run as this user: say so to nobody's
surprise); by default it stops with the reason.
"""
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from nbgrader.preprocessors import Execute
from traitlets import Bool, Int
from traitlets.config import Configurable

from . import sandbox

STAND_IN_HIDDEN = '''"""Stand-in for the kit's grading.hidden inside the sandboxed kernel: the module scores of
this cell are computed outside the notebook, after it has run (IsolatedGrades)."""


def score(*dotted_paths):
    return None
'''


class KitSandbox(Configurable):
    """Settings of the kit's sandbox under nbgrader (one place for autograde's kernel and grader)."""

    allow_unsandboxed = Bool(False, help="Run autograde when the sandbox cannot start (student code then "
                                         "runs with this user's rights).").tag(config=True)
    memory_mb = Int(4096, help="Memory of the notebook kernel, all its processes together (MB)").tag(config=True)
    cpu_seconds = Int(3600, help="CPU seconds of the notebook kernel's process").tag(config=True)
    tmp_mb = Int(512, help="Size of the kernel's private /tmp, which holds its copy of the "
                           "assignment folder (MB)").tag(config=True)

    def limits(self):
        return sandbox.Limits(memory_bytes=self.memory_mb << 20, cpu_seconds=self.cpu_seconds,
                              processes=256, open_files=1024, tmp_bytes=self.tmp_mb << 20,
                              file_bytes=min(self.tmp_mb, 256) << 20)


_ANNOUNCED = []


def _announce(log, state):
    """Say once per process how the notebooks' code runs (every grading run says it first)."""
    if not _ANNOUNCED:
        from .outputs import sandbox_line

        _ANNOUNCED.append(True)
        (log.info if state.ok else log.warning)("notebook kernels: %s", sandbox_line(state.as_dict()))


def kernel_env(tmp):
    env = sandbox.child_env(tmp)
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    for name in ("NBGRADER_EXECUTION", "NBGRADER_VALIDATING", "CS231N_QUICK"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def _address_space_limit(memory_bytes):
    """The unsandboxed kernel's start-up (in the forked child): the kernel's memory limit as its
    address-space limit, so an allocation past it fails in the student's kernel."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    return limit


class SandboxProvisioner(LocalProvisioner):
    """Launch the kernel in bubblewrap, on listening sockets opened out here."""

    ws = None
    watchdog = None

    async def launch_kernel(self, cmd, **kwargs):
        km = self.parent
        settings = KitSandbox(config=km.config)
        state = sandbox.status()
        _announce(self.log, state)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        if not state.ok and not settings.allow_unsandboxed:
            raise sandbox.SandboxUnavailable(
                f"the notebook kernel cannot start in the sandbox: {state.detail}. To autograde without it (student "
                "code then runs with your rights), set c.KitSandbox.allow_unsandboxed = True in nbgrader_config.py.")
        if not state.ok:
            self.log.warning("autograding UNSANDBOXED: %s", state.detail)
            kwargs["preexec_fn"] = _address_space_limit(settings.memory_mb << 20)
            return await super().launch_kernel(cmd, **kwargs)
        limits = settings.limits()
        self.ws = sandbox.Workspace(extra={"kernel_launcher.py": None,
                                           "kernel_site/grading/__init__.py": "",
                                           "kernel_site/grading/hidden.py": STAND_IN_HIDDEN})
        info = self.connection_info
        conn = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in info.items()}
        (self.ws.grader / "kernel.json").write_text(json.dumps(conn))
        os.chmod(self.ws.grader / "kernel.json", 0o644)
        listeners, fds = [], {}
        for name in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((conn["ip"], int(conn[name])))
            s.listen(64)
            listeners.append(s)
            fds[str(conn[name])] = s.fileno()
        as_root = sandbox.running_as_root()
        uid = sandbox.fresh_uid() if as_root else sandbox.USERNS_UID
        launch = {"uid": uid, "gid": uid, "limits": limits.rlimits(), "fds": fds}
        extra = [a for a in cmd[cmd.index("-f") + 2:]] if "-f" in cmd else []
        inner = [sandbox.python_executable(), "-I", "-B", "/grader/kernel_launcher.py", json.dumps(launch), *extra]
        args_r, args_w = os.pipe()
        options = sandbox.bwrap_arguments(self.ws, limits, as_root, extra_ro={cwd: "/assignment-ro"})
        blob = "\0".join(options).encode() + b"\0"
        try:
            self.process = subprocess.Popen(
                [sandbox.bwrap_binary()[0], "--args", str(args_r), "--", *inner], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=kernel_env("/tmp"), cwd="/",
                pass_fds=(args_r, *fds.values()), start_new_session=True, close_fds=True)
            os.write(args_w, blob)
        finally:
            os.close(args_r)
            os.close(args_w)
            for s in listeners:
                s.close()     # the kernel holds them now
        self.pid = self.process.pid
        self.pgid = os.getpgid(self.pid)
        self.cwd = cwd
        self.watchdog = threading.Thread(target=self._watch_memory, args=(limits.memory_bytes,), daemon=True)
        self.watchdog.start()
        return self.connection_info

    def _kernel_pids(self):
        return sandbox.descendants(self.pid) if self.pid else []

    def _watch_memory(self, limit):
        """Kill the sandbox when the kernel's processes together hold more than ``limit`` bytes."""
        import time

        while self.process is not None and self.process.poll() is None:
            if sum(sandbox.rss(p) for p in self._kernel_pids()) > limit:
                self.log.error("the notebook kernel used more than %d MB and was stopped", limit >> 20)
                self._kill_all()
                return
            time.sleep(0.5)

    def _kill_all(self):
        for pid in [self.pid, *self._kernel_pids()]:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError, TypeError):
                pass

    async def send_signal(self, signum):
        if self.ws is None:
            return await super().send_signal(signum)
        if self.process is None:
            return None
        if signum in (signal.SIGKILL, signal.SIGTERM):
            self._kill_all()      # the sandbox goes, and everything in it
            return None
        kernels = self._kernel_pids()[1:]   # bwrap's init, then the kernel (and what it started)
        if kernels:
            try:
                os.kill(kernels[0], signum)
            except ProcessLookupError:
                pass
        return None

    async def cleanup(self, restart=False):
        await super().cleanup(restart=restart)
        if self.ws is not None and not restart:
            self.ws.remove()
            self.ws = None


class SandboxedKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose kernels start through :class:`SandboxProvisioner`."""

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.provisioner = SandboxProvisioner(kernel_id=self.kernel_id or kw.get("kernel_id") or "kernel",
                                                  kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)

    pre_start_kernel = _async_pre_start_kernel


class SandboxedExecute(Execute):
    """nbgrader's Execute preprocessor with the notebook kernel inside the sandbox."""

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SandboxedKernelManager
        super().__init__(*args, **kwargs)
