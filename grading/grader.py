"""The trusted PARENT of the grader: reference outputs, the isolated child, comparison, credit.

``grade(folder)`` grades one work folder (a released assignment folder filled in by a
student: ``cs231n_lib/`` with the student's modules, the notebooks, maybe ``datasets/``):

1. detect the assignment from the notebooks in the folder (``grading/assignments.py``);
2. generate each graded function's hidden cases (``grading/manifest.py``) and compute the
   expected outputs with the *reference* ``cs231n_lib`` of this checkout, in this process;
3. write the cases' inputs (plain npz/json) to a scratch folder and start
   ``grading/runner.py`` there as a child process, in bubblewrap when available
   (``grading/sandbox.py``), with memory, CPU and per-case wall-clock limits. The child sees
   the inputs, never the expected outputs, and writes back plain data;
4. compare type, dtype, shape, then values (relative error, as ``rel_error``), and explain
   each failure (``grading/feedback.py``). Partial credit per function is proportional
   to the cases passed.

A case that hangs, exhausts memory or kills the child costs that function's remaining
cases; the grader restarts the child for the other functions. A module that fails to
import (syntax error, import error, ``sys.exit`` at import, ...) costs its functions only.
"""
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from . import manifest as M
from . import runner, sandbox
from .assignments import ASSIGNMENTS
from .feedback import diagnose

REPO = Path(__file__).resolve().parents[1]
_EXPECTED = {}


# --------------------------------------------------------------------------- reference side

def reference_import(name):
    """Import a module of the *reference* ``cs231n_lib`` (this checkout's), refusing any other."""
    import importlib

    if str(REPO) not in sys.path[:1]:
        sys.path.insert(0, str(REPO))
    mod = importlib.import_module(name)
    root = Path(sys.modules["cs231n_lib"].__file__).resolve().parent
    if root != REPO / "cs231n_lib":
        raise RuntimeError(
            f"the reference cs231n_lib must come from {REPO / 'cs231n_lib'}, but {root} was imported first "
            "(run the grader from outside a student's folder, e.g. python -I -m grading ...)"
        )
    return mod


def reference_outputs(entry):
    """``[(case, expected outputs dict)]`` for one manifest entry (cached per process)."""
    if entry.path not in _EXPECTED:
        pairs = []
        for case in entry.cases():
            out = runner.run_case(entry.path, entry.driver, entry.spec, case.inputs, reference_import)
            pairs.append((case, out))
        _EXPECTED[entry.path] = pairs
    return _EXPECTED[entry.path]


# --------------------------------------------------------------------------- the work folder

def detect_assignment(folder):
    """The assignment of a work folder: from its notebooks, else from its module files."""
    folder = Path(folder)
    names = {p.name for p in folder.glob("*.ipynb")}
    hits = [a for a, info in ASSIGNMENTS.items() if names & set(info["notebooks"])]
    if len(hits) == 1:
        return hits[0]
    lib = folder / "cs231n_lib"
    scores = {a: sum((lib / m).exists() for m in M.student_modules(a)) for a in ASSIGNMENTS if M.for_assignment(a)}
    best = max(scores.values(), default=0)
    cands = [a for a, s in scores.items() if s == best and s > 0]
    if len(cands) == 1:
        return cands[0]
    raise ValueError(
        f"cannot tell which assignment {folder} is: expected one of the notebooks "
        + "; ".join(f"{a}: {', '.join(i['notebooks'])}" for a, i in ASSIGNMENTS.items())
        + ". Pass --assignment NAME."
    )


# --------------------------------------------------------------------------- comparison

def _kind(v):
    if isinstance(v, runner._Opaque):
        return "object"
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if isinstance(v, np.ndarray):
        return "number" if v.ndim == 0 else "array"
    if isinstance(v, (int, float, np.number)):
        return "number"
    if v is None:
        return "None"
    return type(v).__name__


