"""``grade-all``: a whole class, N submissions at a time, resumable, one bad submission never
stopping the batch.

Each submission's result is written to ``OUT/results/<id>.json`` (atomically) as soon as it is
ready. A later run keeps the results that are complete and of this grader's version and
regrades everything else, with a note: a missing file, a file that is not a result (``null``,
``[]``, ``{}``, another tool's JSON, another student's), a result from an older grader, or a
submission that could not be graded (the grader's own failure, never scored as 0). Workspaces
left behind by a killed run are removed first. ``OUT/summary.csv`` lists every submission, its
cells escaped so a spreadsheet never runs one as a formula.
"""
import json
import os
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from . import manifest as M
from . import parent, sandbox
from .outputs import sandbox_line, write_json, write_summary_csv


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
    return Path(results_dir) / (sid.replace("/", "__") + ".json")


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


def grade_all(submissions, out=None, workers=2, assignment=None, limits=None, sandbox_mode="required", log=print):
    """Grade every submission under ``submissions``; returns ``{id: result}``."""
    from tqdm import tqdm

    root = Path(submissions)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a folder of submissions")
    state = sandbox.status() if sandbox_mode != "off" else sandbox.State(False, "unsandboxed", "sandbox switched off")
    log(sandbox_line(state.as_dict()))
    if not state.ok and sandbox_mode == "required":
        raise sandbox.SandboxUnavailable(
            f"{state.detail}\nClass grading runs only in the sandbox. To grade without it anyway (student code can then "
            "read and write whatever this user can), pass --unsandboxed.")
    removed = sandbox.clean_stale_workspaces()
    if removed:
        log(f"removed {removed} workspace(s) left by an earlier run that was killed")
    out = Path(out or (root.parent / f"{root.name}_grades"))
    results_dir = out / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    subs = find_work_folders(root)
    done, todo, regrade_notes = {}, [], {}
    for sid, folder in subs:
        data, why = usable_result(result_file(results_dir, sid), sid)
        if data is not None:
            done[sid] = data
        else:
            todo.append((sid, folder))
            if why:
                regrade_notes[sid] = f"the previous result file was {why}; regraded"
    for a in ({assignment} if assignment else {g.assignment for g in M.MANIFEST}):
        for g in M.for_assignment(a):
            parent.reference_outputs(g)     # once, before the threads start

    def one(sid, folder):
        t0 = time.time()
        try:
            if os.path.islink(folder):
                raise PermissionError(f"{folder} is a symbolic link, not a submission folder")
            r = parent.grade(folder, assignment=assignment, limits=limits, sandbox_mode=sandbox_mode)
        except Exception as exc:  # noqa: BLE001  (one bad submission never stops the batch)
            r = {"version": parent.RESULT_VERSION, "assignment": assignment, "folder": str(folder), "total": None,
                 "max_total": None, "functions": {}, "sandbox": state.as_dict(),
                 "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-2000:],
                 "seconds": round(time.time() - t0, 2)}
        r["id"] = sid
        if sid in regrade_notes:
            r.setdefault("notes", []).append(regrade_notes[sid])
        write_json(result_file(results_dir, sid), r)
        return sid, r

    if done:
        log(f"resuming: {len(done)} submission(s) already graded in {results_dir}, {len(todo)} to go")
    t0 = time.time()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(one, sid, folder) for sid, folder in todo]
        for fut in tqdm(as_completed(futures), total=len(futures), desc="grading", unit="submission"):
            sid, r = fut.result()
            done[sid] = r
    elapsed = time.time() - t0
    paths = [g.path for g in M.MANIFEST if any(g.path in r.get("functions", {}) for r in done.values())]
    rows = []
    for sid, _ in subs:
        r = done.get(sid, {})
        row = {"id": sid, "assignment": r.get("assignment"), "total": r.get("total"), "max_total": r.get("max_total"),
               "error": r.get("error", ""), "sandbox": "on" if r.get("sandbox", {}).get("ok") else "OFF"}
        row.update({p: r.get("functions", {}).get(p, {}).get("points", "") for p in paths})
        rows.append(row)
    csv_path = out / "summary.csv"
    write_summary_csv(csv_path, rows, ["id", "assignment", "total", "max_total", "error", "sandbox"] + paths)
    log(f"graded {len(todo)} submission(s) in {elapsed:.1f} s with {workers} worker(s)"
        + (f" ({elapsed / len(todo):.2f} s each)" if todo else ""))
    errors = [sid for sid in done if done[sid].get("error")]
    if errors:
        log(f"{len(errors)} submission(s) could not be graded (they are regraded on the next run): "
            f"{', '.join(errors)} (see their JSON)")
    if not state.ok:
        log(f"UNSANDBOXED: every submission above ran without the sandbox ({state.detail})")
    log(f"results: {results_dir}\nsummary: {csv_path}")
    return done
