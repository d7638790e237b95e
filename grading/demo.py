"""``make demo``: run every notebook headless with the reference code, keep the executed
notebooks and an HTML copy of each under build/demo/, and print a summary table; then build
the student release and grade three sample submissions of each assignment (the reference,
the untouched stubs, and one with a typical bug) with the isolated grader.

Usage: python -m grading.demo [--quick] [--only NAME ...] [--out DIR] [--no-grading]
"""
import argparse
import json
import os
import pathlib
import re
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from traitlets.config import Config

from grading.assignments import ASSIGNMENTS
from grading.nbgrader_preprocessors import strip_hidden_region

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KEY_RESULTS = ("best_k", "val_accuracy", "test_accuracy", "toy_net_train_accuracy")
# One typical bug per assignment for the "buggy" sample: (module, reference text, buggy text).
SAMPLE_BUGS = {
    "linear_classifiers": ("classifiers/linear_svm.py", "dW = X.T @ dscores + 2 * reg * W", "dW = X.T @ dscores"),
    "computational_graphs": ("graph/engine.py", "parent.grad = parent.grad + g", "parent.grad = g"),
    "neural_networks": ("layers.py", "    dx /= N\n", "\n"),
}


_ERASED_BY_CARRIAGE_RETURN = re.compile(r"[^\n]*\r(?=[^\n])")