def _show(v):
    if isinstance(v, runner._Opaque):
        return f"an object of type {v.type_name}"
    if isinstance(v, np.ndarray) and v.ndim:
        return f"array {v.shape} {v.dtype}"
    if _kind(v) == "number":
        return f"{type(v).__name__} {float(v):.8g}"
    return f"{type(v).__name__} {v!r}"[:80]


def compare(got, expected, tol, atol):
    """``(ok, message)``: type, dtype, shape, finiteness, then values, in that order."""
    ke, kg = _kind(expected), _kind(got)
    if kg == "None" and ke != "None":
        return False, "got None: did the function return its result?"
    if ke != kg:
        return False, f"type: got {_show(got)}, expected {_show(expected)}"
    if ke == "bool":
        return bool(got) == bool(expected), f"got {bool(got)}, expected {bool(expected)}"
    if ke not in ("array", "number"):
        return got == expected, f"got {got!r}, expected {expected!r}"[:200]
    g, e = np.asarray(got), np.asarray(expected)
    if ke == "array":
        if e.dtype.kind in "iub" and g.dtype.kind not in "iub":
            return False, f"dtype: got {g.dtype}, expected integers ({e.dtype})"
        if e.dtype.kind == "f" and g.dtype.kind not in "f":
            return False, f"dtype: got {g.dtype}, expected {e.dtype}"
        if e.dtype == np.float64 and g.dtype.kind == "f" and g.dtype.itemsize < 8:
            return False, f"dtype: got {g.dtype}, expected float64 (keep float64 throughout)"
        if g.shape != e.shape:
            hint = " (transposed?)" if g.ndim == 2 and g.shape == e.shape[::-1] else ""
            return False, f"shape: got {g.shape}, expected {e.shape}{hint}"
    if e.dtype.kind in "iub" and g.dtype.kind in "iub":
        wrong = np.argwhere(g != e)
        if len(wrong) == 0:
            return True, "equal"
        at = tuple(int(i) for i in wrong[0])
        return False, (f"{len(wrong)} of {e.size} entries differ; first at {list(at)}: "
                       f"got {g[at] if g.ndim else g}, expected {e[at] if e.ndim else e}")
    g = g.astype(np.float64)
    e = e.astype(np.float64)
    bad = ~np.isfinite(g)
    if np.any(bad):
        if not g.ndim:
            return False, f"got {float(g)}, expected the finite value {float(e):.8g}"
        at = tuple(int(i) for i in np.argwhere(bad)[0])
        return False, f"{int(np.sum(bad))} of {g.size} entries are NaN or inf (first at {list(at)}), expected finite values"
    diff = np.abs(g - e)
    rel = diff / np.maximum(1e-8, np.abs(g) + np.abs(e))
    scale = float(np.max(np.abs(e))) if e.size else 0.0
    ok_each = (rel < tol) | (diff <= atol * max(scale, 1.0))
    worst = int(np.argmax(rel)) if rel.size else 0
    at = np.unravel_index(worst, rel.shape) if rel.ndim else ()
    where = f" at {list(int(i) for i in at)}" if rel.ndim else ""
    msg = (f"largest relative error {float(rel.max()):.2e}{where} (got {float(g[at]):.8g}, expected {float(e[at]):.8g}; "
           f"tolerance {tol:.0e})")
    return bool(np.all(ok_each)), msg


# --------------------------------------------------------------------------- one submission

