"""The documented course, end to end (grading/INSTRUCTORS.md), with students handing in
both ways on one machine:

    python -m grading release -> python -m grading exchange -> nbgrader release_assignment
    -> fetch_assignment / submit (alice, bob) -> collect
    -> zip_collect (carol: late, time in the zip's name; dave: time from the archive)
    -> autograde -> generate_feedback -> release_feedback -> fetch_feedback (alice) -> export

The students are stand-ins for Unix accounts: each has a HOME of their own (their
~/.jupyter/nbgrader_config.py holds the line `python -m grading exchange` printed), and
nbgrader's user name comes from `tests/nbgrader_as.py`. One assignment, four
submissions, quick mode (nbgrader autograde sets NBGRADER_EXECUTION). The assignment is the
one-notebook computational_graphs: the flow does not depend on which assignment it is, and
autograding the four-notebook linear_classifiers made this the slowest test of the suite.
"""
import csv
import datetime
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from grading import workflow
from grading.assignments import ASSIGNMENTS
from grading.course import load_course_config, write_course_config
from grading.lms import canvas_rows, scores_from_gradebook
from grading.release import PACKAGE, shipped_modules
from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("course_flow")]

ASSIGNMENT = "computational_graphs"
UNRELEASED = "linear_classifiers"   # in the gradebook, never released
NOTEBOOKS = ASSIGNMENTS[ASSIGNMENT]["notebooks"]
AS_USER = Path(__file__).with_name("nbgrader_as.py")
GATES = "graph/gates.py"
UTC = datetime.timezone.utc


def run(cmd, cwd, env=None, check=True):
    proc = subprocess.run(cmd, cwd=str(cwd), env=env, text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout[-3000:]}")
    return proc.stdout


