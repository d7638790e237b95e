"""``python -m grading autograde ASSIGNMENT --workers N``: nbgrader's autograde, N submissions at a time.

    python -m grading autograde ASSIGNMENT [--workers N] [--course DIR] [--student ID ...] [--force]
                                [--scheduler tcp://HOST:PORT] [--shard I/N] [--submission-timeout S]

``nbgrader autograde`` grades one submission after the other in one process (jupyter/nbgrader#174).
Its converter (``nbgrader/converters/base.py``, ``autograde.py``) does, per submission: decide
whether to process it (skip when ``autograded/`` exists, unless ``--force``), write the student
and the submission to the gradebook, copy the instructor's files, then run each notebook
(sanitize, execute, save grades; the kit adds ``IsolatedGrades``). A submission's work touches
nothing of another's except the gradebook. So this command runs one
``nbgrader autograde ASSIGNMENT --student ID --force`` process per submission, N at a time, each
exactly what nbgrader itself would do for that student, with the course's own configuration (the
kernel in the sandbox, the isolated grader): the grades are the sequential command's.

What makes it safe:

- **Gradebook writes.** Every process opens the gradebook with a busy timeout of
  :data:`GRADEBOOK_TIMEOUT` seconds (``sqlite:///...gradebook.db?timeout=600``): SQLite lets one
  writer in at a time and the others wait for it instead of failing with "database is locked"
  after pysqlite's default 5 s (``tests/test_autograde.py`` hammers a gradebook from six
  processes through nbgrader's own API: without a timeout writes are lost, with it every write
  lands and the file passes ``PRAGMA integrity_check``). A server database configured as
  ``c.CourseDirectory.db_url`` is used as it is.
- **One process per student at a time.** Each process holds ``flock`` on
  ``.kit-autograde/<assignment>/<student>.lock`` for its whole life (the lock dies with it).
- **Resumable after kill -9.** nbgrader alone would skip a half-done ``autograded/`` folder.
  Here a student counts as done only when its process exited 0 and a marker
  ``.kit-autograde/<assignment>/<student>.json`` was then written atomically, holding a digest of
  ``submitted/<student>/<assignment>/``; a rerun grades (with ``--force``) every student without
  a valid marker or whose submission changed since, and skips the others (``--force``: all).
- **Children die with the parent.** Each nbgrader process gets ``PR_SET_PDEATHSIG``: when this
  command dies (even by SIGKILL) they are killed, and their kernels and grading children, in
  bubblewrap with ``--die-with-parent``, go with them.

Starting nbgrader costs about as much as autograding a short notebook (importing it takes ~5 s
here; the kit's preprocessors then check the sandbox and compute the reference outputs). So on
one machine one *preloaded* process (grading/autograde_worker.py) pays this once, checks the
course root and reads the gradebook for this command (which never loads nbgrader itself), and
forks a fresh child per submission, N at a time; the child runs nbgrader's own ``autograde``
command line in-process, exactly as ``python -m nbgrader autograde ... --student ID --force``
would, and is gone afterwards (no state carries from one student to the next). A Dask task
starts ``python -m nbgrader`` instead. The pool, the resume step and the Dask submission are grading/pool.py's,
shared with ``grade-all``.

``--scheduler`` runs each student's process on a Dask worker instead (the course folder must be
at the same path there: a shared file system; see grading/SCALE.md); ``--shard I/N`` autogrades
every N-th submitted student only. The summary lists graded and failed students (with the
reason from nbgrader's log, kept in ``.kit-autograde/<assignment>/<student>.log``) and the
seconds per submission.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from . import cluster, pool
from .autograde_worker import STATE, AutogradeError, Preloaded, gradebook_submissions, kill_all, nbgrader_env, run_student
from .files import folder_digest
from .outputs import worker_count
from .sandbox_mode import SandboxMode

GRADEBOOK_TIMEOUT = 600        # seconds an nbgrader process waits for the gradebook's write lock





# --------------------------------------------------------------------------- the course

def submitted_students(course, assignment):
    """Sorted ids of the students with a ``submitted/<id>/<assignment>/`` folder."""
    root = Path(course) / "submitted"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir()
                  if not p.name.startswith(".") and (p / assignment).is_dir() and not (p / assignment).is_symlink())


def configured_gradebook(course):
    """``(db_url, course_id)`` as nbgrader uses them in ``course`` (its configuration decides),
    read by an nbgrader app started there."""
    code = ("from nbgrader.apps.baseapp import NbGrader\n"
            "app = NbGrader(); app.initialize([]); print(app.coursedir.course_id); print(app.coursedir.db_url)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=str(course), capture_output=True, text=True,
                          env=nbgrader_env(), timeout=120)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or len(lines) < 2:
        raise AutogradeError(f"cannot read the nbgrader configuration of {course}: "
                             f"{(proc.stderr.strip().splitlines() or ['no output'])[-1]}")
    return lines[-1], lines[-2]


def with_busy_timeout(db_url, seconds=GRADEBOOK_TIMEOUT):
    """``db_url`` with a SQLite busy timeout (unless it has one); other databases unchanged."""
    if not db_url.startswith("sqlite") or re.search(r"[?&]timeout=", db_url):
        return db_url
    return db_url + ("&" if "?" in db_url else "?") + f"timeout={seconds}"


def submission_digest(folder) -> str:
    """sha256 over the relative paths and contents of every file of a submitted folder (the markers
    of earlier runs hold it: the same formula, so they stay valid)."""
    return folder_digest(folder)


# --------------------------------------------------------------------------- one student

def failure_reason(output, returncode):
    """One line saying why an nbgrader process failed, from its log."""
    if returncode is None:
        return "timed out and was stopped"
    if returncode < 0:
        return f"killed by signal {-returncode}"
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    exceptions = [line for line in lines if re.match(r"^(?:[A-Za-z_]\w*\.)*[A-Z]\w*: \S", line)]  # "pkg.SomeError: why"
    if exceptions:
        return exceptions[-1][:300]
    errors = [re.sub(r"^\[[^\]]*ERROR\]\s*", "", line) for line in lines if "ERROR]" in line]
    errors = [e for e in errors if not e.startswith("Please see")]
    if errors:
        return errors[0][:300]
    return f"nbgrader exited with code {returncode}: {(lines or ['no output'])[-1][:200]}"


OUT_OF_MEMORY = "ran out of memory"            # grading/nbgrader_memory.py's log lines say these
AS_FAR_AS_IT_GOT = "graded as far as it got"


def manual_flags(output):
    """Warnings worth the instructor's attention in a successful run's log (a notebook that ran
    out of memory or whose kernel died: its log line, which names the cell, the limit and the setting)."""
    notes = [line.split("WARNING]", 1)[-1].strip()[:400] for line in output.splitlines() if AS_FAR_AS_IT_GOT in line]
    if "isolated grading of" in output:
        notes.append("the isolated grader failed: module cells flagged for manual grading (see the log)")
    if "UNSANDBOXED" in output:
        notes.append("graded UNSANDBOXED")
    return notes


class Marks:
    """The completion markers, logs and locks of one assignment under ``course/.kit-autograde/``."""

    def __init__(self, course, assignment):
        self.course, self.assignment = Path(course), assignment
        self.dir = self.course / STATE / assignment
        self.dir.mkdir(parents=True, exist_ok=True)

    def submitted(self, student):
        return self.course / "submitted" / student / self.assignment

    def done(self, student, graded_in_gradebook):
        """``(done, why not)``: a valid marker, the same submission, its grades in the gradebook."""
        path = self.dir / f"{student}.json"
        if not path.exists():
            return False, None
        try:
            mark = json.loads(path.read_text())
        except (OSError, ValueError):
            return False, "its marker was unreadable"
        if not isinstance(mark, dict) or mark.get("student") != student or mark.get("assignment") != self.assignment:
            return False, "its marker belongs to another submission"
        if mark.get("digest") != submission_digest(self.submitted(student)):
            return False, "the submission changed since it was autograded"
        if student not in graded_in_gradebook:
            return False, "the gradebook has no grades for it"
        if not (self.course / "autograded" / student / self.assignment).is_dir():
            return False, "its autograded folder is missing"
        return True, None

    def write(self, student, run, digest):
        from .outputs import write_json

        (self.dir / f"{student}.log").write_text(run["output"])
        if run["returncode"] == 0:
            write_json(self.dir / f"{student}.json", {
                "student": student, "assignment": self.assignment, "digest": digest,
                "seconds": run["seconds"], "host": run["host"], "finished": time.strftime("%Y-%m-%d %H:%M:%S")})

    def forget(self, student):
        try:
            (self.dir / f"{student}.json").unlink()
        except FileNotFoundError:
            pass


# --------------------------------------------------------------------------- the class

def _run_local(worker, slots, assignment, students, db_url, timeout, on_done):
    """Up to ``slots`` submissions at once (grading/pool.py), each a child of the preloaded ``worker``.
    Interrupted (Ctrl-C), the worker and its children are killed and the rest never start."""
    pool.run_in_pool([(s, s) for s in students], slots, lambda s: worker.run(assignment, s, db_url, timeout),
                     lambda _, run: on_done(run), processes=False, on_interrupt=kill_all)


def _run_dask(client, course, assignment, students, db_url, timeout, on_done):
    kit = cluster.loaded_fingerprint()
    jobs = [(s, (str(course), assignment, s, db_url, timeout, kit)) for s in students]

    def lost(student, exc):
        return {"student": student, "returncode": 1, "seconds": 0.0, "host": "?",
                "error": f"the Dask task failed: {type(exc).__name__}: {exc}", "output": ""}

    pool.run_dask(client, run_student, jobs, "autograde", lambda _, run: on_done(run), lost)


def autograde(assignment, course=None, workers=2, students=None, force=False, scheduler=None, shard=None,
              submission_timeout=None, log=print):
    """Autograde ``assignment`` in ``course`` (default build/course), ``workers`` submissions at a
    time. Returns ``{student: {"status": "graded" | "failed" | "skipped", "seconds", "reason",
    "score", "max_score", "notes"}}``."""
    from . import course as course_mod
    from .release import DEFAULT_COURSE

    from .assignments import ASSIGNMENTS

    started_at = time.time()

    if assignment not in ASSIGNMENTS:
        raise AutogradeError(f"unknown assignment {assignment!r}; known: {', '.join(ASSIGNMENTS)}")
    course = Path(course or DEFAULT_COURSE).resolve()
    if not (course / "nbgrader_config.py").is_file():
        raise AutogradeError(f"{course} is not a course folder (no nbgrader_config.py): "
                             "build it with `python -m grading release`, or pass --course DIR")
    everyone = submitted_students(course, assignment)
    # one preloaded worker loads nbgrader (seconds) and serves every slot; started here, in the main
    # thread: the death signal of a child follows its starting thread
    worker = Preloaded(course, assignment) if not scheduler and everyone else None
    try:
        if worker is not None:
            worker.hello()          # it checks the course root, nbgrader loaded: this process never loads it
        else:
            try:
                course_mod.check_course_root(course)
            except ValueError as exc:
                raise AutogradeError(str(exc)) from None
        if students:
            unknown = [s for s in students if s not in everyone]
            if unknown:
                raise AutogradeError(f"no submitted/<student>/{assignment}/ folder for: {', '.join(unknown)}")
            everyone = [s for s in everyone if s in set(students)]
        chosen = cluster.take_shard(everyone, shard)
        return _autograde(assignment, course, workers, chosen, force, scheduler, shard, submission_timeout, log,
                          worker, started_at)
    finally:
        if worker is not None:
            worker.close(kill=True)


def _autograde(assignment, course, workers, chosen, force, scheduler, shard, submission_timeout, log, worker,
               started_at):
    client = _connect(scheduler, course, log, worker)
    if worker is not None:
        hello = worker.hello()
        db_url, course_id = hello["db_url"], hello["course_id"]
    else:
        db_url, course_id = configured_gradebook(course)
    db_url = with_busy_timeout(db_url)
    marks = Marks(course, assignment)
    read_gradebook = worker.gradebook if worker is not None else gradebook_submissions   # nbgrader is loaded there
    in_gradebook = read_gradebook(db_url, course_id, assignment)

    def already(s, _):
        ok, why = marks.done(s, in_gradebook)
        if ok and not force:
            return {"status": "skipped", "seconds": None, "reason": "already autograded", "notes": []}, None
        return None, why

    report, todo, again = pool.split_done([(s, s) for s in chosen], already)
    todo = [s for s, _ in todo]
    for s, why in again.items():
        log(f"{s}: autograded again ({why})")
    skipped = len(chosen) - len(todo)
    log(f"autograde {assignment}: {len(chosen)} submission(s)" + (f" in shard {shard[0]}/{shard[1]}" if shard else "")
        + f", {len(todo)} to grade" + (f", {skipped} already done (--force regrades them)" if skipped else "")
        + (f", {workers} at a time" if client is None else ", on the Dask cluster"))
    digests = {}
    for s in todo:
        digests[s] = submission_digest(marks.submitted(s))
        marks.forget(s)           # until its process has finished, it is not done
    count = [0]
    t0 = time.time()

    def on_done(run):
        s = run["student"]
        count[0] += 1
        marks.write(s, run, digests[s])
        if run["returncode"] == 0:
            report[s] = {"status": "graded", "seconds": run["seconds"], "reason": "", "notes": manual_flags(run["output"])}
            log(f"[{count[0]}/{len(todo)}] {s}: graded in {run['seconds']:.1f} s"
                + (f" on {run['host']}" if client is not None else "")
                + "".join(f"; {n}" for n in report[s]["notes"]))
        else:
            reason = run.get("error") or failure_reason(run["output"], run["returncode"])
            report[s] = {"status": "failed", "seconds": run["seconds"], "reason": reason, "notes": []}
            log(f"[{count[0]}/{len(todo)}] {s}: FAILED after {run['seconds']:.1f} s: {reason}")

    try:
        if client is not None:
            _run_dask(client, course, assignment, todo, db_url, submission_timeout, on_done)
        elif todo:
            _run_local(worker, min(workers, len(todo)), assignment, todo, db_url, submission_timeout, on_done)
    finally:
        if client is not None:
            client.close()
    elapsed = time.time() - t0
    _summary(report, todo, skipped, marks, read_gradebook(db_url, course_id, assignment), elapsed, started_at, log)
    return report


def _connect(scheduler, course, log, worker=None):
    """A Dask client whose workers run this kit in the sandbox (None without ``scheduler``: then the
    sandbox line of this machine, as the preloaded ``worker`` found it)."""
    from .outputs import sandbox_line
    from .sandbox import status

    if not scheduler:
        log(sandbox_line(worker.hello()["sandbox"] if worker is not None else status().as_dict()))
        return None
    client = cluster.connect(scheduler)
    log(f"Dask scheduler {scheduler}: each submission is autograded on a worker (course folder {course} "
        "must be at that path there)")
    try:
        cluster.check_workers(client, SandboxMode.REQUIRED, log=log)
    except BaseException:
        client.close()
        raise
    return client


def _summary(report, todo, skipped, marks, scores, elapsed, started_at, log):
    """The scores from the gradebook into ``report``; the closing lines."""
    for s, r in report.items():
        r["score"], r["max_score"], r["needs_manual_grade"] = scores.get(s, (None, None, None))
    graded = [s for s in todo if report[s]["status"] == "graded"]
    failed = [s for s in todo if report[s]["status"] == "failed"]
    log(f"summary: {len(graded)} graded, {len(failed)} failed, {skipped} skipped (already done) in {elapsed:.1f} s"
        + (f": {elapsed / len(todo):.1f} s per submission of wall time"
           f" ({sum(report[s]['seconds'] for s in todo) / len(todo):.1f} s each in its own process)" if todo else "")
        + f"; {time.time() - started_at:.1f} s in all, with the start-up (nbgrader loaded in the preloaded worker, the "
          "sandbox checked, the gradebook read)")
    for s in failed:
        log(f"  failed {s}: {report[s]['reason']} (log: {marks.dir / (s + '.log')}); a rerun grades it again")


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m grading autograde", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("assignment")
    ap.add_argument("--workers", type=worker_count, default=2, help="submissions autograded at once (default 2)")
    ap.add_argument("--course", help="the course folder (default build/course)")
    ap.add_argument("--student", nargs="+", metavar="ID", help="only these students")
    ap.add_argument("--force", action="store_true", help="regrade students already autograded by an earlier run")
    ap.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run each submission on this Dask cluster")
    ap.add_argument("--shard", metavar="I/N", help="only shard I (from 0) of N: every N-th submitted student")
    ap.add_argument("--submission-timeout", type=float, metavar="S",
                    help="stop one submission's nbgrader process after S seconds (default: no limit beyond "
                         "nbgrader's per-cell timeout)")
    args = ap.parse_args(argv)
    try:
        shard = cluster.parse_shard(args.shard) if args.shard else None
        report = autograde(args.assignment, course=args.course, workers=args.workers, students=args.student,
                           force=args.force, scheduler=args.scheduler, shard=shard,
                           submission_timeout=args.submission_timeout)
    except (AutogradeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except cluster.ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 5
    except KeyboardInterrupt:
        print("\ninterrupted: the submissions autograded so far are kept in the gradebook; run the same command "
              + ("without --force " if args.force else "")
              + "again to autograde the rest (a half-done one is autograded again)", file=sys.stderr)
        return 130
    return 1 if any(r["status"] == "failed" for r in report.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
