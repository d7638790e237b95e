"""grade-all's bookkeeping: one student never sinks the class, a killed run resumes, results
files that are not results are regraded, the CSV cannot carry a formula, nothing is left behind."""
import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from grading import batch, manifest as M, parent, sandbox

FULL = M.max_points("linear_classifiers")
from tests.processes import alive, children
from tests.test_grader import FAST, make_submission, replace_region

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required")]

HOSTILE = {
    # fills its private /tmp, then holds memory in several processes, then hangs
    "classifiers/linear_svm.py": lambda t: replace_region(t, "svm_loss_naive", """
import os, tempfile, time
try:
    with open(tempfile.gettempdir() + "/fill", "wb") as f:
        while True:
            f.write(b"x" * (1 << 20))
except OSError:
    pass
for _ in range(3):
    if os.fork() == 0:
        block = bytearray(600 * 1024 * 1024)
        for i in range(0, len(block), 4096):
            block[i] = 1
        time.sleep(120)
        os._exit(0)
time.sleep(120)
"""),
    # kills everything it can reach, the grader included if it could
    "classifiers/softmax.py": lambda t: replace_region(t, "softmax_loss_naive", """
import os, signal
for target in (os.getppid(), -1):
    try:
        os.kill(target, signal.SIGKILL)
    except OSError:
        pass
raise NotImplementedError
"""),
}


def test_one_student_does_not_sink_the_class(tmp_path):
    subs = tmp_path / "class"
    for name in ("ann", "ben", "cat"):
        make_submission(subs, name)
    make_submission(subs, "mallory", edits=HOSTILE)
    done = batch.grade_all(subs, out=tmp_path / "out", workers=2, limits=FAST, log=lambda *a: None,
                           assignment="linear_classifiers")
    for name in ("ann", "ben", "cat"):
        assert done[name]["total"] == FULL, (name, done[name].get("error"), done[name]["functions"])
    m = done["mallory"]
    assert m["functions"]["classifiers.linear_svm.svm_loss_naive"]["points"] == 0
    assert m["functions"]["classifiers.softmax.softmax_loss_naive"]["points"] == 0
    assert m["total"] == FULL - 2


def test_killed_run_resumes_and_foreign_results_are_regraded(tmp_path):
    subs = tmp_path / "class"
    for name in ("alice", "bob", "carol", "dave", "erin", "=HYPERLINK(evil)"):
        make_submission(subs, name)
    out = tmp_path / "out"
    args = [sys.executable, "-m", "grading", "grade-all", str(subs), "--workers", "2", "--out", str(out),
            "--timeout", "5", "--assignment", "linear_classifiers"]
    private_tmp = tmp_path / "tmp"    # its own workspace folder: no other test's run cleans it first
    private_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(private_tmp)}
    workspaces = private_tmp / f"cs231n-grading-{os.getuid()}"
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=env)
    results = out / "results"
    deadline = time.monotonic() + 240
    below = set()
    while time.monotonic() < deadline and not list(results.glob("*.json")):
        below.update(sandbox.descendants(proc.pid))
        time.sleep(0.2)
    time.sleep(0.3)                              # into the next submissions
    below.update(sandbox.descendants(proc.pid))
    workers = children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)            # kill -9 of the command alone, mid-batch
    proc.wait()
    kept = sorted(p.name for p in results.glob("*.json"))
    assert kept, "no submission was graded before the kill"
    assert len(workers) == 2, workers            # two worker processes ...
    deadline = time.monotonic() + 30
    while alive(below) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(below), "worker processes or their sandboxes outlived the killed run"   # ... died with it
    stale = [ws for pid in {proc.pid, *workers} for ws in workspaces.glob(f"ws-{pid}-*")]
    # results that are not this submission's result
    (results / "bob.json").write_text("null")
    (results / "carol.json").write_text("[]")
    (results / "dave.json").write_text("{}")
    (results / "erin.json").write_text(json.dumps({"id": "mallory", "version": parent.RESULT_VERSION, "total": 10,
                                                   "functions": {}}))
    cp = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=600, env=env)
    assert cp.returncode == 0, cp.stdout + cp.stderr
    assert cp.stdout.startswith("sandbox: on.")
    if stale:
        assert "left by an earlier run that was killed" in cp.stdout
        assert not any(ws.exists() for ws in stale)
    rows = {r["id"]: r for r in csv.DictReader(open(out / "summary.csv"))}
    assert len(rows) == 6
    for sid, row in rows.items():
        assert float(row["total"]) == FULL, (sid, row)
    for sid, why in (("bob", "not a result"), ("carol", "not a result"), ("dave", "not a result"),
                     ("erin", "another submission")):
        notes = json.loads((results / f"{sid}.json").read_text())["notes"]
        assert any(why in n and "regraded" in n for n in notes), (sid, notes)
    raw = (out / "summary.csv").read_text()
    assert "\n'=HYPERLINK(evil)," in raw           # shown as text, never run as a formula
    assert not any(ws.exists() for ws in stale)


