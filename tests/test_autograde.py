"""``python -m grading autograde``: nbgrader's autograde, N submissions at a time.

On the smallest assignment (``computational_graphs``: one notebook, run in quick mode under
autograde) with a sample class of three (the reference, the stubs, one bug):

- the parallel command gives every grade cell the same score as the sequential
  ``nbgrader autograde`` on a copy of the same course, after being killed with SIGKILL
  mid-class and resumed (the students done before the kill are skipped, the half-done one is
  regraded, the rest graded; the killed run's nbgrader processes and kernels die with it);
- the same on a Dask scheduler with two workers (separate processes on 127.0.0.1);
- the gradebook survives six processes writing at once through nbgrader's API with the busy
  timeout the command uses, and loses writes without one (so the test can fail).
"""
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grading import autograde, sandbox, workflow
from grading.release import write_course_config
from tests.processes import alive

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required"), pytest.mark.xdist_group("autograde")]

ASSIGNMENT = "computational_graphs"
BUGGY_MODULE = "graph/engine.py"


def _copy_course(src, dest):
    shutil.copytree(src, dest, symlinks=True)
    (dest / "nbgrader_config.py").unlink()   # the copy's configuration must point at the copy
    write_course_config(dest)
    return dest


def grade_cells(course, assignment=ASSIGNMENT):
    """{(student, notebook, grade cell): (auto_score, manual_score, needs_manual_grade, max_score)}."""
    from nbgrader.api import Gradebook

    cells = {}
    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}", "cs231n") as gb:
        for sub in gb.find_assignment(assignment).submissions:
            for nb in sub.notebooks:
                for g in nb.grades:
                    cells[(sub.student.id, nb.name, g.name)] = (g.auto_score, g.manual_score, g.needs_manual_grade,
                                                                g.max_score)
    return cells


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    """A course with three submissions, before autograde, and its sequentially autograded copy."""
    tmp = tmp_path_factory.mktemp("autograde")
    course = tmp / "course"
    workflow.release_assignment(ASSIGNMENT, course)
    folders = workflow.make_sample_class(course, ASSIGNMENT, tmp / "class")
    for student, folder in folders.items():
        workflow.submit(course, student, ASSIGNMENT, folder)
    sequential = _copy_course(course, tmp / "sequential")
    t0 = time.perf_counter()
    workflow.autograde(sequential, ASSIGNMENT)         # nbgrader's own, one after the other
    seconds = time.perf_counter() - t0
    print(f"\nsequential nbgrader autograde: {seconds:.1f} s for {len(folders)} submissions")
    cells = grade_cells(sequential)
    return {"tmp": tmp, "course": course, "students": sorted(folders), "sequential": cells}


def _command(course, *extra):
    return [sys.executable, "-m", "grading", "autograde", ASSIGNMENT, "--course", str(course), *extra]


