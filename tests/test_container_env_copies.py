"""Container mode's readable copies of the environment (``uid_sandbox.readable_copy``, made when
the grader's packages sit under a folder the child's uid cannot reach) do not pile up in
``TMP/cs231n-grading-uid/env-*``: a copy is removed when the last grader process using it ends,
one left by a killed grader is removed by the next, and a copy in use is never removed under a
grader that holds it.

Each test runs graders as separate processes with their own ``TMPDIR`` and a tiny package
(``fakepkg``) in a private folder, so the copies are a few bytes and no other test's copies are touched.
"""
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

GRADER = textwrap.dedent("""
    import os, sys
    private = sys.argv[1]
    sys.path.insert(0, private)
    from grading import uid_sandbox
    uid_sandbox.CHILD_PACKAGES = ("fakepkg",)
    copy = uid_sandbox.readable_copy(private)
    assert os.path.isfile(os.path.join(copy, "fakepkg", "__init__.py")), copy
    print(copy, flush=True)
    if sys.argv[2] == "hold":
        sys.stdin.read()          # holds the copy until the test closes stdin
""")


@pytest.fixture
def private(tmp_path):
    """A folder holding an installed ``fakepkg`` (its files listed in RECORD), and a private TMPDIR."""
    folder = tmp_path / "private"
    (folder / "fakepkg").mkdir(parents=True)
    (folder / "fakepkg" / "__init__.py").write_text("X = 1\n")
    info = folder / "fakepkg-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakepkg\nVersion: 1.0\n")
    (info / "RECORD").write_text("fakepkg/__init__.py,,\nfakepkg-1.0.dist-info/METADATA,,\n"
                                 "fakepkg-1.0.dist-info/RECORD,,\n")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    return folder, tmp


def grader(private, how="run"):
    folder, tmp = private
    return subprocess.Popen([sys.executable, "-c", GRADER, str(folder), how], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "TMPDIR": str(tmp)})


def copies(private):
    return sorted(p.name for p in (private[1] / "cs231n-grading-uid").glob("env-*"))


def finish(proc):
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-2000:]
    return out.strip()


def test_a_grader_removes_its_copy_when_it_ends(private):
    copy = finish(grader(private))
    assert Path(copy).name.startswith("env-")
    assert copies(private) == [], "the environment copy outlived the grader that made it"


def test_a_copy_in_use_stays_until_its_last_grader_ends(private):
    holder = grader(private, "hold")
    held = holder.stdout.readline().strip()
    try:
        assert finish(grader(private)) == held         # the second grader used the same copy ...
        assert Path(held, "fakepkg", "__init__.py").is_file(), "removed while another grader held it"
    finally:
        holder.stdin.close()
        holder.stdin = None
    assert finish(holder) == ""
    assert copies(private) == []                      # ... and the last one to end removed it


def test_a_copy_left_by_a_killed_grader_is_removed_by_the_next(private):
    holder = grader(private, "hold")
    held = holder.stdout.readline().strip()
    os.kill(holder.pid, signal.SIGKILL)                # no exit handler runs
    holder.wait(timeout=60)
    holder.stdin.close()
    holder.stdout.close()
    holder.stderr.close()
    assert Path(held).is_dir()
    finish(grader(private))
    assert copies(private) == []
