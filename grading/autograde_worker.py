"""One student's ``nbgrader autograde``, for ``python -m grading autograde`` (grading/autograde.py).

- :func:`run_student`: a fresh ``python -m nbgrader autograde ASSIGNMENT --student ID --force``
  process, started through :data:`LAUNCH` (dies with this process, holds the student's lock for
  its whole life). A Dask task runs this.
- :class:`Preloaded`: on one machine, a worker process (``python -m grading.autograde_worker
  PARENT_PID ASSIGNMENT``, :func:`preloaded_main`) that imported nbgrader and the kit's nbgrader
  side, checked the sandbox and computed the reference outputs once, then forks a fresh child per
  submission that runs nbgrader's own command line in-process, exactly as ``python -m nbgrader
  autograde ... --student ID --force`` would, and is gone afterwards (no state carries from one
  student to the next).

Every process started here is in :data:`_RUNNING` until it ends, so an interrupted command kills
them all (:func:`kill_all`).
"""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import cluster, processes

STATE = ".kit-autograde"        # under the course folder: markers, logs and locks of this command

# Started as `python -I -c LAUNCH PROCESSES_PY PARENT_PID LOCK CMD...`: loads grading/processes.py by
# its path (-I: no kit on sys.path), dies with its parent, takes the student's lock, then becomes CMD
# (the lock's descriptor stays open in it, so the lock lives as long as CMD).
LAUNCH = r"""
import fcntl, importlib.util, os, sys
spec = importlib.util.spec_from_file_location("kit_processes", sys.argv[1])
processes = importlib.util.module_from_spec(spec)
spec.loader.exec_module(processes)
parent, lock, cmd = int(sys.argv[2]), sys.argv[3], sys.argv[4:]
processes.die_with_parent()
if os.getppid() != parent:
    sys.exit("the parent died before the autograde process started")
fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
os.set_inheritable(fd, True)
os.execvp(cmd[0], cmd)
"""


_RUNNING = set()                # nbgrader processes started by this process, still running


class AutogradeError(RuntimeError):
    """The command cannot run as asked (no such course, assignment or student)."""


def nbgrader_env() -> dict:
    """The environment of an nbgrader process."""
    env = dict(os.environ)
    # nbgrader runs helpers (the kernel, alembic) from PATH: this interpreter's bin/ first
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def nbgrader_command(assignment, student, db_url):
    return [sys.executable, "-m", "nbgrader", "autograde", assignment, "--student", student, "--force",
            f"--CourseDirectory.db_url={db_url}"]