def grade(folder, paths=None, assignment=None, limits=None, sandbox_on=True, keep_scratch=False):
    """Grade one work folder. Returns the result dict (see ``python -m grading grade --help``)."""
    folder = Path(folder).resolve()
    limits = limits or sandbox.Limits()
    if assignment is None and paths:  # the manifest knows each path's assignment
        owners = {M.by_path()[p].assignment for p in paths if p in M.by_path()}
        assignment = owners.pop() if len(owners) == 1 else None
    if assignment is None:
        assignment = detect_assignment(folder)
    entries = M.for_assignment(assignment)
    if paths:
        known = M.by_path()
        unknown = [p for p in paths if p not in known]
        if unknown:
            raise KeyError(f"not in the grading manifest: {', '.join(unknown)}")
        entries = [known[p] for p in paths]
    t0 = time.time()
    results = {g.path: {"points": 0.0, "max_points": float(g.points), "passed": 0, "cases": 0, "feedback": "",
                        "failures": []} for g in entries}
    lib = folder / "cs231n_lib"
    runnable = []
    for g in entries:
        n = len(reference_outputs(g))
        results[g.path]["cases"] = n
        if not lib.is_dir():
            _fail_all(results[g.path], f"no cs231n_lib folder in {folder}: is this a released assignment folder?")
        elif not (lib / g.module_file).is_file():
            _fail_all(results[g.path], f"module file cs231n_lib/{g.module_file} is missing from the submission")
        else:
            runnable.append(g)
    notes = []
    if runnable:
        notes += _run_child(folder, lib, runnable, results, limits, sandbox_on, keep_scratch)
    total = 0.0
    for g in entries:
        r = results[g.path]
        r["points"] = round(float(g.points) * r["passed"] / r["cases"], 4) if r["cases"] else 0.0
        r["feedback"] = _feedback_text(g, r)
        total += r["points"]
    return {
        "assignment": assignment,
        "folder": str(folder),
        "total": round(total, 4),
        "max_total": float(sum(g.points for g in entries)),
        "functions": {p: {k: v for k, v in r.items() if k != "failures"} for p, r in results.items()},
        "notes": notes,
        "seconds": round(time.time() - t0, 2),
    }


def _fail_all(r, message):
    r["failures"] = [{"case": None, "message": message, "hint": None}]
    r["passed"] = 0


def _feedback_text(g, r):
    if r["passed"] == r["cases"] and not r["failures"]:
        return ""
    lines = [f"{g.path}: {r['passed']}/{r['cases']} hidden cases passed"]
    fails = r["failures"]
    if len(fails) > 1 and len({(f["message"], f.get("hint")) for f in fails}) == 1:
        # the same verdict everywhere (a stub, an import error): say it once
        lines.append(f"  - all {len(fails)} failed cases: {fails[0]['message']}")
        if fails[0].get("hint"):
            lines.append(f"    likely cause: {fails[0]['hint']}")
        return "\n".join(lines)
    for f in fails[:4]:
        head = f"  - case {f['case']}: " if f["case"] else "  - "
        lines.append(head + f["message"])
        if f.get("hint"):
            lines.append(f"    likely cause: {f['hint']}")
    if len(fails) > 4:
        lines.append(f"  - ... and {len(fails) - 4} more failed cases")
    return "\n".join(lines)


def _signal_text(code):
    if code is None:
        return "it was stopped"
    if code < 0:
        sig = -code
        names = {signal.SIGKILL: "killed (SIGKILL): out of memory, or stopped by the grader",
                 signal.SIGXCPU: "stopped at the CPU time limit (SIGXCPU): an infinite loop?",
                 signal.SIGXFSZ: "stopped for writing too much output (SIGXFSZ)",
                 signal.SIGSEGV: "crashed (segmentation fault)"}
        return names.get(sig, f"killed by signal {sig}")
    return f"the process exited with code {code} (os._exit or sys.exit outside a function?)"