def test_killed_parallel_run_resumes_to_the_sequential_grades(courses):
    course = _copy_course(courses["course"], courses["tmp"] / "parallel")
    first, second, third = courses["students"]
    marks = course / autograde.STATE / ASSIGNMENT
    proc = subprocess.Popen(_command(course, "--workers", "1"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    children = set()
    while time.monotonic() < deadline and not (
            (marks / f"{first}.json").exists() and (course / "autograded" / second / ASSIGNMENT).exists()):
        children.update(sandbox.descendants(proc.pid))
        time.sleep(0.2)
    time.sleep(1.0)                                   # the second student is half-done now
    children.update(sandbox.descendants(proc.pid))
    assert (marks / f"{first}.json").exists(), proc.stdout.read1().decode() if proc.poll() is not None else ""
    os.kill(proc.pid, signal.SIGKILL)                 # kill -9 of the command alone, not its group
    proc.wait()
    assert children, "the command started no nbgrader process"
    deadline = time.monotonic() + 30
    while alive(children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(children), "processes of the killed run outlived it"
    assert sorted(p.stem for p in marks.glob("*.json")) == [first]
    assert (course / "autograded" / second / ASSIGNMENT).exists()     # half-done, no marker
    assert not (course / "autograded" / third).exists()

    t0 = time.perf_counter()
    cp = subprocess.run(_command(course, "--workers", "2"), capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - t0
    print(f"\nresumed parallel autograde (2 workers, 2 submissions): {seconds:.1f} s\n{cp.stdout}")
    assert cp.returncode == 0, cp.stdout + cp.stderr
    assert cp.stdout.startswith("sandbox: on.")
    assert "3 submission(s), 2 to grade, 1 already done" in cp.stdout
    assert f"{second}: graded" in cp.stdout and f"{third}: graded" in cp.stdout and f"{first}: graded" not in cp.stdout
    assert "summary: 2 graded, 0 failed, 1 skipped" in cp.stdout and "s per submission" in cp.stdout
    assert "s in all, with the start-up" in cp.stdout

    parallel, sequential = grade_cells(course), courses["sequential"]
    assert len(sequential) > 10 and set(parallel) == set(sequential)
    for key in sequential:
        assert parallel[key] == sequential[key], key
    # a real comparison: full marks, zero and a loss on the bug all appear
    totals = {s: sum(v[0] or 0 for k, v in sequential.items() if k[0] == s) for s in courses["students"]}
    assert totals["reference"] > totals["buggy"] > totals["stubs"] == 0

    again = subprocess.run(_command(course, "--workers", "2"), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "0 to grade, 3 already done" in again.stdout, again.stdout


def test_dask_autograde_gives_the_sequential_grades(courses):
    from tests.dask_cluster import local_cluster

    course = _copy_course(courses["course"], courses["tmp"] / "dask")
    students = ["buggy", "reference"]
    with local_cluster(courses["tmp"] / "dask-cluster", workers=2) as address:
        report = autograde.autograde(ASSIGNMENT, course=course, students=students, scheduler=address,
                                     log=lambda *a: None)
    assert {s: r["status"] for s, r in report.items()} == dict.fromkeys(students, "graded")
    got, want = grade_cells(course), courses["sequential"]
    assert set(got) == {k for k in want if k[0] in students}
    for key in got:
        assert got[key] == want[key], key


def test_a_changed_submission_or_a_forged_marker_is_regraded(courses, tmp_path):
    course = _copy_course(courses["course"], tmp_path / "course")
    marks = autograde.Marks(course, ASSIGNMENT)
    graded = {"stubs": (0.0, 10.0, False)}
    (course / "autograded" / "stubs" / ASSIGNMENT).mkdir(parents=True)
    run = {"returncode": 0, "output": "", "seconds": 1.0, "host": "h"}
    marks.write("stubs", run, autograde.submission_digest(marks.submitted("stubs")))
    assert marks.done("stubs", graded) == (True, None)
    assert marks.done("stubs", {}) == (False, "the gradebook has no grades for it")
    nb = marks.submitted("stubs") / "computational_graphs.ipynb"
    nb.write_text(nb.read_text() + " ")
    assert marks.done("stubs", graded) == (False, "the submission changed since it was autograded")
    (marks.dir / "buggy.json").write_text((marks.dir / "stubs.json").read_text())
    assert marks.done("buggy", graded) == (False, "its marker belongs to another submission")
    marks.write("reference", {**run, "returncode": 1}, "x")          # a failed run leaves no marker
    assert not (marks.dir / "reference.json").exists() and (marks.dir / "reference.log").exists()


def test_failure_reasons_come_from_the_nbgrader_log():
    log = ("[AutogradeApp | ERROR] There was an error processing assignment: /c/submitted/x/a\n"
           "Traceback (most recent call last):\n  File \"x.py\", line 1\n"
           "jupyter_client.kernelspec.NoSuchKernel: No such kernel named python3\n"
           "[AutogradeApp | ERROR] Please see the above traceback for details\n")
    assert autograde.failure_reason(log, 1) == "jupyter_client.kernelspec.NoSuchKernel: No such kernel named python3"
    assert autograde.failure_reason("[AutogradeApp | ERROR] No notebooks found\n", 1) == "No notebooks found"
    assert autograde.failure_reason("", None) == "timed out and was stopped"
    assert autograde.failure_reason("", -9) == "killed by signal 9"


def test_busy_timeout_is_added_to_sqlite_urls_only():
    assert autograde.with_busy_timeout("sqlite:////c/gradebook.db") == "sqlite:////c/gradebook.db?timeout=600"
    assert autograde.with_busy_timeout("sqlite:////c/g.db?timeout=5") == "sqlite:////c/g.db?timeout=5"
    assert autograde.with_busy_timeout("postgresql://u@h/db") == "postgresql://u@h/db"


# ----------------------------------------------------------------------------- the gradebook under load

WRITERS, ROUNDS = 6, 10


def _hammer(db_url, writer, errors):
    """What autograde writes per student, through nbgrader's API: the student, the submission
    (one row per grade cell), then every auto score."""
    import logging

    from nbgrader.api import Gradebook

    logging.disable(logging.CRITICAL)
    failed = 0
    for i in range(ROUNDS):
        student = f"w{writer}-{i}"
        try:
            with Gradebook(db_url, "cs231n") as gb:
                gb.update_or_create_student(student)
                sub = gb.update_or_create_submission(ASSIGNMENT, student)
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        grade.auto_score = float(writer * 100 + i)
                gb.db.commit()
        except Exception:  # noqa: BLE001  (counted: "database is locked")
            failed += 1
    errors.put(failed)


def _stress(db_path, db_url):
    ctx = multiprocessing.get_context("fork")    # the writers start at once, nbgrader already imported
    errors = ctx.Queue()
    procs = [ctx.Process(target=_hammer, args=(db_url, w, errors)) for w in range(WRITERS)]
    for p in procs:
        p.start()
    failed = sum(errors.get(timeout=600) for _ in procs)
    for p in procs:
        p.join()
    con = sqlite3.connect(db_path)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        rows = dict(con.execute(
            "SELECT s.student_id, COUNT(*) FROM submitted_assignment s JOIN submitted_notebook n "
            "ON n.assignment_id = s.id JOIN grade g ON g.notebook_id = n.id "
            "WHERE s.student_id LIKE 'w%-%' AND g.auto_score IS NOT NULL "
            "AND g.auto_score = CAST(SUBSTR(s.student_id, 2, INSTR(s.student_id, '-') - 2) AS REAL) * 100 "
            "+ CAST(SUBSTR(s.student_id, INSTR(s.student_id, '-') + 1) AS REAL) GROUP BY s.student_id").fetchall())
    finally:
        con.close()
    return failed, integrity, rows


def test_gradebook_keeps_every_write_of_concurrent_nbgrader_processes(courses, tmp_path):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{courses['course'] / 'gradebook.db'}", "cs231n") as gb:
        cells = sum(len(nb.grade_cells) for nb in gb.find_assignment(ASSIGNMENT).notebooks)
    results = {}
    for name, timeout in (("none", 0), ("kit", None)):
        db = tmp_path / f"{name}.db"
        shutil.copy(courses["course"] / "gradebook.db", db)
        url = f"sqlite:///{db}?timeout=0" if timeout == 0 else autograde.with_busy_timeout(f"sqlite:///{db}")
        results[name] = _stress(db, url)
    failed, integrity, rows = results["kit"]
    assert failed == 0 and integrity == "ok"
    assert len(rows) == WRITERS * ROUNDS and set(rows.values()) == {cells}
    failed_none, _, rows_none = results["none"]
    assert failed_none > 0 and len(rows_none) < WRITERS * ROUNDS, "no contention: the stress test proves nothing"


def test_nothing_submitted_or_an_unknown_student(tmp_path):
    course = tmp_path / "course"
    write_course_config(course)
    lines = []
    assert autograde.autograde(ASSIGNMENT, course=course, log=lines.append) == {}
    assert any("0 submission(s), 0 to grade" in line for line in lines), lines
    with pytest.raises(autograde.AutogradeError, match="no submitted/<student>/computational_graphs/ folder for: zoe"):
        autograde.autograde(ASSIGNMENT, course=course, students=["zoe"], log=lines.append)
    with pytest.raises(autograde.AutogradeError, match="not a course folder"):
        autograde.autograde(ASSIGNMENT, course=tmp_path / "nowhere", log=lines.append)


def test_a_copied_course_whose_config_names_the_original_is_refused(tmp_path):
    """nbgrader reads the root from the course's config: a copied folder would grade the original."""
    write_course_config(tmp_path / "original")
    shutil.copytree(tmp_path / "original", tmp_path / "copy")
    with pytest.raises(autograde.AutogradeError, match="was the folder copied"):
        autograde.autograde(ASSIGNMENT, course=tmp_path / "copy", log=lambda *a: None)
    assert not (tmp_path / "original" / "autograded").exists()


def test_ctrl_c_stops_autograde_at_once_and_says_how_to_go_on(courses):
    course = _copy_course(courses["course"], courses["tmp"] / "interrupted")
    proc = subprocess.Popen(_command(course, "--workers", "2"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True,      # SIGINT as a terminal's Ctrl-C sends it
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    below = set()
    while time.monotonic() < deadline and len(below) < 2:           # the workers are at work
        below.update(sandbox.descendants(proc.pid))
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted: the submissions autograded so far are kept in the gradebook; run the same command" in err
    assert "Traceback" not in err, err
    deadline = time.monotonic() + 30
    while alive(below) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(below), "nbgrader processes outlived Ctrl-C"
