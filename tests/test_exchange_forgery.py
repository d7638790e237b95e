"""The shared exchange, attacked by a student with a Unix account of her own (issue 15, item 4).

Two real Unix users (created with ``useradd`` for the test, removed after it): Alice hands in
honestly; Mallory, who can write into the exchange's ``inbound/`` like every student,

- forges ``inbound/<alice>+<assignment>+<time>+x`` (a later, fake submission "by Alice"),
- hands in an entry that is a symbolic link to the instructor's ``source/<assignment>``,
- writes a ``timestamp.txt`` from the year 2099 and backdates her files (``touch -d``).

The instructor (root, as course servers run) collects with the kit's configuration
(``grading.exchange.SafeCollect``). Students run the real ``nbgrader fetch_assignment`` and
``nbgrader submit`` under their own uid (``tests/nbgrader_setuid.py``). Needs root.
"""
import datetime
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from grading import workflow
from grading.course import create_exchange, student_config_line, write_course_config
from nbgrader.utils import parse_utc

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("useradd") is None,
                       reason="needs root and useradd (real Unix users)"),
    pytest.mark.slow,
    pytest.mark.xdist_group("exchange_forgery"),
]

ASSIGNMENT = "linear_classifiers"
AS_USER = Path(__file__).with_name("nbgrader_setuid.py")
SECRET = "SOLUTION: the instructor's reference, never a student's"
TIMEOUT = 600   # generous: one nbgrader command on a busy machine takes seconds


def _notebook(text):
    return json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": [text]}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def run(cmd, cwd, check=True):
    proc = subprocess.run([str(c) for c in cmd], cwd=str(cwd), text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=TIMEOUT)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout[-3000:]}")
    return proc.stdout


def as_student(user, *args):
    return run([sys.executable, AS_USER, user, *args, "--course", "cs231n"], "/")


def useradd(name, home):
    run(["useradd", "--home-dir", home, "--create-home", "--user-group", "--shell", "/bin/sh", name], "/")
    return pwd.getpwnam(name)


