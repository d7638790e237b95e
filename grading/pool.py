"""One worker pool with resume, shared by ``grade-all`` (grading/batch.py) and ``autograde``
(grading/autograde.py).

- **Resume.** :func:`split_done` asks the command's own completion record whether each job is
  already done (grade-all: a complete result file of this grader; autograde: a marker holding the
  digest of the submission) and returns the records kept, the jobs left and why each is redone.
- **One machine.** :func:`run_all` does the jobs with at most N in flight over N workers
  (:func:`local_pool`: forked processes on Linux, threads elsewhere or when asked). A worker
  process dies with this one (``PR_SET_PDEATHSIG``) and leaves Ctrl-C to it. Should a worker die
  (killed by hand, say), the pool loses only the jobs it held: each is done again alone in a
  fresh worker, then the rest go on in a new pool; one that kills its worker even alone goes to
  ``on_lost``. Interrupted (Ctrl-C), no further job starts, ``on_interrupt`` stops what runs and
  the KeyboardInterrupt goes on to the command, which says how to resume.
- **Dask.** :func:`run_dask` sends one task per job (grading/cluster.py) and records each result
  as it arrives; a lost task (a worker died, ...) goes to ``on_failed``, and the next run redoes it.
"""
import multiprocessing
import os
import signal
import sys
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Hashable, Iterable, Optional

from . import cluster
from .processes import die_with_parent

Job = tuple            # (id, payload): ``do(payload)`` does it, ``record(id, result)`` keeps its result
Record = Callable[[Hashable, Any], None]


# --------------------------------------------------------------------------- resume

def split_done(jobs: Iterable[Job], check: Callable[[Hashable, Any], tuple]) -> tuple[dict, list, dict]:
    """``(done, todo, why)``: ``check(id, payload)`` returns ``(record, None)`` for a job already done,
    else ``(None, why)`` (``why`` None: simply not done yet). ``done`` maps ids to their records,
    ``todo`` keeps the jobs' order, ``why`` says why a job that had a record is redone."""
    done, todo, why = {}, [], {}
    for job in jobs:
        record, reason = check(*job)
        if record is not None:
            done[job[0]] = record
        else:
            todo.append(job)
            if reason:
                why[job[0]] = reason
    return done, todo, why


# --------------------------------------------------------------------------- one machine

def worker_init(parent_pid: int) -> None:
    """Initializer of a worker process: the kernel kills it when the parent dies, however that dies
    (kill -9 included), so no worker works on for a run nobody records; Ctrl-C is the parent's."""
    die_with_parent(signal.SIGKILL, parent_pid)   # not Linux: the executor's own shutdown still ends it
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def local_pool(workers: int, processes: Optional[bool] = None) -> Executor:
    """The executor of ``workers`` local workers: forked processes on Linux, threads elsewhere.
    ``processes=None``: processes for two workers or more (one worker needs no second process)."""
    if processes is None:
        processes = workers > 1
    if processes and sys.platform.startswith("linux"):
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=worker_init, initargs=(os.getpid(),))
    return ThreadPoolExecutor(max_workers=max(1, workers))


def run_in_pool(jobs: list, workers: int, do: Callable, record: Record, processes: Optional[bool] = None,
                on_interrupt: Optional[Callable[[], None]] = None) -> tuple[list, list]:
    """Do ``jobs`` ``[(id, payload)]`` with at most ``workers`` in flight, calling ``record(id, do(payload))``
    for each. If a worker process dies, the pool is broken: returns ``(lost, not_started)``, the jobs
    it was doing and the ones it had not begun (both empty when all went well)."""
    queue = list(reversed(jobs))
    running: dict[Future, Job] = {}
    with local_pool(workers, processes) as pool:
        try:
            while queue or running:
                while queue and len(running) < workers:
                    job = queue.pop()
                    running[pool.submit(do, job[1])] = job
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                lost = [job for job in [running.pop(fut) + (fut,) for fut in finished] if not _kept(job, record)]
                if lost:   # the others of the broken pool: kept if they finished
                    lost += [job for job in [job + (fut,) for fut, job in running.items()] if not _kept(job, record)]
                    return [job[:2] for job in lost], list(reversed(queue))
        except BaseException:
            queue.clear()
            for fut in running:
                fut.cancel()
            if on_interrupt is not None:
                on_interrupt()
            raise
    return [], []


def _kept(job: tuple, record: Record) -> bool:
    """Record the result of ``job`` ``(id, payload, future)``; False if its worker process died first."""
    try:
        record(job[0], job[2].result())
        return True
    except BrokenProcessPool:
        return False


def run_all(jobs: list, workers: int, do: Callable, record: Record, on_lost: Callable[[Job], None],
            processes: Optional[bool] = None) -> None:
    """:func:`run_in_pool` until every job is recorded: a job whose worker died is done again alone in
    a fresh worker process; one that kills that one too goes to ``on_lost(job)`` (which records it)."""
    pending = jobs
    while pending:
        lost, pending = run_in_pool(pending, workers, do, record, processes)
        for job in lost:
            if run_in_pool([job], 1, do, record, processes=True)[0]:
                on_lost(job)


# --------------------------------------------------------------------------- Dask

def run_dask(client: Any, fn: Callable, jobs: list, key_prefix: str, record: Record,
             on_failed: Callable[[Hashable, BaseException], Any], progress: Callable = iter) -> None:
    """One Dask task ``fn(*args)`` per job ``(id, args)``; ``record(id, value)`` as each finishes, the
    value of a task that failed being ``on_failed(id, exception)``. ``progress`` wraps the stream
    of finished tasks (a progress bar)."""
    for name, value, exc in progress(cluster.run_tasks(client, fn, jobs, key_prefix)):
        if exc is not None:
            value = on_failed(name, exc)
        record(name, value)
