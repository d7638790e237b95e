"""``grade-all``: a whole class, N submissions at a time, resumable, one bad submission never
stopping the batch.

Each submission's result is written to ``OUT/results/<id>.json`` (``/`` and ``%`` percent-encoded,
so ``bob/x`` and ``bob__x`` keep two files; atomically) as soon as it is ready. A later run keeps
the results that are complete and of this grader's version (under the earlier ``bob__x.json`` name
too, when the id inside says so) and regrades everything else, with a note: a missing file, a file that is not a result (``null``,
``[]``, ``{}``, another tool's JSON, another student's), a result from an older grader, or a
submission that could not be graded (the grader's own failure, never scored as 0). Workspaces
left behind by a killed run are removed first. ``OUT/summary.csv`` lists every submission, its
cells escaped so a spreadsheet never runs one as a formula.

Beyond one machine (grading/cluster.py, grading/SCALE.md): ``scheduler="tcp://HOST:PORT"`` sends
one submission per task to a Dask cluster (each worker grades in its own sandbox; this process
writes the result files, so resuming works the same), and ``shard=(I, N)`` grades every N-th
submission of the sorted list only (SLURM arrays, Kubernetes indexed jobs). Shards share OUT and
write no summary; a last run without a shard grades whatever is still missing and writes it.

On one machine, ``workers=N`` grades N submissions at a time in N worker processes (on Linux),
forked once the reference outputs are computed, so each starts warm. Processes, not threads: the
trusted side's own work (the reference, decoding and comparing replies) is Python, and threads
would share one core through the GIL. A worker dies with this process (``PR_SET_PDEATHSIG``), its
sandboxes with it. At most N submissions are in flight, so should a worker itself die (killed
by hand, say: student code runs in the sandbox's own processes and cannot reach it), the pool loses
only those: each is graded again alone in a fresh worker, then the rest go on in a new pool. One that
kills its worker even alone gets an error result, never a score, and the next run tries it again.
The pool, its resume step and the Dask submission are grading/pool.py's, shared with ``autograde``.
"""
import functools
import json
import os
import time
import traceback
from pathlib import Path
from typing import Callable, Optional

from . import cluster
from . import manifest as M
from . import parent, pool, sandbox
from .outputs import sandbox_line, write_json, write_summary_csv
from .sandbox_mode import SandboxMode, refuse_unless_usable
from .sandbox_mode import resolve as resolve_sandbox


def find_work_folders(root):
    """``[(id, folder)]``: each subfolder of ``root`` that is a work folder (holds
    ``cs231n_lib/`` or a notebook), or nbgrader's ``student/assignment/`` folders."""
    root = Path(root)

    def is_work(p):
        return (p / "cs231n_lib").exists() or any(p.glob("*.ipynb"))

    found = []
    for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if is_work(sub):
            found.append((sub.name, sub))
        else:
            inner = [q for q in sorted(sub.iterdir()) if q.is_dir() and is_work(q)]
            found += [(f"{sub.name}/{q.name}", q) for q in inner]
            if not inner:
                found.append((sub.name, sub))  # graded anyway: reported as empty
    return found


def result_file(results_dir, sid):
    """``RESULTS/<id>.json``, one file per id: ``%`` and ``/`` are percent-encoded (``bob/x`` ->
    ``bob%2Fx.json``, ``bob__x`` -> ``bob__x.json``), so two ids never share a file and a plain
    student id keeps its own name."""
    return Path(results_dir) / (sid.replace("%", "%25").replace("/", "%2F") + ".json")


def old_result_file(results_dir, sid):
    """The name an earlier grader gave ``sid``'s result (``/`` -> ``__``: not injective)."""
    return Path(results_dir) / (sid.replace("/", "__") + ".json")


def resume_check(results_dir):
    """``check(sid, payload)`` for :func:`pool.split_done`: the complete result of ``sid`` in
    ``results_dir``. A result under the earlier, colliding name is taken only when the id inside
    is ``sid``, and is moved to the new name first (so a later run, or the LMS export, sees one)."""
    def check(sid, _payload):
        path, old = result_file(results_dir, sid), old_result_file(results_dir, sid)
        if not path.exists() and old != path and old.is_file() and _id_in(old) == sid:
            os.replace(old, path)
        return usable_result(path, sid)
    return check


