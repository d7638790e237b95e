"""What an instructor sees after a typo: one line that says what was wrong and what is known,
exit code 2, nothing written, never a traceback (found by following INSTRUCTORS.md as written)."""
import subprocess
import sys

import pytest

KNOWN = "known: linear_classifiers, computational_graphs, neural_networks"


def run(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "grading", *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("args,message", [
    (["grade-all", "class", "--assignment", "computational_graph", "--out", "out"],
     f"error: unknown assignment 'computational_graph'; {KNOWN}"),
    (["autograde", "computational_graph", "--course", "."], f"error: unknown assignment 'computational_graph'; {KNOWN}"),
    (["gradescope", "build", "-a", "computational_graph", "--out", "out/a.zip"],
     "error: unknown assignment 'computational_graph'"),
    (["canvas", "--course", "no-such-course", "--out", "out/grades.csv"], "no-such-course/nbgrader_config.py not found"),
    (["grade-all", "no-such-folder", "--out", "out"],
     "is not a folder of submissions (a folder with one subfolder per student, e.g. build/course/submitted)"),
])
def test_a_wrong_name_or_folder_is_one_clear_line(tmp_path, args, message):
    (tmp_path / "class" / "ann").mkdir(parents=True)
    cp = run(tmp_path, *args)
    assert cp.returncode == 2, cp.stdout + cp.stderr
    assert message in cp.stderr, cp.stderr
    assert "Traceback" not in cp.stderr, cp.stderr
    assert not (tmp_path / "out").exists()


def test_help_lists_every_command(tmp_path):
    cp = run(tmp_path, "--help")
    assert cp.returncode == 0
    for command in ("grade", "grade-all", "release", "explain", "fingerprints", "autograde", "exchange", "due-dates",
                    "gradescope", "canvas"):
        assert f"python -m grading {command}" in cp.stdout or f",{command}" in cp.stdout, command
