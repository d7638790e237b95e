"""Grading beyond one machine: shards (SLURM arrays, Kubernetes indexed jobs) and Dask.

Both ``grade-all`` and the parallel ``autograde`` use these helpers; see grading/SCALE.md.

- :func:`take_shard`: ``--shard I/N`` keeps the submissions at positions I, I+N, I+2N, ... of the
  sorted list (``I`` counts from 0, as ``$SLURM_ARRAY_TASK_ID`` with ``--array=0-(N-1)`` and
  Kubernetes' ``$JOB_COMPLETION_INDEX`` do). Every shard sees the same folder, so the N shards
  partition it exactly, whatever order they start in.
- :func:`connect`: a ``distributed.Client`` for ``--scheduler tcp://HOST:PORT`` (``tls://`` too:
  Dask reads its certificates from its own configuration). ``distributed`` is an optional extra
  of the instructor's environment; without it the command says how to install it.
- :func:`check_workers`: every worker must run this very kit (same :func:`kit_fingerprint`: the
  reference and the grader decide the grade) and, unless ``--unsandboxed``, have a working
  sandbox; otherwise nothing is submitted. Each task checks both again on its worker (workers
  may join later).

A Dask task is one submission. The worker reads the submission at the same path as the client
(a shared file system), grades it with the same code as a local run, in the sandbox of *its*
machine, and returns the result; the client writes every result file, so ``OUT`` only has to
exist where the client runs.
"""
import hashlib
import os
import socket
from pathlib import Path

from .files import folder_digest
from .sandbox_mode import SandboxMode
from .sandbox_mode import resolve as resolve_sandbox

REPO = Path(__file__).resolve().parents[1]


class ClusterError(RuntimeError):
    """The cluster cannot be used as asked (no distributed package, a worker of another kit, ...)."""


# --------------------------------------------------------------------------- shards

def parse_shard(text):
    """``"I/N"`` -> ``(I, N)`` with ``0 <= I < N``; ValueError with what to type otherwise."""
    try:
        i, n = (int(part) for part in str(text).split("/"))
    except ValueError:
        raise ValueError(f"--shard takes I/N (e.g. 0/4 for the first of four shards), got {text!r}") from None
    if n < 1 or not 0 <= i < n:
        raise ValueError(f"--shard {text}: I counts from 0 and must be below N (0/{max(n, 1)} ... "
                         f"{max(n, 1) - 1}/{max(n, 1)})")
    return i, n


def take_shard(items, shard):
    """The items of shard ``(I, N)`` from the list ``items`` (already sorted): every N-th one,
    starting at I. ``shard=None`` keeps everything."""
    if shard is None:
        return list(items)
    i, n = shard
    return [item for k, item in enumerate(items) if k % n == i]


# --------------------------------------------------------------------------- the kit itself

def kit_fingerprint() -> str:
    """sha256 over this kit's grader and reference (``grading/**/*.py``, ``cs231n_lib/**/*.py``):
    two machines grade alike only if these are the same files. Compared between a client and its
    workers only, never stored."""
    digests = [folder_digest(REPO / top, "*.py", skip_parts=("__pycache__",), prefix=REPO)
               for top in ("grading", "cs231n_lib")]
    return hashlib.sha256("\0".join(digests).encode()).hexdigest()


def loaded_fingerprint():
    """The fingerprint of the kit as this process loaded it (taken when grading.cluster was first
    imported): a long-running worker keeps the code it started with, whatever is on disk now."""
    return _LOADED


def worker_state(expected_fingerprint=None, sandbox_mode=SandboxMode.REQUIRED):
    """What a worker says about itself: host, kit fingerprint, sandbox state."""
    state = resolve_sandbox(SandboxMode.REQUIRED if sandbox_mode == SandboxMode.OFF else sandbox_mode)
    fp = loaded_fingerprint()
    return {"host": socket.gethostname(), "pid": os.getpid(), "kit": fp, "kit_path": str(REPO),
            "same_kit": expected_fingerprint is None or fp == expected_fingerprint,
            "changed_on_disk": kit_fingerprint() != fp, "sandbox": state.as_dict()}


def this_worker():
    """The address of the Dask worker running the current task (or "local")."""
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return "local"


def require_same_kit(expected_fingerprint):
    """Raise :class:`ClusterError` on a worker whose kit (as loaded) differs from the client's."""
    fp = loaded_fingerprint()
    if fp != expected_fingerprint:
        raise ClusterError(f"this worker ({socket.gethostname()}, kit at {REPO}) runs another version of the kit "
                           f"(fingerprint {fp[:12]}, the client's is {expected_fingerprint[:12]}): it would grade "
                           "against another reference. Install the same checkout on every worker (and restart a worker after "
                           "changing its checkout).")


# --------------------------------------------------------------------------- Dask

def connect(address, timeout=30):
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs the optional `distributed` package of the instructor's environment "
                           "(pinned in requirements.txt: pip install -r requirements.txt)") from None
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def check_workers(client, sandbox_mode, log=print, wait=30):
    """Ask every worker for :func:`worker_state`; refuse (ClusterError) a worker of another kit,
    and, when the mode refuses to run without it, a worker without the sandbox. Returns the states."""
    fp = loaded_fingerprint()
    if not client.scheduler_info().get("workers"):
        try:
            client.wait_for_workers(1, timeout=wait)
        except Exception as exc:  # noqa: BLE001  (distributed raises TimeoutError or its own)
            raise ClusterError(f"no Dask worker joined the scheduler within {wait} s ({exc})") from None
    states = client.run(worker_state, fp, sandbox_mode)
    bad, no_sandbox = [], False
    for addr, st in sorted(states.items()):
        sb = st["sandbox"]
        log(f"worker {addr} on {st['host']}: sandbox {'on' if sb['ok'] else 'OFF'}"
            + ("" if st["same_kit"] else f"; ANOTHER KIT ({st['kit_path']}, {st['kit'][:12]})"))
        if not st["same_kit"]:
            bad.append(f"{addr} runs another version of the kit ({st['kit_path']}): install this checkout there"
                       + (" (its files changed since the worker started: restart it)" if st["changed_on_disk"] else ""))
        elif not sb["ok"] and SandboxMode(sandbox_mode).refuses_without_sandbox:
            bad.append(f"{addr} cannot start the sandbox: {sb['detail']}")
            no_sandbox = True
    if bad:
        raise ClusterError("refusing to submit anything:\n  " + "\n  ".join(bad) + (
            "\n(pass --unsandboxed to grade on workers without the sandbox)" if no_sandbox and sandbox_mode == SandboxMode.REQUIRED
            else ""))
    return states


def run_tasks(client, fn, jobs, key_prefix):
    """Submit ``fn(*args)`` for each ``(name, args)`` of ``jobs``, one task each; yield
    ``(name, value, None)`` or ``(name, None, exception)`` as they finish."""
    from distributed import as_completed

    futures = {}
    for name, args in jobs:
        fut = client.submit(fn, *args, pure=False, key=f"{key_prefix}-{name}-{os.urandom(4).hex()}")
        futures[fut] = name
    for fut in as_completed(list(futures), loop=client.loop):
        name = futures.pop(fut)
        try:
            yield name, fut.result(), None
        except Exception as exc:  # noqa: BLE001  (one task's failure is that submission's)
            yield name, None, exc
        finally:
            fut.release()


_LOADED = kit_fingerprint()