def _grade_one_or_die(folder, *args, **kwargs):
    """grade_one, except that the worker process grading ``bob`` dies on the spot."""
    if os.path.basename(folder) == "bob":
        os.kill(os.getpid(), signal.SIGKILL)
    return _REAL_GRADE_ONE(folder, *args, **kwargs)


_REAL_GRADE_ONE = batch.grade_one


def test_a_worker_process_that_dies_costs_only_the_submission_that_killed_it(tmp_path, monkeypatch):
    subs = tmp_path / "class"
    for name in ("ann", "bob", "cat", "dan", "eve"):
        make_submission(subs, name)
    monkeypatch.setattr(batch, "grade_one", _grade_one_or_die)     # the forked workers inherit it
    lines = []
    done = batch.grade_all(subs, out=tmp_path / "out", workers=2, limits=FAST, log=lines.append,
                           assignment="linear_classifiers")
    assert {sid: r["total"] for sid, r in done.items()} == {"ann": FULL, "bob": None, "cat": FULL, "dan": FULL,
                                                              "eve": FULL}
    assert "worker process died" in done["bob"]["error"]
    assert any(line.startswith("bob: the grading worker process died twice") for line in lines), lines
    monkeypatch.setattr(batch, "grade_one", _REAL_GRADE_ONE)
    lines = []
    again = batch.grade_all(subs, out=tmp_path / "out", workers=2, limits=FAST, log=lines.append,
                            assignment="linear_classifiers")
    assert {sid: r["total"] for sid, r in again.items()} == dict.fromkeys(done, FULL)
    assert any("4 submission(s) already graded" in line and "1 to go" in line for line in lines), lines