def _id_in(path):
    """The ``id`` written in a result file, or None if it holds none."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data.get("id") if isinstance(data, dict) else None


def usable_result(path, sid):
    """``(result, None)`` when ``path`` holds a complete result of this grader for ``sid``, else
    ``(None, why)`` (``why`` is None when there is simply no file yet)."""
    if not path.exists():
        return None, None
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        return None, f"unreadable ({type(exc).__name__})"
    if not isinstance(data, dict) or not data:
        return None, f"not a result (holds {json.dumps(data)[:20]})"
    if data.get("id") != sid:
        return None, f"the result of another submission ({str(data.get('id'))[:40]!r})"
    if data.get("version") != parent.RESULT_VERSION:
        return None, "written by another version of the grader"
    if data.get("error"):
        return None, "the last run could not grade it"
    if not isinstance(data.get("functions"), dict) or not isinstance(data.get("total"), (int, float)):
        return None, "an incomplete result"
    return data, None


def grade_one(folder, assignment=None, limits=None, sandbox_mode=SandboxMode.REQUIRED, state=None, kit=None,
              student=None):
    """The result of one submission folder, never an exception: a failure of the grader itself
    is a result with ``error`` (regraded by the next run). ``kit``: the fingerprint the grading
    machine must have (a Dask worker checks it is grading with the client's kit). ``student``:
    the student's id, mixed into the draw of the hidden inputs (:func:`student_of`)."""
    t0 = time.time()
    try:
        if kit is not None:
            cluster.require_same_kit(kit)
        if os.path.islink(folder):
            raise PermissionError(f"{folder} is a symbolic link, not a submission folder")
        return parent.grade(folder, assignment=assignment, limits=limits, sandbox_mode=sandbox_mode, student=student)
    except Exception as exc:  # noqa: BLE001  (one bad submission never stops the batch)
        if state is None:
            state = resolve_sandbox(sandbox_mode, "switched off")
        return {**ungraded(folder, assignment, state, f"{type(exc).__name__}: {exc}"),
                "traceback": traceback.format_exc()[-2000:], "seconds": round(time.time() - t0, 2)}


def ungraded(folder, assignment, state, error):
    """The result of a submission the grader could not grade (never a score: the next run regrades it)."""
    return {"version": parent.RESULT_VERSION, "assignment": assignment, "folder": str(folder), "total": None,
            "max_total": None, "functions": {}, "sandbox": state.as_dict(), "error": error}


def student_of(sid: str) -> str:
    """The student's id in a submission id: ``alice`` of ``alice`` and of nbgrader's
    ``alice/linear_classifiers`` (the same id the autograde flow has)."""
    return str(sid).split("/")[0]


def _grade_payload(payload, **options):
    """``grade_one`` of a local job's payload ``(folder, student)``."""
    folder, student = payload
    return grade_one(folder, student=student, **options)


def _grade_task(folder, assignment, limits, sandbox_mode, kit, protected=(), student=None):
    """One Dask task: grade on this worker, say where."""
    import socket

    if sandbox_mode == SandboxMode.CONTAINER:      # the class and the output folder must be unreadable here too
        from . import uid_sandbox

        uid_sandbox.protect(*[p for p in protected if os.path.exists(p)])

    r = grade_one(folder, assignment, limits, sandbox_mode, kit=kit, student=student)
    r["graded_on"] = f"{socket.gethostname()} ({cluster.this_worker()})"
    return r


def output_folder(submissions, out=None) -> Path:
    """Where grade-all writes: ``out``, or ``SUBMISSIONS_grades`` beside the submissions."""
    root = Path(submissions)
    return Path(out) if out else root.parent / f"{root.name}_grades"


def grade_all(submissions, out=None, workers: int = 2, assignment: Optional[str] = None, limits=None,
              sandbox_mode=SandboxMode.REQUIRED, log: Callable = print, scheduler: Optional[str] = None,
              shard: Optional[tuple] = None, processes: Optional[bool] = None) -> dict:
    """Grade every submission under ``submissions``; returns ``{id: result}`` (of the shard only
    when ``shard=(I, N)``). ``scheduler``: the address of a Dask scheduler to grade on instead of
    ``workers`` local worker processes (``processes=False``: threads, as before; for comparisons)."""
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers={workers!r}: give a whole number of at least 1")
    if assignment is not None:
        M.for_assignment(assignment)            # an unknown name: KeyError listing the known ones, before any write
    root = Path(submissions)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a folder of submissions")
    client = _connect(scheduler, sandbox_mode, log) if scheduler else None
    protected = [str(root.resolve()), str(output_folder(root, out).resolve())]
    state = _prepare(sandbox_mode, protected, client is not None, log)
    out = output_folder(root, out)
    results_dir = out / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    subs = cluster.take_shard(find_work_folders(root), shard)
    done, todo, regrade_notes = pool.split_done(subs, resume_check(results_dir))

    def record(sid, r):
        r["id"] = sid
        if sid in regrade_notes:
            r.setdefault("notes", []).append(f"the previous result file was {regrade_notes[sid]}; regraded")
        write_json(result_file(results_dir, sid), r)
        done[sid] = r

    if done:
        log(f"resuming: {len(done)} submission(s) already graded in {results_dir}, {len(todo)} to go")
    t0 = time.time()
    if client is not None:
        _grade_on_dask(client, todo, record, assignment, limits, sandbox_mode, protected, state)
    else:
        _grade_here(todo, record, workers, processes, assignment, limits, sandbox_mode, state, log)
    where = f"on the Dask cluster at {scheduler}" if client is not None else f"with {workers} worker(s)"
    _report(subs, done, out, shard, len(todo), time.time() - t0, where, state, log)
    return done


def _connect(scheduler, sandbox_mode, log):
    """A Dask client whose every worker runs this kit (and the sandbox, unless the mode allows none)."""
    client = cluster.connect(scheduler)
    log(f"Dask scheduler {scheduler}: every submission is graded on a worker, in that worker's sandbox")
    try:
        cluster.check_workers(client, sandbox_mode, log=log)
    except BaseException:
        client.close()
        raise
    return client


def _prepare(sandbox_mode, protected, on_dask, log):
    """The sandbox state of this machine (refused here if unusable and grading here), stale
    workspaces of a killed run removed."""
    if sandbox_mode == SandboxMode.CONTAINER:
        from . import uid_sandbox

        uid_sandbox.protect(*protected)
    state = resolve_sandbox(sandbox_mode, "switched off")
    log(sandbox_line(state.as_dict()) + (" (this machine; the workers' are above)" if on_dask else ""))
    if not on_dask:
        refuse_unless_usable(state, sandbox_mode)
    removed = sandbox.clean_stale_workspaces()
    if removed:
        log(f"removed {removed} workspace(s) left by an earlier run that was killed")
    return state


def _grade_on_dask(client, todo, record, assignment, limits, sandbox_mode, protected, state):
    from tqdm import tqdm

    kit = cluster.loaded_fingerprint()
    folders = dict(todo)
    jobs = [(sid, (str(folder), assignment, limits, sandbox_mode, kit, protected, student_of(sid)))
            for sid, folder in todo]

    def lost(sid, exc):   # the task itself was lost (a worker died, ...): regraded next run
        return ungraded(folders[sid], assignment, state, f"the Dask task failed: {type(exc).__name__}: {exc}")

    try:
        pool.run_dask(client, _grade_task, jobs, "grade", record, lost,
                      progress=lambda it: tqdm(it, total=len(jobs), desc="grading", unit="submission"))
    finally:
        client.close()


def _grade_here(todo, record, workers, processes, assignment, limits, sandbox_mode, state, log):
    from tqdm import tqdm

    parent.warm_reference(assignment)   # the reference modules, once before the workers start (they inherit them)
    grade = functools.partial(_grade_payload, assignment=assignment, limits=limits, sandbox_mode=sandbox_mode,
                              state=state)
    jobs = [(sid, (folder, student_of(sid))) for sid, folder in todo]
    tqdm.monitor_interval = 0      # no monitor thread: the workers are forked from this process
    with tqdm(total=len(todo), desc="grading", unit="submission") as bar:
        def record_and_count(sid, r):
            record(sid, r)
            bar.update(1)

        def lost_twice(job):
            sid, (folder, _) = job
            log(f"{sid}: the grading worker process died twice while grading it (once alone); "
                "it is left for the next run")
            record_and_count(sid, ungraded(folder, assignment, state, "the grading worker process died while "
                                           "grading it (twice, the second time alone)"))

        pool.run_all(jobs, workers, grade, record_and_count, lost_twice, processes)


def _report(subs, done, out, shard, graded, elapsed, where, state, log):
    """summary.csv (not by a shard) and the closing lines: time, submissions without a grade, unsandboxed ones."""
    results_dir = out / "results"
    paths = [g.path for g in M.MANIFEST if any(g.path in r.get("functions", {}) for r in done.values())]
    rows = []
    for sid, _ in subs:
        r = done.get(sid, {})
        row = {"id": sid, "assignment": r.get("assignment"), "total": r.get("total"), "max_total": r.get("max_total"),
               "error": r.get("error", ""), "sandbox": "on" if r.get("sandbox", {}).get("ok") else "OFF"}
        row.update({p: r.get("functions", {}).get(p, {}).get("points", "") for p in paths})
        rows.append(row)
    csv_path = out / "summary.csv"
    if shard is None:
        write_summary_csv(csv_path, rows, ["id", "assignment", "total", "max_total", "error", "sandbox"] + paths)
    log((f"shard {shard[0]}/{shard[1]}: " if shard else "") + f"graded {graded} submission(s) in {elapsed:.1f} s {where}"
        + (f" ({elapsed / graded:.2f} s each)" if graded else ""))
    errors = [sid for sid in done if done[sid].get("error")]
    if errors:
        log(f"{len(errors)} submission(s) could not be graded (they are regraded on the next run):")
        for sid in errors:
            log(f"  {sid}: {str(done[sid]['error']).splitlines()[0][:300]}")
    unsandboxed = [sid for sid in done if not done[sid].get("sandbox", {}).get("ok")]
    if unsandboxed:
        log(f"UNSANDBOXED: {len(unsandboxed)} submission(s) ran without the sandbox "
            f"({done[unsandboxed[0]].get('sandbox', {}).get('detail', state.detail)})")
    log(f"results: {results_dir}\n" + (f"summary: {csv_path}" if shard is None else
        "summary: not written by a shard; when every shard has finished, run the same command without --shard: "
        "it grades only what is still missing and writes summary.csv"))
