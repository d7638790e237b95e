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
import itertools
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Optional

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
    """The local worker: one process that imported nbgrader and the kit once (:func:`preloaded_main`)
    and forks a fresh child per submission, as many at once as pool threads call :meth:`run`
    (nbgrader, the sandbox check and the reference outputs are paid once, not once per worker).
    Started from the main thread (its death signal follows the thread that started it)."""

    def __init__(self, course, assignment):
        self.course = Path(course)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "grading.autograde_worker", str(os.getpid()), assignment],
            cwd=str(course), env=nbgrader_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, start_new_session=True, text=True, bufsize=1)
        _RUNNING.add(self.proc)
        self._hello = None
        self._write = threading.Lock()              # one request line at a time
        self._replies, self._ended = {}, False      # request id -> reply, filled by the reader thread
        self._arrived = threading.Condition()
        self._ids = itertools.count()

    def hello(self) -> dict:
        """``{"db_url", "course_id", "sandbox"}`` as nbgrader and the sandbox check see them in the
        course (the worker's first line, sent once it has loaded everything). AutogradeError if the
        worker could not start or the course's configuration names another course root."""
        if self._hello is None:
            line = self.proc.stdout.readline()
            if not line:
                raise AutogradeError(f"the preloaded autograde worker in {self.course} could not start "
                                     f"(exit {self.proc.poll()}): run `nbgrader autograde` there to see why")
            self._hello = json.loads(line)
            if "error" in self._hello:
                raise AutogradeError(f"cannot read the nbgrader configuration of {self.course}: {self._hello['error']}")
            if "course_root_error" in self._hello:
                raise AutogradeError(self._hello["course_root_error"])
            threading.Thread(target=self._read_replies, daemon=True).start()
        return self._hello

    def _read_replies(self):
        try:
            for line in self.proc.stdout:
                reply = json.loads(line)
                with self._arrived:
                    self._replies[reply["id"]] = reply
                    self._arrived.notify_all()
        finally:                # also on a line that is not a reply: no caller waits forever
            with self._arrived:
                self._ended = True
                self._arrived.notify_all()

    def _ask(self, request: dict) -> dict:
        self.hello()
        request["id"] = rid = next(self._ids)
        try:
            with self._write:
                self.proc.stdin.write(json.dumps(request) + "\n")
                self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):    # the process ended (ValueError: its pipe is closed)
            pass
        with self._arrived:
            self._arrived.wait_for(lambda: rid in self._replies or self._ended)
            if rid not in self._replies:
                raise RuntimeError(f"the preloaded autograde process ended (exit {self.proc.poll()})")
            return self._replies.pop(rid)

    def run(self, assignment: str, student: str, db_url: str, timeout: Optional[float] = None) -> dict:
        """Like :func:`run_student`, in a child of this preloaded process."""
        import socket

        state = self.course / STATE / assignment
        state.mkdir(parents=True, exist_ok=True)
        log = state / f"{student}.running.log"
        request = {"argv": nbgrader_command(assignment, student, db_url)[3:], "lock": str(state / f"{student}.lock"),
                   "log": str(log), "timeout": timeout}
        self.hello()
        t0 = time.time()
        reply = self._ask(request)
        output = log.read_text(errors="replace") if log.exists() else ""
        log.unlink(missing_ok=True)
        return {"student": student, "returncode": reply["returncode"], "seconds": round(time.time() - t0, 2),
                "output": output, "host": f"{socket.gethostname()} (local)"}

    def gradebook(self, db_url: str, course_id: str, assignment: str) -> dict:
        """:func:`gradebook_submissions`, read by a child of this process (nbgrader is loaded there)."""
        reply = self._ask({"gradebook": [db_url, course_id, assignment]})
        if "error" in reply:
            raise AutogradeError(f"cannot read the gradebook {db_url}: {reply['error']}")
        return {s: tuple(v) for s, v in reply["submissions"].items()}

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