def test_csv_cells_never_start_a_formula():
    from grading.outputs import csv_cell

    for bad in ("=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(bad).startswith("'"), bad
    assert csv_cell("alice") == "alice" and csv_cell(10.0) == "10.0" and csv_cell(None) == ""


@pytest.mark.parametrize("command", [["grade-all", "."], ["autograde", "linear_classifiers"]])
@pytest.mark.parametrize("workers", ["0", "-1", "two"])
def test_a_worker_count_that_is_not_a_whole_number_of_at_least_one_is_refused(tmp_path, command, workers):
    cp = subprocess.run([sys.executable, "-m", "grading", *command, "--workers", workers], cwd=tmp_path,
                        capture_output=True, text=True, timeout=120)
    assert cp.returncode == 2, cp.stdout + cp.stderr
    assert f"argument --workers: '{workers}' is not a number of workers: give a whole number of at least 1" in cp.stderr
    assert not list(tmp_path.iterdir())      # nothing written


def test_grade_all_refuses_zero_workers_before_grading(tmp_path):
    make_submission(tmp_path / "class", "ann")
    with pytest.raises(ValueError, match="at least 1"):
        batch.grade_all(tmp_path / "class", out=tmp_path / "out", workers=0, log=lambda *a: None)
    assert not (tmp_path / "out").exists()


def test_ctrl_c_stops_the_class_at_once_and_the_next_run_grades_the_rest(tmp_path):
    subs = tmp_path / "class"
    names = [f"s{i:02d}" for i in range(12)]
    for name in names:
        make_submission(subs, name)
    out = tmp_path / "out"
    args = [sys.executable, "-m", "grading", "grade-all", str(subs), "--workers", "2", "--out", str(out),
            "--assignment", "linear_classifiers"]
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,       # SIGINT as a terminal sends it (not ignored, as in `cmd &`)
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not list((out / "results").glob("*.json")):
        time.sleep(0.1)
    below = set(sandbox.descendants(proc.pid))
    os.killpg(proc.pid, signal.SIGINT)                   # Ctrl-C
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert f"interrupted: the results graded so far are kept in {out / 'results'}" in err
    assert "Traceback" not in err, err
    deadline = time.monotonic() + 30
    while alive(below) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(below), "workers or sandboxes outlived Ctrl-C"
    kept = len(list((out / "results").glob("*.json")))
    assert 0 < kept < len(names)
    cp = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert cp.returncode == 0, cp.stdout + cp.stderr
    assert f"{kept} submission(s) already graded" in cp.stdout and f"{len(names) - kept} to go" in cp.stdout
    rows = list(csv.DictReader(open(out / "summary.csv")))
    assert len(rows) == len(names) and all(float(r["total"]) == FULL for r in rows)


def test_result_files_of_bob_slash_x_and_bob__x_never_collide(tmp_path):
    """nbgrader's ``bob/x`` and a student called ``bob__x``: two results, each resumed as its own."""
    subs = tmp_path / "class"
    make_submission(subs, "bob/x")
    make_submission(subs, "bob__x", stub=("classifiers/linear_svm.py",))
    out = tmp_path / "out"
    done = batch.grade_all(subs, out=out, workers=1, limits=FAST, log=lambda *a: None,
                           assignment="linear_classifiers", processes=False)
    assert set(done) == {"bob/x", "bob__x"}
    files = sorted((out / "results").glob("*.json"))
    assert len(files) == 2, [p.name for p in files]
    kept = {json.loads(p.read_text())["id"]: json.loads(p.read_text())["total"] for p in files}
    assert kept == {"bob/x": FULL, "bob__x": done["bob__x"]["total"]} and kept["bob__x"] < FULL
    lines = []
    again = batch.grade_all(subs, out=out, workers=1, limits=FAST, log=lines.append,
                            assignment="linear_classifiers", processes=False)
    assert any("resuming: 2 submission(s) already graded" in line for line in lines), lines
    assert {sid: r["total"] for sid, r in again.items()} == kept


@pytest.mark.parametrize("sid", ["bob/x", "bob__x", "a%2Fb", "a/b%2F", "=HYPERLINK(evil)", "alice"])
def test_result_file_names_are_injective_and_readable(tmp_path, sid):
    others = {"bob/x", "bob__x", "bob%2Fx", "a%2Fb", "a/b", "a/b%2F", "a%2Fb/", "=HYPERLINK(evil)", "alice"} - {sid}
    name = batch.result_file(tmp_path, sid).name
    assert name not in {batch.result_file(tmp_path, o).name for o in others}
    assert "/" not in name and name.endswith(".json")
    if "/" not in sid and "%" not in sid:
        assert name == sid + ".json"          # a plain student id keeps its own name


def test_a_result_under_the_old_name_is_resumed_and_moved_to_the_new_one(tmp_path):
    """Results written before the names were injective (``bob__x.json`` for ``bob/x``) are still
    found by the next run, as long as the id inside is the submission's; then they carry the new name."""
    results = tmp_path / "results"
    results.mkdir()
    old = results / "bob__x.json"
    body = {"id": "bob/x", "version": parent.RESULT_VERSION, "total": 3, "max_total": FULL, "functions": {}}
    old.write_text(json.dumps(body))
    check = batch.resume_check(results)
    assert check("bob__x", None)[0] is None          # another submission's file: not taken for bob__x
    assert old.exists()
    kept, why = check("bob/x", None)
    assert kept == body and why is None
    assert not old.exists() and json.loads(batch.result_file(results, "bob/x").read_text()) == body