def _run_child(folder, lib, entries, results, limits, sandbox_on, keep_scratch):
    scratch = tempfile.mkdtemp(prefix="cs231n_grade_")
    notes = []
    try:
        os.makedirs(os.path.join(scratch, "inputs"))
        os.makedirs(os.path.join(scratch, "out"))
        shutil.copy(Path(runner.__file__), os.path.join(scratch, "runner.py"))
        expected = {}
        for fi, g in enumerate(entries):
            for ci, (case, exp) in enumerate(reference_outputs(g)):
                runner.save_values(os.path.join(scratch, "inputs", f"{fi}_{ci}"), case.inputs)
                expected[fi, ci] = (case, exp)
        functions = [{"path": g.path, "driver": g.driver, "spec": g.spec, "n_cases": len(reference_outputs(g))}
                     for g in entries]
        settled = set()   # (fi, ci) with a verdict
        dropped = 0       # characters of student printing discarded
        sandbox_msg = None
        for attempt in range(len(entries) + 2):
            todo = [(fi, ci) for (fi, ci) in expected if (fi, ci) not in settled]
            if not todo:
                break
            prog_path = os.path.join(scratch, "progress.jsonl")
            if os.path.exists(prog_path):
                os.remove(prog_path)
            sandboxed, sandbox_msg, inner = sandbox.plan(str(lib), scratch, sandbox_on)
            job = {"functions": functions, "skip": sorted(settled),
                   "scratch": inner["scratch"], "lib_root": inner["lib_root"]}
            with open(os.path.join(scratch, "job.json"), "w") as f:
                json.dump(job, f)
            proc, _, _ = sandbox.start(["{scratch}/runner.py", "{scratch}/job.json"], submission_lib=str(lib),
                                       scratch=scratch, limits=limits, sandbox=sandbox_on)
            events, crash = _watch(proc, prog_path, limits)
            current = None
            importing = None
            for ev in events:
                kind = ev.get("event")
                if kind == "start":
                    current, importing = (ev["f"], ev["c"]), None
                elif kind == "import":
                    importing = ev["module"]
                elif kind == "imported":
                    importing = None
                elif kind == "done":
                    key = (ev["f"], ev["c"])
                    settled.add(key)
                    _judge(entries, results, expected, key, ev, scratch)
                    current, importing = None, None
            run_dropped = max([int(e.get("dropped_chars") or 0) for e in events] + [0])
            dropped += run_dropped
            if crash is None:
                # finished normally; anything unsettled means the child never got there
                for key in todo:
                    if key not in settled:
                        settled.add(key)
                        _record_failure(entries, results, key, expected,
                                        "the grader's child process ended before running this case")
                break
            if current is None:
                # died before any case started: the runner itself failed (or the student's
                # code killed it between cases); report and stop retrying
                tail = _tail(os.path.join(scratch, "child_stdio.txt"))
                for key in todo:
                    if key not in settled:
                        settled.add(key)
                        _record_failure(entries, results, key, expected,
                                        f"the grading process failed to start ({crash}). {tail}")
                break
            fi, ci = current
            if importing:
                mod = importing.replace("cs231n_lib.", "")
                message = f"importing cs231n_lib.{mod} (or a module it imports): {crash}"
                for (f2, c2) in todo:
                    if (f2, c2) not in settled and entries[f2].module == entries[fi].module:
                        settled.add((f2, c2))
                        _record_failure(entries, results, (f2, c2), expected, message)
            else:
                settled.add((fi, ci))
                _record_failure(entries, results, (fi, ci), expected, crash)
                for (f2, c2) in todo:
                    if f2 == fi and (f2, c2) not in settled:
                        settled.add((f2, c2))
                        _record_failure(entries, results, (f2, c2), expected,
                                        "not run: an earlier case of this function crashed or timed out")
        if sandbox_msg:
            notes.append(sandbox_msg)
        if dropped:
            notes.append(f"the student's code printed {dropped:,} characters more than the "
                         f"{runner.MAX_PRINT:,} kept per run; they were discarded")
    finally:
        if keep_scratch:
            notes.append(f"scratch folder kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return notes


def _tail(path, n=400):
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - n))
            return f.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _watch(proc, prog_path, limits):
    """Follow the child's progress; kill it when a case or an import takes too long.
    Returns (events, crash message or None)."""
    events, offset, buf = [], 0, b""
    deadline = time.time() + 60 + limits.import_timeout   # start-up: interpreter + numpy
    crash = None
    while True:
        try:
            with open(prog_path, "rb") as f:
                f.seek(offset)
                chunk = f.read()
        except FileNotFoundError:
            chunk = b""
        if chunk:
            offset += len(chunk)
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for line in lines:
                try:
                    ev = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(ev, dict):
                    continue
                events.append(ev)
                kind = ev.get("event")
                if kind == "start":
                    deadline = time.time() + limits.case_timeout
                elif kind == "import":
                    deadline = time.time() + limits.import_timeout
                elif kind in ("done", "imported"):
                    deadline = time.time() + limits.case_timeout
        code = proc.poll()
        if code is not None:
            if chunk:
                continue  # drain what the child wrote before it ended
            if not any(e.get("event") == "finished" for e in events):
                crash = _signal_text(code)
            break
        if time.time() > deadline:
            last = next((e.get("event") for e in reversed(events) if e.get("event") != "imported"), None)
            if events and events[-1].get("event") == "imported":
                last = "start"
            what = "importing the module" if last == "import" else "this case"
            limit = limits.import_timeout if last == "import" else limits.case_timeout
            sandbox.kill(proc)
            crash = f"{what} took longer than {limit:g} s and was stopped (an infinite loop?)"
            break
        time.sleep(0.02)
    return events, crash


