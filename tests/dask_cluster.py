"""A real Dask cluster on 127.0.0.1 for the tests and the benchmark: one ``dask scheduler`` and
``workers`` ``dask worker`` processes (one thread each), started as separate processes with this
environment's ``dask`` command and stopped (by their pids) on exit."""
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

DASK = str(Path(sys.executable).with_name("dask"))


def _env():
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    return env


def _stop(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def local_cluster(folder, workers=2, timeout=90):
    """Yield the scheduler's address (``tcp://127.0.0.1:PORT``) once ``workers`` workers joined."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    info = folder / "scheduler.json"
    procs = []
    logs = []

    def start(args, name):
        log = open(folder / f"{name}.log", "w")
        logs.append(log)
        procs.append(subprocess.Popen([DASK, *args], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      cwd=folder, env=_env(), start_new_session=True))

    try:
        start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
              "scheduler")
        deadline = time.monotonic() + timeout
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        if not info.exists():
            raise RuntimeError("the Dask scheduler did not start: " + (folder / "scheduler.log").read_text()[-2000:])
        address = json.loads(info.read_text())["address"]
        for i in range(workers):
            start(["worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", f"w{i}",
                   "--local-directory", str(folder / f"w{i}")], f"worker{i}")
        from distributed import Client

        with Client(address, timeout=timeout, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=timeout)
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)
        for log in logs:
            log.close()
