"""Outputs for the platforms, each checked against its documented format:

* Gradescope's results.json (Autograder Specifications: top-level score, execution_time,
  output, visibility, stdout_visibility, tests[] with score, max_score, status, name,
  number, output, visibility), from a real run of the built autograder's run_autograder;
* Canvas's gradebook import CSV (Student, ID, SIS User ID, SIS Login ID, Section, one
  column per assignment, a Points Possible row);
* the kit's own JSON (python -m grading grade --json).
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grading.assignments import ASSIGNMENTS

from grading import lms
from grading.release import LIB, PACKAGE, shipped_modules, solution_regions

ASSIGNMENT = "linear_classifiers"
KIT_KEYS = {"assignment": str, "total": (int, float), "max_total": (int, float),
            "functions": dict, "notes": list, "seconds": (int, float)}
FUNCTION_KEYS = {"points": (int, float), "max_points": (int, float), "passed": int,
                 "cases": int, "feedback": (str, list)}
GS_TOP = {"score": float, "execution_time": int, "output": str, "visibility": str,
          "stdout_visibility": str, "tests": list}
GS_TEST = {"score": float, "max_score": float, "status": str, "name": str, "number": str,
           "output": str, "visibility": str}


def check_gradescope(results):
    for key, kind in GS_TOP.items():
        assert isinstance(results[key], kind), (key, results[key])
    assert set(results) <= set(GS_TOP) | {"extra_data", "output_format", "leaderboard"}
    assert results["visibility"] in lms.VISIBILITIES and results["stdout_visibility"] in lms.VISIBILITIES
    for test in results["tests"]:
        assert set(test) == set(GS_TEST), test.keys()
        for key, kind in GS_TEST.items():
            assert isinstance(test[key], kind), (key, test[key])
        assert test["status"] in ("passed", "failed")
        assert 0 <= test["score"] <= test["max_score"]
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gradescope")
    zip_path = lms.build_autograder(ASSIGNMENT, tmp / "autograder.zip")
    root = tmp / "autograder"
    (root / "source").mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
        names = zf.namelist()
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
    return {"zip": zip_path, "root": root, "names": names, "modes": modes}


def run_autograder(root, submission):
    """Gradescope's call, with our interpreter in place of the image's venv."""
    if (root / "submission").exists():
        shutil.rmtree(root / "submission")
    shutil.copytree(submission, root / "submission")
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=sys.executable)
    subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, check=True,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    return json.loads((root / "results" / "results.json").read_text())


def make_submission(tmp, kind):
    """A released-looking folder: cs231n_lib with the reference, or stubs, or (loose) only
    the student's linear_svm.py."""
    given, student = shipped_modules(ASSIGNMENT)
    folder = tmp / kind
    if kind == "loose":
        folder.mkdir()
        shutil.copy2(LIB / "classifiers/linear_svm.py", folder / "linear_svm.py")
        return folder
    from grading.release import stub_file
    for mod in given + student:
        if kind == "reference":
            (folder / PACKAGE / mod).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(LIB / mod, folder / PACKAGE / mod)
        else:
            stub_file(LIB / mod, folder / PACKAGE / mod)
    return folder


def test_autograder_zip_layout(autograder):
    names = set(autograder["names"])
    assert {"setup.sh", "run_autograder", "requirements-autograder.txt"} <= names   # at the root
    assert autograder["modes"]["run_autograder"] & 0o111 and autograder["modes"]["setup.sh"] & 0o111
    _, student = shipped_modules(ASSIGNMENT)
    for mod in student:   # the reference (with solutions) is inside, for the trusted grader
        text = zipfile.ZipFile(autograder["zip"]).read(f"{PACKAGE}/{mod}").decode()
        assert solution_regions(text, mod), mod
        skeleton = zipfile.ZipFile(autograder["zip"]).read(f"skeleton/{PACKAGE}/{mod}").decode()
        assert not solution_regions(skeleton, mod), mod
    reqs = [line.split(";")[0].strip() for line in
            zipfile.ZipFile(autograder["zip"]).read("requirements-autograder.txt").decode().splitlines() if line.strip()]
    assert all("==" in r for r in reqs) and any(r.startswith("numpy==") for r in reqs)
    for script in ("setup.sh", "run_autograder"):
        subprocess.run(["bash", "-n", str(autograder["root"] / "source" / script)], check=True)


@pytest.mark.slow
def test_run_autograder_reference_stubs_loose(autograder, tmp_path):
    ref = run_autograder(autograder["root"], make_submission(tmp_path, "reference"))
    check_gradescope(ref)
    assert ref["tests"] and all(t["status"] == "passed" for t in ref["tests"])
    assert ref["score"] == pytest.approx(sum(t["max_score"] for t in ref["tests"]))
    stubs = run_autograder(autograder["root"], make_submission(tmp_path, "stubs"))
    check_gradescope(stubs)
    assert stubs["score"] == 0 and all(t["status"] == "failed" for t in stubs["tests"])
    assert any("NotImplementedError" in t["output"] for t in stubs["tests"])
    loose = run_autograder(autograder["root"], make_submission(tmp_path, "loose"))
    check_gradescope(loose)
    svm = [t for t in loose["tests"] if t["name"].startswith("classifiers.linear_svm.")]
    assert svm and all(t["status"] == "passed" for t in svm)
    assert all(t["score"] == 0 for t in loose["tests"] if t not in svm)
    assert "module files linear_svm.py" in loose["output"]


