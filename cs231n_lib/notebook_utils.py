"""Small helpers the notebooks share: a progress bar, a quick mode for autograding,
timing, a record of key results that ``make demo`` reads, and an IPython extension
(``%load_ext cs231n_lib.notebook_utils``) that keeps tracebacks on the right lines after an
edited module is autoreloaded.

Given code: nothing here is a student task.
"""
import json
import linecache
import os
import sys
import time


def quick_mode():
    """True when long work should shrink: under nbgrader autograding
    (``NBGRADER_EXECUTION`` is set) or when ``CS231N_QUICK=1``."""
    return bool(os.environ.get("NBGRADER_EXECUTION")) or os.environ.get("CS231N_QUICK") == "1"


def progress(iterable, total=None, desc="", width=30, stream=None):
    """Yield the items of ``iterable`` while drawing a one-line text progress bar.

    Works in a terminal and in Jupyter (a carriage return redraws the line). The bar goes to
    ``stream``, by default standard output: Jupyter shows standard error in red, as an error,
    and nbgrader gives no points to a test cell that wrote to it.
    """
    stream = stream or sys.stdout
    if total is None:
        try:
            total = len(iterable)
        except TypeError:
            total = None
    start = time.perf_counter()
    count = 0

    def draw(final=False):
        elapsed = time.perf_counter() - start
        if total:
            filled = int(width * count / total)
            bar = "#" * filled + "-" * (width - filled)
            line = f"\r{desc} [{bar}] {count}/{total} {elapsed:6.1f}s"
        else:
            line = f"\r{desc} {count} {elapsed:6.1f}s"
        stream.write(line + ("\n" if final else ""))
        stream.flush()

    draw()
    last_draw = start
    for item in iterable:
        yield item
        count += 1
        now = time.perf_counter()
        if now - last_draw > 0.2 or count == total:
            draw()
            last_draw = now
    draw(final=True)


def time_function(f, *args, repeat=3, **kwargs):
    """Best wall-clock time in seconds of ``repeat`` calls of ``f(*args, **kwargs)``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        f(*args, **kwargs)
        best = min(best, time.perf_counter() - t0)
    return best


def record_result(key, value):
    """Note a key result (an accuracy, a check verdict) for the ``make demo`` summary table.

    Writes to the JSON file named by ``CS231N_RESULTS_FILE``; does nothing when it is unset.
    """
    path = os.environ.get("CS231N_RESULTS_FILE")
    if not path:
        return
    results = {}
    if os.path.exists(path) and os.path.getsize(path):
        with open(path) as f:
            results = json.load(f)
    if hasattr(value, "item"):
        value = value.item()
    results[key] = value
    with open(path, "w") as f:
        json.dump(results, f, indent=1)


# --------------------------------------------------------------------------- autoreload, right lines

def refresh_linecache(*_info):
    """Drop linecache's copies of source files changed on disk since they were read.

    Tracebacks and warnings show source lines from linecache; after a ``.py`` file is edited
    (and autoreloaded) a stale copy would show the old file's line at the new line number.
    Registered before every cell by :func:`load_ipython_extension`.
    """
    linecache.checkcache()


def load_ipython_extension(ipython):
    """``%load_ext cs231n_lib.notebook_utils``: reload edited modules with their line numbers right.

    - ``%autoreload 2`` reloading whole modules: IPython 9's default re-executes only the changed
      functions, and their tracebacks then give line numbers counted from the function, not the
      file (``--full`` turns that off; older IPythons always reload whole modules);
    - linecache refreshed before every cell, so a warning or traceback shows the new file's line.
    Loading it twice is harmless.
    """
    from IPython.core.error import UsageError

    ipython.run_line_magic("load_ext", "autoreload")
    try:
        ipython.run_line_magic("autoreload", "2 --full")
    except UsageError:      # an IPython before 9 (Colab's): no --full, and whole modules anyway
        ipython.run_line_magic("autoreload", "2")
    unload_ipython_extension(ipython)
    ipython.events.register("pre_run_cell", refresh_linecache)


def unload_ipython_extension(ipython):
    """Undo :func:`load_ipython_extension`'s hook (autoreload itself stays as it is)."""
    callbacks = ipython.events.callbacks["pre_run_cell"]
    if refresh_linecache in callbacks:
        ipython.events.unregister("pre_run_cell", refresh_linecache)