def _record_failure(entries, results, key, expected, message, hint=None):
    fi, ci = key
    case = expected[key][0]
    results[entries[fi].path]["failures"].append({"case": case.label, "message": message, "hint": hint})


def _judge(entries, results, expected, key, ev, scratch):
    fi, ci = key
    g = entries[fi]
    case, exp = expected[key]
    r = results[g.path]
    if not ev.get("ok"):
        where = f" ({ev['where']})" if ev.get("where") else ""
        etype = ev.get("error_type", "Error")
        message = f"raised {etype}: {ev.get('error', '')}{where}"
        hint = None
        if etype == "NotImplementedError":
            message = "not implemented yet (the stub raises NotImplementedError)"
        elif etype == "MemoryError":
            message = f"ran out of memory (MemoryError){where}: the limit is per grading run"
        r["failures"].append({"case": case.label, "message": message, "hint": hint})
        return
    try:
        got, _ = runner.load_values(os.path.join(scratch, "out", f"{fi}_{ci}"))
    except Exception as exc:  # unreadable output: treat as wrong
        r["failures"].append({"case": case.label, "message": f"the outputs could not be read back ({exc})", "hint": None})
        return
    problems = []
    for name, e in exp.items():
        if name not in got:
            problems.append((name, f"{name}: missing from the result", None))
            continue
        ok, msg = compare(got[name], e, case.tolerance(name), case.abs_tolerance(name))
        if not ok:
            problems.append((name, f"{name}: {msg}", diagnose(g.path, name, got[name], e, case)))
    if not problems:
        r["passed"] += 1
        return
    message = "; ".join(p[1] for p in problems)
    hint = next((p[2] for p in problems if p[2]), None)
    r["failures"].append({"case": case.label, "message": message, "hint": hint})


# --------------------------------------------------------------------------- presentation

def format_table(result):
    """A plain-text score table with the feedback of every function that lost points."""
    rows = [("function", "points", "cases")]
    for path, r in result["functions"].items():
        rows.append((path, f"{r['points']:g} / {r['max_points']:g}", f"{r['passed']}/{r['cases']}"))
    w = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"assignment {result['assignment']}: {result['folder']}"]
    for i, row in enumerate(rows):
        lines.append(f"{row[0]:<{w[0]}}  {row[1]:>{w[1]}}  {row[2]:>{w[2]}}")
        if i == 0:
            lines.append("-" * (sum(w) + 4))
    lines.append("-" * (sum(w) + 4))
    lines.append(f"{'total':<{w[0]}}  {result['total']:g} / {result['max_total']:g}")
    fb = [r["feedback"] for r in result["functions"].values() if r["feedback"]]
    if fb:
        lines += ["", "feedback:"] + fb
    for n in result.get("notes", []):
        lines.append(f"note: {n}")
    return "\n".join(lines)