def run_student(course, assignment, student, db_url, timeout=None, kit=None):
    """Run ``nbgrader autograde ASSIGNMENT --student STUDENT --force`` in ``course`` (on this
    machine: a local worker or a Dask worker) holding the student's lock; returns
    ``{"student", "returncode", "seconds", "output", "host"}``. ``timeout`` stops it after that
    many seconds (returncode None)."""
    import socket

    if kit is not None:
        cluster.require_same_kit(kit)
    state = Path(course) / STATE / assignment
    state.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-I", "-c", LAUNCH, processes.__file__, str(os.getpid()), str(state / f"{student}.lock"),
           *nbgrader_command(assignment, student, db_url)]
    t0 = time.time()
    proc = subprocess.Popen(cmd, cwd=str(course), env=nbgrader_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    _RUNNING.add(proc)
    try:
        output, _ = proc.communicate(timeout=timeout)
        code = proc.returncode
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        output, _ = proc.communicate()
        code = None
    except BaseException:
        _kill_group(proc)
        raise
    finally:
        _RUNNING.discard(proc)
    return {"student": student, "returncode": code, "seconds": round(time.time() - t0, 2),
            "output": output.decode("utf-8", "replace"), "host": f"{socket.gethostname()} ({cluster.this_worker()})"}


def kill_all() -> None:
    """Kill every process started here that still runs, with its process group."""
    for proc in list(_RUNNING):
        _kill_group(proc)


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.kill()


class Preloaded:
    """One local worker: a process that imported nbgrader and the kit once (:func:`preloaded_main`)
    and forks a fresh child per submission. Started from the main thread (its death signal follows
    the thread that started it); used by one pool thread at a time."""

    def __init__(self, course, assignment):
        self.course = Path(course)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "grading.autograde_worker", str(os.getpid()), assignment],
            cwd=str(course), env=nbgrader_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, start_new_session=True, text=True, bufsize=1)
        _RUNNING.add(self.proc)
        self._hello = None

    def hello(self):
        """``{"db_url", "course_id"}`` as nbgrader sees them in the course (the worker's first line,
        sent once it has loaded everything)."""
        if self._hello is None:
            line = self.proc.stdout.readline()
            if not line:
                raise AutogradeError(f"the preloaded autograde worker in {self.course} could not start "
                                     f"(exit {self.proc.poll()}): run `nbgrader autograde` there to see why")
            self._hello = json.loads(line)
            if "error" in self._hello:
                raise AutogradeError(f"cannot read the nbgrader configuration of {self.course}: {self._hello['error']}")
        return self._hello

    def run(self, assignment, student, db_url, timeout=None):
        """Like :func:`run_student`, in a child of this preloaded process."""
        import socket

        state = self.course / STATE / assignment
        state.mkdir(parents=True, exist_ok=True)
        log = state / f"{student}.running.log"
        request = {"argv": nbgrader_command(assignment, student, db_url)[3:], "lock": str(state / f"{student}.lock"),
                   "log": str(log), "timeout": timeout}
        self.hello()
        t0 = time.time()
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the preloaded autograde process ended (exit {self.proc.poll()})")
        reply = json.loads(line)
        output = log.read_text(errors="replace") if log.exists() else ""
        log.unlink(missing_ok=True)
        return {"student": student, "returncode": reply["returncode"], "seconds": round(time.time() - t0, 2),
                "output": output, "host": f"{socket.gethostname()} (local)"}

    def close(self, kill=False):
        try:
            if kill:
                raise OSError("not needed")
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            _kill_group(self.proc)
            self.proc.wait()
        _RUNNING.discard(self.proc)


def preloaded_main(parent_pid, assignment):
    """The preloaded worker (``python -m grading.autograde --preloaded PARENT_PID ASSIGNMENT``, run
    in the course folder): import nbgrader and the kit's nbgrader side, check the sandbox and
    compute the reference outputs once; then for each request line ``{"argv", "lock", "log",
    "timeout"}`` fork a child that takes the student's lock and runs nbgrader's command line with
    ``argv``, its output in ``log``; reply ``{"returncode"}`` (None: stopped at the timeout)."""
    import fcntl

    processes.die_with_parent()
    if os.getppid() != parent_pid:
        return 1
    from nbgrader.apps.nbgraderapp import NbGraderApp  # noqa: F401  (the slow import, done once)

    from . import manifest as M
    from . import nbgrader_preprocessors, parent, sandbox  # noqa: F401
    sandbox.status()
    for g in M.for_assignment(assignment):
        parent.reference_outputs(g)
    try:
        from nbgrader.apps.baseapp import NbGrader

        app = NbGrader()
        app.initialize([])
        hello = {"db_url": app.coursedir.db_url, "course_id": app.coursedir.course_id}
    except Exception as exc:  # noqa: BLE001  (said to the command, which stops)
        hello = {"error": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(hello) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:                                                 # the child: one submission
            code = 1
            try:
                os.setsid()
                processes.die_with_parent()
                fd = os.open(request["lock"], os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(fd, fcntl.LOCK_EX)
                out = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(out, 1)
                os.dup2(out, 2)
                sys.stdin.close()
                sys.argv = ["nbgrader", *request["argv"]]
                code = _nbgrader_in_process(request["argv"])
            except BaseException:  # noqa: BLE001
                import traceback

                traceback.print_exc()
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        deadline = None if request.get("timeout") is None else time.monotonic() + float(request["timeout"])
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                break
            if deadline is not None and time.monotonic() > deadline:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                os.waitpid(pid, 0)
                code = None
                break
            time.sleep(0.05)
        sys.stdout.write(json.dumps({"returncode": code}) + "\n")
        sys.stdout.flush()
    return 0


def _nbgrader_in_process(argv):
    """``nbgrader ARGV`` in this process (what ``python -m nbgrader`` runs); its exit code."""
    from nbgrader.apps.nbgraderapp import NbGraderApp

    try:
        NbGraderApp.launch_instance(argv=list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(preloaded_main(int(sys.argv[1]), sys.argv[2]))