def gradebook_submissions(db_url: str, course_id: str, assignment: str) -> dict:
    """{student: (score, max_score, needs_manual_grade)} of the assignment's submissions."""
    from nbgrader.api import Gradebook, MissingEntry

    out = {}
    if db_url.startswith("sqlite:///"):
        path = db_url[len("sqlite:///"):].split("?", 1)[0]
        if not os.path.exists(path):      # no gradebook yet: nothing graded (and nothing to create here)
            return out
    with Gradebook(db_url, course_id) as gb:
        try:
            a = gb.find_assignment(assignment)
        except MissingEntry:
            return out
        for sub in a.submissions:
            out[sub.student.id] = (sub.score, sub.max_score, sub.needs_manual_grade)
    return out


def preloaded_main(parent_pid: int, assignment: str) -> int:
    """The preloaded worker (``python -m grading.autograde_worker PARENT_PID ASSIGNMENT``, run in the
    course folder): import nbgrader and the kit's nbgrader side, check the sandbox and compute the
    reference outputs once, say ``hello``; then serve request lines until its input ends. A request
    ``{"id", "argv", "lock", "log", "timeout"}`` forks a child that takes the student's lock and runs
    nbgrader's command line with ``argv``, its output in ``log``; its reply ``{"id", "returncode"}``
    (None: stopped at the timeout) comes when that child ends, while others may run. A request
    ``{"id", "gradebook": [db_url, course_id, assignment]}`` is answered by a child at once."""
    processes.die_with_parent()
    if os.getppid() != parent_pid:
        return 1
    _say(_preload(assignment))
    running = {}                      # pid of a submission's child -> (request id, deadline)
    pending, reading = b"", True
    while reading or running:
        if reading and select.select([0], [], [], 0.05)[0]:
            chunk = os.read(0, 1 << 16)
            reading = bool(chunk)
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                request = json.loads(line)
                if "gradebook" in request:
                    _say({"id": request["id"], **_in_child(gradebook_submissions, *request["gradebook"])})
                else:
                    timeout = request.get("timeout")
                    running[_start_submission(request)] = (
                        request["id"], None if timeout is None else time.monotonic() + float(timeout))
        elif not reading:
            time.sleep(0.05)
        for pid, code in _ended(running):
            _say({"id": running.pop(pid)[0], "returncode": code})
    return 0


def _preload(assignment):
    """The slow part, done once: nbgrader imported, the sandbox checked, the reference modules; the hello."""
    from nbgrader.apps.nbgraderapp import NbGraderApp  # noqa: F401  (the slow import, done once)

    from . import nbgrader_preprocessors, parent, sandbox  # noqa: F401
    from .course import check_course_root

    try:
        check_course_root(Path.cwd())      # before anything else: a copied course names its original
    except ValueError as exc:
        return {"course_root_error": str(exc)}
    state = sandbox.status()
    parent.warm_reference(assignment)      # the hidden inputs are drawn per submission: only the imports
    try:
        from nbgrader.apps.baseapp import NbGrader

        app = NbGrader()
        app.initialize([])
        return {"db_url": app.coursedir.db_url, "course_id": app.coursedir.course_id, "sandbox": state.as_dict()}
    except Exception as exc:  # noqa: BLE001  (said to the command, which stops)
        return {"error": f"{type(exc).__name__}: {exc}"}


def _say(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _start_submission(request):
    """Fork the child of one submission; its pid."""
    import fcntl

    pid = os.fork()
    if pid:
        return pid
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
    except BaseException:  # noqa: BLE001  (written to the submission's log)
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _ended(running):
    """``[(pid, exit code)]`` of the submissions' children that ended, or were killed (code None)
    because their deadline passed."""
    ended = []
    for pid, (_, deadline) in running.items():
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            ended.append((pid, os.waitstatus_to_exitcode(status)))
        elif deadline is not None and time.monotonic() > deadline:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            ended.append((pid, None))
    return ended


def _in_child(fn, *args):
    """``{"submissions": fn(*args)}`` computed in a forked child (no state of it stays in this
    process, whose children grade), or ``{"error"}``."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            reply = {"submissions": fn(*args)}
        except Exception as exc:  # noqa: BLE001  (sent to the command, which says it)
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        with os.fdopen(write, "w") as f:
            f.write(json.dumps(reply))
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as f:
        text = f.read()
    os.waitpid(pid, 0)
    return json.loads(text) if text else {"error": "the gradebook reader died"}


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