def merge_streams(nb):
    """Store stream outputs as a notebook front end shows them: consecutive outputs of the same
    stream become one, and a carriage return erases its line, so a progress bar keeps only its
    last state (nbclient keeps every redraw as an output of its own). Order is kept."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (out.output_type == "stream" and previous is not None and previous.output_type == "stream"
                    and previous.name == out.name):
                previous.text += out.text
            else:
                merged.append(out)
        for out in merged:
            if out.output_type == "stream":
                out.text = _ERASED_BY_CARRIAGE_RETURN.sub("", out.text)
        cell.outputs = merged
    return nb


def all_notebooks():
    """Notebook file names in course order, as listed in grading/assignments.py."""
    return [nb for spec in ASSIGNMENTS.values() for nb in spec["notebooks"]]


def kernel_config(socket_dir):
    """The kernel's transport: local (IPC) sockets in ``socket_dir``, a private folder, instead of
    TCP on localhost (which makes every kernel warn "running over TCP without encryption").
    Windows has no IPC transport: TCP there."""
    config = Config()
    if os.name != "nt":
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(socket_dir, "kernel")    # absolute: the kernel runs elsewhere
    return config


def execute_notebook(path, out_dir, quick=False, timeout=900, extra_env=None, strip_hidden=False):
    """Execute ``path`` with its folder as working directory; write the executed copy and HTML.

    quick sets CS231N_QUICK=1 (searches shrink); strip_hidden runs what students see (hidden
    test blocks removed). Returns a dict: notebook, seconds, error (None or a short message),
    results (from record_result), text (every printed line, joined).
    """
    nb = nbformat.read(path, as_version=4)
    if strip_hidden:
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.source = strip_hidden_region(cell.source)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        results_file = handle.name
    saved_env = dict(os.environ)
    os.environ["CS231N_RESULTS_FILE"] = results_file
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # one BLAS thread per kernel: on a busy 2-core machine default threading made some notebooks
    # 10x slower (oversubscription); the measured run times assume it
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    os.environ.pop("NBGRADER_EXECUTION", None)
    os.environ.pop("CS231N_QUICK", None)
    if quick:
        os.environ["CS231N_QUICK"] = "1"
    os.environ.update(extra_env or {})
    error = None
    start = time.perf_counter()
    sockets = tempfile.TemporaryDirectory(prefix="cs231n-kernel-")
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", config=kernel_config(sockets.name),
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except CellExecutionError as exc:
        error = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()[-1][:200]
    except Exception as exc:  # a dead kernel or a timeout: report, keep going
        error = f"{type(exc).__name__}: {exc}"[:200]
    finally:
        seconds = time.perf_counter() - start
        sockets.cleanup()
        os.environ.clear()
        os.environ.update(saved_env)
    out_dir.mkdir(parents=True, exist_ok=True)
    merge_streams(nb)
    nbformat.write(nb, out_dir / path.name)
    html, _ = HTMLExporter().from_notebook_node(nb)
    (out_dir / path.with_suffix(".html").name).write_text(html, encoding="utf-8")
    results = {}
    if os.path.getsize(results_file):
        with open(results_file) as f:
            results = json.load(f)
    os.unlink(results_file)
    text = "\n".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                     for out in cell.get("outputs", []))
    return {"notebook": path.name, "seconds": seconds, "error": error, "results": results, "text": text}


def format_results(row):
    res = row["results"]
    parts = []
    for key in KEY_RESULTS:
        if key in res:
            value = res[key]
            parts.append(f"{key} {value:.1%}" if isinstance(value, float) and value <= 1 else f"{key} {value}")
    parts.append(f"checks {res.get('checks_passed', 0)} passed, {res.get('checks_failed', 0)} failed")
    if row["error"]:
        parts.append(f"ERROR: {row['error']}")
    return "; ".join(parts)


def print_table(rows, title):
    print(f"\n{title}")
    width = max(len(r["notebook"]) for r in rows)
    print(f"{'notebook':<{width}}  {'time':>7}  key results")
    for r in rows:
        print(f"{r['notebook']:<{width}}  {r['seconds']:6.1f}s  {format_results(r)}")


def grade_samples(out_dir):
    """Release every assignment, grade reference / stubs / buggy samples; print one table."""
    from grading import parent, workflow
    from grading.release import release_assignment

    course = out_dir / "course"
    rows = []
    for assignment in ASSIGNMENTS:
        print(f"==> releasing {assignment} (nbgrader generate_assignment) and grading three samples", flush=True)
        release_assignment(assignment, course_dir=course)
        samples = workflow.make_sample_class(course, assignment, out_dir / "samples" / assignment,
                                             bug=SAMPLE_BUGS[assignment])
        for student, folder in samples.items():
            start = time.perf_counter()
            result = parent.grade(folder, assignment=assignment)
            seconds = time.perf_counter() - start
            hints = [line.strip() for r in result["functions"].values() for line in r["feedback"].splitlines()
                     if "?" in line or "likely" in line.lower()]
            rows.append((assignment, student, f"{result['total']:g} / {result['max_total']:g}",
                         f"{seconds:.1f}s", hints[0][:90] if hints else ""))
    print(f"\nStudent release in {course / 'release'}; sample submissions graded by the isolated grader:")
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]:>{widths[3]}}  {r[4]}")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shrink long searches (as under autograding)")
    parser.add_argument("--only", nargs="*", help="notebook names to run (default: all)")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "demo")
    parser.add_argument("--no-grading", action="store_true", help="skip the release and sample grading")
    args = parser.parse_args(argv)
    names = args.only or all_notebooks()
    rows = []
    for name in names:
        path = NOTEBOOKS / name
        if not path.exists():
            print(f"==> {name}: not found in notebooks/, skipped")
            continue
        print(f"==> executing notebooks/{name}", flush=True)
        row = execute_notebook(path, args.out, quick=args.quick)
        print(f"    {row['seconds']:.1f}s  {format_results(row)}", flush=True)
        rows.append(row)
    if rows:
        print_table(rows, f"Notebooks executed with the reference code (outputs and HTML in {args.out}):")
    failed = [r for r in rows if r["error"] or r["results"].get("checks_failed")]
    if not args.no_grading and not args.only:
        graded = grade_samples(args.out)
        failed += [g for g in graded if g[1] == "reference" and g[2].split(" / ")[0] != g[2].split(" / ")[1]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