@pytest.fixture(scope="module")
def exchange_flow():
    tag = uuid.uuid4().hex[:6]
    alice, mallory = f"xalice{tag}", f"xmall{tag}"
    base = Path(tempfile.mkdtemp(prefix="exchange-forgery-", dir="/tmp"))
    os.chmod(base, 0o755)   # students reach the exchange and their homes through it
    created = []
    try:
        for name in (alice, mallory):
            useradd(name, base / "home" / name)
            created.append(name)
        yield _flow(base, alice, mallory)
    finally:
        for name in created:
            subprocess.run(["userdel", "--force", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=TIMEOUT)
            subprocess.run(["groupdel", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT)
        shutil.rmtree(base, ignore_errors=True)


def _flow(base, alice, mallory):
    course, exchange = base / "course", base / "exchange"
    write_course_config(course, exchange=str(exchange))
    create_exchange(exchange)
    os.chmod(course, 0o700)   # the instructor's course folder: students cannot list it
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    (source / "assignment.ipynb").write_text(_notebook(SECRET))
    (source / "hidden_tests.py").write_text(f"# {SECRET}\n")
    release = course / "release" / ASSIGNMENT
    release.mkdir(parents=True)
    (release / "assignment.ipynb").write_text(_notebook("YOUR ANSWER HERE"))
    logs = {"release": workflow.nbgrader(["release_assignment", ASSIGNMENT], course, quiet=True).stdout}
    line = student_config_line(exchange)
    for user in (alice, mallory):
        home = Path(pwd.getpwnam(user).pw_dir)
        config = home / ".jupyter" / "nbgrader_config.py"
        run(["runuser", "-u", user, "--", "mkdir", "-p", config.parent], "/")
        run(["runuser", "-u", user, "--", "sh", "-c", f'printf "%s\\n" "c = get_config()" "$1" > "$2"', "sh",
             line, config], "/")
        as_student(user, "fetch_assignment", ASSIGNMENT)
        answer = home / ASSIGNMENT / "assignment.ipynb"
        run(["runuser", "-u", user, "--", "sh", "-c", f'printf "%s" "$1" > "$2"', "sh",
             _notebook(f"honest work of {user}"), answer], "/")
        logs[f"submit_{user}"] = as_student(user, "submit", ASSIGNMENT)
    inbound = exchange / "cs231n" / "inbound"
    honest = {}
    for entry in os.listdir(inbound):
        honest[entry.split("+")[0]] = inbound / entry
    mine = honest[mallory]
    as_mallory = lambda *cmd: run(["runuser", "-u", mallory, "--", *cmd], "/")  # noqa: E731
    # inside her honest entry: links one and two levels down, to the hidden tests and the source
    as_mallory("mkdir", "-p", mine / "sub")
    as_mallory("ln", "-s", source, mine / "sub" / "src")
    as_mallory("ln", "-s", source / "hidden_tests.py", mine / "hidden_tests.py")
    # her entry claims 2099 and has been backdated to 2001 (touch -d)
    as_mallory("sh", "-c", 'printf "%s" "$1" > "$2"', "sh", "2099-01-01 00:00:00.000000 UTC", mine / "timestamp.txt")
    as_mallory("find", mine, "-exec", "touch", "-h", "-d", "2001-01-01 00:00:00", "{}", "+")
    # a forged, later submission of Alice's, and an entry that is a link to the instructor's source
    forged = inbound / f"{alice}+{ASSIGNMENT}+2098-01-01 00:00:00.000000 UTC+forged"
    as_mallory("mkdir", forged)
    as_mallory("sh", "-c", 'printf "%s" "$1" > "$2"', "sh", _notebook("forged by mallory"), forged / "assignment.ipynb")
    as_mallory("sh", "-c", 'printf "%s" "$1" > "$2"', "sh", "2098-01-01 00:00:00.000000 UTC", forged / "timestamp.txt")
    as_mallory("ln", "-s", source, inbound / f"{mallory}+{ASSIGNMENT}+2099-06-01 00:00:00.000000 UTC+link")
    before = datetime.datetime.utcnow()
    logs["collect"] = workflow.nbgrader(["collect", ASSIGNMENT, "--update"], course, check=False, quiet=True).stdout
    after = datetime.datetime.utcnow()
    return dict(course=course, alice=alice, mallory=mallory, logs=logs, before=before, after=after,
                submitted=course / "submitted")


def _all_text(folder):
    return "".join(p.read_text(errors="replace") for p in Path(folder).rglob("*") if p.is_file() and not p.is_symlink())


def test_a_forged_entry_is_never_collected_as_someone_elses(exchange_flow):
    f = exchange_flow
    work = f["submitted"] / f["alice"] / ASSIGNMENT
    assert "honest work of " + f["alice"] in (work / "assignment.ipynb").read_text(), f["logs"]["collect"]
    assert "forged by mallory" not in _all_text(work)
    log = f["logs"]["collect"]
    assert "forged" in log and f["mallory"] in log, log   # reported, naming its real owner


def test_a_link_to_the_instructors_source_is_never_followed(exchange_flow):
    f = exchange_flow
    work = f["submitted"] / f["mallory"] / ASSIGNMENT
    assert SECRET not in _all_text(f["submitted"]), f["logs"]["collect"]
    assert not any(p.is_symlink() for p in f["submitted"].rglob("*"))
    assert "honest work of " + f["mallory"] in (work / "assignment.ipynb").read_text(), f["logs"]["collect"]
    log = f["logs"]["collect"]
    assert "+link" in log and "symbolic link" in log and "sub/src" in log and "hidden_tests.py" in log, log


def test_the_submission_time_comes_from_the_collector_not_the_student(exchange_flow):
    f = exchange_flow
    for user in (f["alice"], f["mallory"]):
        stamp = (f["submitted"] / user / ASSIGNMENT / "timestamp.txt").read_text()
        when = parse_utc(stamp).replace(tzinfo=None)   # naive UTC
        assert when.year not in (2099, 2001), stamp
        # not after the collector's clock; not before the test began
        assert f["before"] - datetime.timedelta(hours=1) <= when <= f["after"], stamp