def test_gradescope_results_from_kit_json():
    kit = {"assignment": ASSIGNMENT, "total": 1.5, "max_total": 3.0, "seconds": 2.4,
           "notes": ["unsandboxed"],
           "functions": {"a.f": {"points": 1.0, "max_points": 1.0, "passed": 4, "cases": 4, "feedback": ""},
                         "a.g": {"points": 0.5, "max_points": 2.0, "passed": 1, "cases": 4,
                                 "feedback": ["case N=1: expected 1.0, got 2.0"]}}}
    out = lms.gradescope_results(kit, visibility="after_due_date")
    check_gradescope(out)
    assert [t["status"] for t in out["tests"]] == ["passed", "failed"]
    assert "expected 1.0, got 2.0" in out["tests"][1]["output"]
    assert out["execution_time"] == 2 and out["visibility"] == "after_due_date"
    with pytest.raises(ValueError):
        lms.gradescope_results(kit, visibility="sometimes")


def test_failed_grading_still_writes_valid_results(tmp_path):
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    results = lms.run_autograder(ASSIGNMENT, root)   # no grader in source: it cannot run
    check_gradescope(results)
    assert results["score"] == 0 and "could not grade" in results["output"]


def test_canvas_csv_format_with_and_without_roster(tmp_path):
    scores = {ASSIGNMENT: {"alice": (9.5, 22.0), "bob": (3.0, 22.0)},
              "neural_networks": {"alice": (20.0, 25.0)}}
    names = {"alice": ("Liddell", "Alice"), "bob": ("", "")}
    rows = lms.canvas_rows(scores, names)
    path = lms.write_csv(rows, tmp_path / "canvas.csv")
    table = list(csv.reader(open(path, newline="")))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT, "neural_networks"]
    assert table[1] == ["Points Possible", "", "", "", "", "22", "25"]
    body = {r[3]: r for r in table[2:]}
    assert body["alice"][:5] == ["Liddell, Alice", "", "", "alice", ""]
    assert body["alice"][5:] == ["9.5", "20"]
    assert body["bob"][0] == "bob" and body["bob"][6] == ""     # no submission: left blank
    for row in table[2:]:
        for cell in row[5:]:
            assert cell == "" or float(cell) >= 0

    roster = tmp_path / "export.csv"
    title = ASSIGNMENTS[ASSIGNMENT]["title"]
    roster.write_text(f"Student,ID,SIS User ID,SIS Login ID,Section,\"{title} (4711)\",Current Score\n"
                      "    Points Possible,,,,,22,\n"
                      "\"Liddell, Alice\",101,S-1,alice,Sec 1,,\n")
    rows = lms.canvas_rows({ASSIGNMENT: scores[ASSIGNMENT]}, names, roster)
    assert rows[0][5] == f"{title} (4711)"
    alice = next(r for r in rows[2:] if r[3] == "alice")
    assert alice[:5] == ["Liddell, Alice", "101", "S-1", "alice", "Sec 1"]


def test_canvas_from_grade_all_results(tmp_path):
    results = tmp_path / "results"
    results.mkdir()
    (results / "alice__linear_classifiers.json").write_text(json.dumps(
        {"id": "alice/linear_classifiers", "assignment": ASSIGNMENT, "total": 7.0, "max_total": 10.0}))
    (results / "bob.json").write_text(json.dumps({"id": "bob", "assignment": ASSIGNMENT, "total": 2.0,
                                                  "max_total": 10.0}))
    assert lms.scores_from_results(results) == {ASSIGNMENT: {"alice": (7.0, 10.0), "bob": (2.0, 10.0)}}


@pytest.mark.slow
def test_kit_json_format(tmp_path):
    folder = make_submission(tmp_path, "reference")
    out = tmp_path / "kit.json"
    subprocess.run([sys.executable, "-m", "grading", "grade", str(folder), "--assignment", ASSIGNMENT,
                    "--json", str(out)], check=True, stdout=subprocess.PIPE, timeout=600)
    kit = json.loads(out.read_text())
    for key, kind in KIT_KEYS.items():
        assert isinstance(kit[key], kind), key
    assert kit["functions"]
    for path, entry in kit["functions"].items():
        for key, kind in FUNCTION_KEYS.items():
            assert isinstance(entry[key], kind), (path, key)
        assert entry["passed"] == entry["cases"] and entry["points"] == entry["max_points"]
    assert kit["total"] == pytest.approx(kit["max_total"])