def student_env(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env["HOME"] = str(home)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def as_student(student, home, *args, check=True):
    """``nbgrader ARGS`` run by ``student`` in their home folder."""
    return run([sys.executable, str(AS_USER), student, *args], home, student_env(home), check)


TIMINGS = {}


def instructor(course, *args, check=True):
    t0 = time.perf_counter()
    out = workflow.nbgrader(list(args), course, check=check, quiet=True).stdout
    TIMINGS[args[0]] = TIMINGS.get(args[0], 0.0) + time.perf_counter() - t0
    return out


def fill_with_reference(folder):
    """What a student who solved everything hands in."""
    given, student = shipped_modules(ASSIGNMENT)
    for mod in student:
        shutil.copy2(workflow.LIB / mod, Path(folder) / PACKAGE / mod)
    for nb in NOTEBOOKS:
        shutil.copy2(workflow.NOTEBOOKS / nb, Path(folder) / nb)


def break_gates_only(folder):
    """bob: the released stubs, except the gates, whose MulGate sends each input its own value
    (da = grad * a instead of grad * b); the engine stays a stub."""
    path = Path(folder) / PACKAGE / GATES
    shutil.copy2(workflow.LIB / GATES, path)
    text = path.read_text()
    assert "da = unbroadcast(grad_output * b, ctx.a_shape)" in text
    path.write_text(text.replace("da = unbroadcast(grad_output * b, ctx.a_shape)",
                                 "da = unbroadcast(grad_output * a, ctx.a_shape)", 1))


def zip_folder(folder, archive, when=None):
    """Zip ``folder`` (as a top-level folder) to ``archive``; every entry stamped ``when``
    (naive local time of the student's machine) if given."""
    folder = Path(folder)
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
                if when is None:
                    zf.write(path, name)
                else:
                    zf.writestr(zipfile.ZipInfo(name, date_time=when.timetuple()[:6]), path.read_bytes())


def unix_students(request, names):
    """A Unix account per stand-in student (created for the test if missing, removed after it):
    the exchange collects only entries owned by the student they name (grading/exchange.py)."""
    import pwd

    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("the exchange collects only entries owned by the student they name: "
                    "needs root (and useradd) to give the stand-in students Unix accounts")
    for name in names:
        try:
            pwd.getpwnam(name)
        except KeyError:
            subprocess.run(["useradd", "--no-create-home", "--user-group", name], check=True, timeout=600)
            request.addfinalizer(lambda name=name: subprocess.run(
                ["userdel", "--force", name], stderr=subprocess.DEVNULL, timeout=600))
    return {name: pwd.getpwnam(name) for name in names}


def hand_over(entry, account):
    """``entry`` (a folder in inbound/) and everything in it owned by ``account``: as if that
    student, not this test's account, had submitted it."""
    for path in [entry, *Path(entry).rglob("*")]:
        os.chown(path, account.pw_uid, account.pw_gid, follow_symlinks=False)


@pytest.fixture(scope="module")
def flow(tmp_path_factory, request):
    accounts = unix_students(request, ("alice", "bob"))
    tmp = tmp_path_factory.mktemp("course")
    course, exchange = tmp / "course", tmp / "exchange"
    now = datetime.datetime.now(UTC).replace(microsecond=0)
    due = now + datetime.timedelta(days=1)
    logs = {}

    # The course config as the first `python -m grading release` writes it (its first
    # step); the instructor edits it (exchange, due date, a setting of their own), and the
    # release that follows keeps it.
    config = course / "nbgrader_config.py"
    write_course_config(course)
    text = config.read_text()
    text = re.sub(r"c\.Exchange\.root = .*", f"c.Exchange.root = {str(exchange)!r}", text)
    text = text.replace('    # "linear_classifiers": "2026-10-09 23:59",',
                        f'    "{ASSIGNMENT}": "{due.strftime("%Y-%m-%d %H:%M:%S")}",')
    text += "\n# my own setting\nc.LatePenaltyPerDay.grace_minutes = 5\n"
    config.write_text(text)
    run([sys.executable, "-m", "grading", "release", "-a", ASSIGNMENT, "--course", str(course)], ROOT)
    logs["config_after_release"] = config.read_text()
    logs["config_edited"] = text

    logs["exchange"] = run([sys.executable, "-m", "grading", "exchange", "--course", str(course)], course)
    logs["release_assignment"] = instructor(course, "release_assignment", ASSIGNMENT)
    line = next(l.strip() for l in logs["exchange"].splitlines() if l.strip().startswith("c.Exchange.root"))

    homes = {}
    for student, fill in (("alice", fill_with_reference), ("bob", break_gates_only)):
        home = tmp / "home" / student
        (home / ".jupyter").mkdir(parents=True)
        (home / ".jupyter" / "nbgrader_config.py").write_text(f"c = get_config()\n{line}\n")
        as_student(student, home, "fetch_assignment", ASSIGNMENT, "--course", "cs231n")
        fill(home / ASSIGNMENT)
        logs[f"submit_{student}"] = as_student(student, home, "submit", ASSIGNMENT, "--course", "cs231n")
        homes[student] = home
    inbound = exchange / "cs231n" / "inbound"
    for entry in inbound.iterdir():
        hand_over(entry, accounts[entry.name.split("+")[0]])
    logs["collect"] = instructor(course, "collect", ASSIGNMENT)

    # Offline: carol hands in 36 h after the due date (time in the file name, UTC);
    # dave's zip has no time in its name, its files were last saved 2 h before the due date.
    work = tmp / "offline"
    carol = work / "carol" / ASSIGNMENT
    dave = work / "dave" / ASSIGNMENT
    for folder in (carol, dave):
        shutil.copytree(course / "release" / ASSIGNMENT, folder)
    fill_with_reference(carol)
    archive = course / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    carol_time = due + datetime.timedelta(hours=36)
    zip_folder(carol, archive / f"carol_{carol_time.strftime('%Y-%m-%dT%H-%M-%S')}Z.zip")
    dave_time = due - datetime.timedelta(hours=2)
    dave_time -= datetime.timedelta(seconds=dave_time.second % 2)   # zip times have 2 s steps
    zip_folder(dave, archive / "dave.zip", when=dave_time.replace(tzinfo=None))   # course tz: UTC
    logs["zip_collect"] = instructor(course, "zip_collect", ASSIGNMENT, "--force")

    instructor(course, "db", "assignment", "add", UNRELEASED)   # generated, never released
    roster = tmp / "students.csv"
    roster.write_text("id,first_name,last_name,email\nalice,Alice,Liddell,a@example.org\n"
                      "bob,Bob,Builder,\ncarol,Carol,Danvers,\n")
    instructor(course, "db", "student", "import", str(roster))

    # dave's collection is checked above; three autograded submissions keep the test short
    logs["autograde"] = instructor(course, "autograde", ASSIGNMENT, "--force",
                                   "--CourseDirectory.student_id_exclude=dave")
    logs["generate_feedback"] = instructor(course, "generate_feedback", ASSIGNMENT, "--force")
    logs["release_feedback"] = instructor(course, "release_feedback", ASSIGNMENT)
    logs["fetch_feedback"] = as_student("alice", homes["alice"], "fetch_feedback", ASSIGNMENT, "--course", "cs231n")
    instructor(course, "export", f"--to={tmp / 'grades.csv'}")
    instructor(course, "export", f"--to={tmp / 'grades_auto.csv'}",
               "--ReleasedAssignmentsCsvExport.exclude_manual=True")
    print("\ncourse flow timings: " + ", ".join(f"{k} {v:.0f} s" for k, v in TIMINGS.items()))
    read = lambda p: list(csv.DictReader(open(p, newline="")))  # noqa: E731
    return dict(tmp=tmp, course=course, exchange=exchange, homes=homes, logs=logs, due=due,
                carol_time=carol_time, dave_time=dave_time, line=line,
                rows=read(tmp / "grades.csv"), rows_auto=read(tmp / "grades_auto.csv"))


def test_release_keeps_the_instructors_config(flow):
    assert flow["logs"]["config_after_release"] == flow["logs"]["config_edited"]
    config = load_course_config(flow["course"])
    assert config.Exchange.root == str(flow["exchange"])
    assert config.LatePenaltyPerDay.grace_minutes == 5
    assert config.CourseDirectory.course_id == "cs231n"


def test_exchange_created_writable_by_everyone_and_student_line_printed(flow):
    mode = stat.S_IMODE(os.stat(flow["exchange"]).st_mode)
    assert mode & 0o777 == 0o777 and mode & stat.S_ISVTX
    assert flow["line"] == f"c.Exchange.root = {str(flow['exchange'])!r}"
    assert (flow["exchange"] / "cs231n" / "outbound" / ASSIGNMENT).is_dir()   # released there


def test_every_student_collected_with_a_timestamp(flow):
    submitted = flow["course"] / "submitted"
    for student in ("alice", "bob", "carol", "dave"):
        stamp = submitted / student / ASSIGNMENT / "timestamp.txt"
        assert stamp.is_file(), student
        for nb in NOTEBOOKS:
            assert (submitted / student / ASSIGNMENT / nb).is_file(), (student, nb)
    from nbgrader.utils import parse_utc
    carol = parse_utc((submitted / "carol" / ASSIGNMENT / "timestamp.txt").read_text().strip())
    dave = parse_utc((submitted / "dave" / ASSIGNMENT / "timestamp.txt").read_text().strip())
    assert carol == flow["carol_time"].replace(tzinfo=None)
    assert dave == flow["dave_time"].replace(tzinfo=None)


def test_due_date_in_gradebook_and_late_penalty_per_policy(flow):
    rows = {r["student_id"]: r for r in flow["rows"]}
    assert rows["carol"]["duedate"].startswith(flow["due"].strftime("%Y-%m-%d %H:%M:%S"))
    # 36 h late, 5 min grace: two started days, 10 % each, of each notebook's score
    carol, alice = rows["carol"], rows["alice"]
    assert float(alice["raw_score"]) > 0
    assert float(carol["raw_score"]) == pytest.approx(float(alice["raw_score"]))
    assert float(carol["late_submission_penalty"]) == pytest.approx(0.2 * float(carol["raw_score"]))
    assert float(carol["score"]) == pytest.approx(0.8 * float(carol["raw_score"]))
    for on_time in ("alice", "bob"):
        assert float(rows[on_time]["late_submission_penalty"]) == 0, on_time


def _written_points():
    """Points of the assignment's written answers (markdown answer cells of the source notebooks)."""
    import json

    from grading.assignments import ASSIGNMENTS
    from grading.release import NOTEBOOKS

    total = 0.0
    for name in ASSIGNMENTS[ASSIGNMENT]["notebooks"]:
        for cell in json.loads((NOTEBOOKS / name).read_text())["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell["cell_type"] == "markdown" and meta.get("grade") and meta.get("solution"):
                total += float(meta.get("points", 0))
    return total


WRITTEN_POINTS = _written_points()


def test_scores_order_and_manual_points_reported(flow):
    rows = {r["student_id"]: r for r in flow["rows"]}
    assert float(rows["alice"]["score"]) > float(rows["bob"]["score"]) > 0
    manual = float(rows["alice"]["manual_pending"])
    assert manual == WRITTEN_POINTS                # the inline questions, not graded yet
    assert rows["alice"]["status"] == "needs manual grading"
    auto = {r["student_id"]: r for r in flow["rows_auto"]}
    assert float(auto["alice"]["max_score"]) == pytest.approx(float(rows["alice"]["max_score"]) - WRITTEN_POINTS)
    assert float(auto["alice"]["score"]) == pytest.approx(float(auto["alice"]["max_score"]))
    assert auto["alice"]["status"] == "graded"


def test_export_has_released_assignments_only_with_names(flow):
    assert {r["assignment"] for r in flow["rows"]} == {ASSIGNMENT}
    names = {r["student_id"]: (r["first_name"], r["last_name"]) for r in flow["rows"]}
    assert names == {"alice": ("Alice", "Liddell"), "bob": ("Bob", "Builder"),
                     "carol": ("Carol", "Danvers")}


def test_autograde_log_has_no_checksum_warnings(flow):
    log = flow["logs"]["autograde"]
    assert "Autograding" in log or "autograd" in log.lower()
    assert "checksum" not in log, [l for l in log.splitlines() if "checksum" in l][:3]


def test_release_feedback_with_both_kinds_of_students(flow):
    log = flow["logs"]["release_feedback"]
    for offline in ("carol",):
        assert f"Not releasing feedback for '{offline}'" in log
    for online in ("alice", "bob"):
        assert f"Releasing feedback for student '{online}'" in log
    fetched = list((flow["homes"]["alice"] / ASSIGNMENT / "feedback").rglob("*.html"))
    assert sorted(p.name for p in fetched) == sorted(nb.replace(".ipynb", ".html") for nb in NOTEBOOKS)
    for student in ("carol",):   # the HTML is there to send by hand
        assert len(list((flow["course"] / "feedback" / student / ASSIGNMENT).glob("*.html"))) == len(NOTEBOOKS)


def test_canvas_csv_from_this_gradebook(flow):
    scores, names = scores_from_gradebook(flow["course"])
    rows = canvas_rows(scores, names)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT]
    assert rows[1][0] == "Points Possible"
    by_login = {r[3]: r for r in rows[2:]}
    assert by_login["alice"][0] == "Liddell, Alice"
    export = {r["student_id"]: float(r["score"]) for r in flow["rows"]}
    for student, row in by_login.items():
        assert float(row[5]) == pytest.approx(export[student])
