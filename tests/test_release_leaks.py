"""No released file hands out a solution (issue 17): every non-trivial line of a solution region of the
reference package and of the notebooks (whitespace collapsed) is looked for in everything a student
receives: notebooks, given and stubbed modules, checks, data JSON, setup files. Markers alone are not
enough: a given helper or a public check can hold the solution's code without any marker."""
from pathlib import Path

import pytest

from grading import release
from grading.assignments import ASSIGNMENTS


def test_solution_lines_are_found_whatever_the_indentation(tmp_path):
    secret = release.solution_lines("linear_classifiers")
    assert len(secret) > 50, "expected many solution lines to look for"
    line = sorted(l for l in secret if secret[l].endswith(".py") and '"' not in l)[0]
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "helper.py").write_text("def given():\n\t\t" + line.replace(" ", "   ") + "\n")
    (folder / "data.json").write_text('{"note": "see ' + line + ' here"}')
    leaks = release.leaked_solution_lines(folder, "linear_classifiers")
    assert ("helper.py", line, secret[line]) in leaks and ("data.json", line, secret[line]) in leaks


def test_allowed_lines_are_not_secrets():
    for name in ASSIGNMENTS:
        assert not set(release.ALLOWED_SOLUTION_LINES) & set(release.solution_lines(name))


@pytest.mark.slow
@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_no_released_file_holds_a_solution_line(name, tmp_path):
    path = release.release_assignment(name, course_dir=tmp_path / "course")
    leaks = release.leaked_solution_lines(path, name)
    assert not leaks, f"{name}: solution lines handed out:\n" + "\n".join(
        f"  {f}: {line!r} (from the solution of {origin})" for f, line, origin in leaks)
