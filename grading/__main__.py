"""Command line of the grader.

    python -m grading grade PATH [--json FILE] [--assignment NAME] [--only DOTTED ...]
    python -m grading grade-all SUBMISSIONS [--workers N] [--out DIR] [--assignment NAME]
    python -m grading release [--out DIR] ...        (see grading/release.py)

``grade`` grades one work folder (a released assignment folder, filled in) and prints a
score table with feedback; ``--json FILE`` also writes
``{"assignment", "total", "max_total", "functions": {DOTTED_PATH: {"points", "max_points",
"passed", "cases", "feedback"}}, "notes", "seconds"}`` where ``passed`` counts the hidden
cases passed out of ``cases`` and ``feedback`` is empty when all passed.

``grade-all`` grades every submission under SUBMISSIONS (each subfolder is a work folder,
or nbgrader's ``STUDENT/ASSIGNMENT/`` layout) with N in parallel. Each result is written to
``OUT/results/<id>.json`` as soon as it is ready, and an existing result is reused, so a
killed run resumes where it stopped. ``OUT/summary.csv`` lists every submission.
"""
import argparse
import csv
import json
import os
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path


def _limits(args):
    from .sandbox import Limits

    lim = Limits()
    if getattr(args, "timeout", None):
        lim.case_timeout = lim.import_timeout = float(args.timeout)
    if getattr(args, "memory_mb", None):
        lim.memory_bytes = int(args.memory_mb) * 1024 * 1024
    return lim


def cmd_grade(args):
    from . import grader

    try:
        result = grader.grade(args.path, paths=args.only or None, assignment=args.assignment,
                              limits=_limits(args), sandbox_on=not args.no_sandbox)
    except (ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(grader.format_table(result))
    if args.json:
        _write_json(args.json, result)
    return 0


def _write_json(path, data):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    os.replace(tmp, path)   # atomic: a killed run never leaves half a result


def find_work_folders(root):
    """``[(id, folder)]``: each subfolder of ``root`` that is a work folder (holds
    ``cs231n_lib/`` or a notebook), or nbgrader's ``student/assignment/`` folders."""
    root = Path(root)

    def is_work(p):
        return (p / "cs231n_lib").is_dir() or any(p.glob("*.ipynb"))

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


def cmd_grade_all(args):
    from tqdm import tqdm

    from . import grader
    from . import manifest as M

    root = Path(args.submissions)
    if not root.is_dir():
        print(f"error: {root} is not a folder of submissions", file=sys.stderr)
        return 2
    out = Path(args.out or (root.parent / f"{root.name}_grades"))
    results_dir = out / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    subs = find_work_folders(root)
    limits = _limits(args)

    def result_path(sid):
        return results_dir / (sid.replace("/", "__") + ".json")

    done, todo = {}, []
    for sid, folder in subs:
        p = result_path(sid)
        if p.exists():
            try:
                done[sid] = json.loads(p.read_text())
                continue
            except ValueError:
                pass
        todo.append((sid, folder))
    # reference outputs once, before the threads start
    assignments = {args.assignment} if args.assignment else set(M.by_path()[g.path].assignment for g in M.MANIFEST)
    for a in assignments:
        for g in M.for_assignment(a):
            grader.reference_outputs(g)

    def one(sid, folder):
        t0 = time.time()
        try:
            r = grader.grade(folder, assignment=args.assignment, limits=limits, sandbox_on=not args.no_sandbox)
        except Exception as exc:  # one bad submission never stops the batch
            r = {"assignment": args.assignment, "folder": str(folder), "total": 0.0, "max_total": None,
                 "functions": {}, "error": f"{type(exc).__name__}: {exc}",
                 "traceback": traceback.format_exc()[-2000:], "seconds": round(time.time() - t0, 2)}
        r["id"] = sid
        _write_json(result_path(sid), r)
        return sid, r

    t0 = time.time()
    if done:
        print(f"resuming: {len(done)} submission(s) already graded in {results_dir}, {len(todo)} to go")
    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        futures = [pool.submit(one, sid, folder) for sid, folder in todo]
        for fut in tqdm(as_completed(futures), total=len(futures), desc="grading", unit="submission"):
            sid, r = fut.result()
            done[sid] = r
    elapsed = time.time() - t0
    csv_path = out / "summary.csv"
    paths = [g.path for g in M.MANIFEST]
    used = [p for p in paths if any(p in r.get("functions", {}) for r in done.values())]
    with open(csv_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "assignment", "total", "max_total", "error"] + used)
        for sid, _ in subs:
            r = done.get(sid, {})
            fns = r.get("functions", {})
            w.writerow([sid, r.get("assignment"), r.get("total"), r.get("max_total"), r.get("error", "")]
                       + [fns.get(p, {}).get("points", "") for p in used])
    print(f"graded {len(todo)} submission(s) in {elapsed:.1f} s with {args.workers} worker(s)"
          + (f" ({elapsed / len(todo):.2f} s each)" if todo else ""))
    errors = [sid for sid in done if done[sid].get("error")]
    if errors:
        print(f"{len(errors)} submission(s) could not be graded: {', '.join(errors)} (see their JSON)")
    print(f"results: {results_dir}\nsummary: {csv_path}")
    return 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "release":
        from .release import main as release_main   # written by the release builder; imported lazily
        return release_main(argv[1:])
    if argv and argv[0] in ("exchange", "due-dates"):
        from .course import main as course_main   # the course directory: exchange, due dates
        return course_main(argv)
    if argv and argv[0] in ("gradescope", "canvas"):
        from .lms import main as lms_main   # Gradescope autograder, Canvas grades CSV
        return lms_main(argv)
    ap = argparse.ArgumentParser(prog="python -m grading", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--assignment", help="assignment name (default: detected from the notebooks)")
    common.add_argument("--timeout", type=float, help="wall-clock seconds per case (default 20)")
    common.add_argument("--memory-mb", type=int, help="memory limit of the student process (default 2048)")
    common.add_argument("--no-sandbox", action="store_true", help="do not use bubblewrap (resource limits still apply)")
    g = sub.add_parser("grade", parents=[common], help="grade one work folder")
    g.add_argument("path")
    g.add_argument("--json", help="also write the result as JSON to this file")
    g.add_argument("--only", nargs="+", metavar="DOTTED", help="grade only these functions")
    ga = sub.add_parser("grade-all", parents=[common], help="grade a folder of submissions in parallel")
    ga.add_argument("submissions")
    ga.add_argument("--workers", type=int, default=2)
    ga.add_argument("--out", help="output folder (default: SUBMISSIONS_grades next to it)")
    sub.add_parser("release", help="build the student release (see grading/release.py)")
    args = ap.parse_args(argv)
    if args.cmd == "grade":
        return cmd_grade(args)
    return cmd_grade_all(args)


if __name__ == "__main__":
    sys.exit(main())
