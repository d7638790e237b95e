"""The course configuration and the kit's nbgrader plugins, without running nbgrader:
the config file is written once and keeps the instructor's settings, due dates and time
zones, the late policy, submission times from zip names, the hidden-test restoration
check (the end-to-end use is tests/test_course_flow.py)."""
import datetime
import re

import nbformat
import pytest
from traitlets.config import Config

from grading import course, nbgrader_plugins as P
from grading.release import CONFIG


def test_config_written_once_and_kept(tmp_path):
    path, written = course.write_course_config(tmp_path)
    assert written
    text = path.read_text() + "\nc.Exchange.root = '/data/exchange'\nc.LatePenaltyPerDay.grace_minutes = 30\n"
    path.write_text(text)
    again, written = course.write_course_config(tmp_path)
    assert not written and again.read_text() == text
    config = course.load_course_config(tmp_path)
    assert config.Exchange.root == "/data/exchange"
    assert config.LatePenaltyPerDay.grace_minutes == 30
    # the kit's settings are loaded too
    assert config.ExportApp.plugin_class == "grading.nbgrader_plugins.ReleasedAssignmentsCsvExport"
    assert course.exchange_settings(tmp_path) == ("/data/exchange", "cs231n")


def test_unedited_legacy_config_is_upgraded(tmp_path):
    legacy = course.LEGACY_TEMPLATE.format(config=str(CONFIG.resolve()), root=str(tmp_path.resolve()))
    (tmp_path / "nbgrader_config.py").write_text(legacy)
    path, written = course.write_course_config(tmp_path)
    assert written and "c.Exchange.root = '/srv/nbgrader/exchange'" in path.read_text()


def test_create_exchange_mode(tmp_path):
    root = tmp_path / "srv" / "exchange"
    course.create_exchange(root)
    assert root.stat().st_mode & 0o7777 == 0o1777
    assert course.student_config_line(root) == f"c.Exchange.root = {str(root)!r}"


def test_the_exchange_command_warns_when_a_release_names_another_exchange(tmp_path, capsys):
    """Changing c.Exchange.root after the release left students with the old line: the command
    that creates the new exchange says which releases to redo, and how."""
    import argparse

    path, _ = course.write_course_config(tmp_path)
    new_root = tmp_path / "exchange"
    path.write_text(path.read_text() + f"\nc.Exchange.root = {str(new_root)!r}\n")
    for name, root in (("computational_graphs", "/srv/nbgrader/exchange"), ("linear_classifiers", str(new_root))):
        (tmp_path / "release" / name).mkdir(parents=True)
        (tmp_path / "release" / name / "STUDENT_SETUP.md").write_text(f"add:\n    c.Exchange.root = {root!r}\n")
    assert course.cmd_exchange(argparse.Namespace(course=str(tmp_path))) == 0
    out = capsys.readouterr().out
    assert "WARNING: the released STUDENT_SETUP.md of computational_graphs names another exchange" in out
    assert "python -m grading release -a computational_graphs\n" in out and "linear_classifiers" not in out.split("WARNING")[1]
    (tmp_path / "release" / "computational_graphs" / "STUDENT_SETUP.md").write_text(
        f"add:\n    c.Exchange.root = {str(new_root)!r}\n")
    course.cmd_exchange(argparse.Namespace(course=str(tmp_path)))
    assert "WARNING" not in capsys.readouterr().out


@pytest.mark.parametrize("text,zone,expected", [
    ("2026-10-09 23:59", "UTC", datetime.datetime(2026, 10, 9, 23, 59)),
    ("2026-10-09 23:59", "America/Los_Angeles", datetime.datetime(2026, 10, 10, 6, 59)),
    ("2026-10-09T23:59:00+02:00", "America/Los_Angeles", datetime.datetime(2026, 10, 9, 21, 59)),
])
def test_due_dates_in_the_course_time_zone(text, zone, expected):
    schedule = P.CourseSchedule(config=Config({"CourseSchedule": {"timezone": zone,
                                                                  "due_dates": {"linear_classifiers": text}}}))
    assert schedule.due_date("linear_classifiers") == expected
    assert schedule.due_date("neural_networks") is None
    with pytest.raises(ValueError):
        P.to_utc("2026-10-09 23:59", "Mars/Olympus")


@pytest.mark.parametrize("late_hours,fraction", [(0, 0), (0.05, 0), (0.2, 0.1), (24, 0.1), (24.1, 0.2),
                                                  (36, 0.2), (24 * 30, 1.0)])
def test_late_policy(late_hours, fraction):
    plugin = P.LatePenaltyPerDay(config=Config({"LatePenaltyPerDay": {"fraction_per_day": 0.1,
                                                                      "grace_minutes": 5}}))
    assert plugin.late_submission_penalty("s", 10.0, late_hours * 3600) == pytest.approx(10.0 * fraction)


@pytest.mark.parametrize("stamp,expected", [
    ("2026-10-09T23-59-00", datetime.datetime(2026, 10, 9, 23, 59)),
    ("20261009T235900Z", datetime.datetime(2026, 10, 9, 23, 59)),
    ("2026-10-09T23:59:00+0200", datetime.datetime(2026, 10, 9, 21, 59)),
])
def test_timestamps_from_names(stamp, expected):
    assert P.parse_name_timestamp(stamp) == expected
    with pytest.raises(ValueError):
        P.parse_name_timestamp("yesterday")


def kit_named_regexp():
    from traitlets.config.loader import PyFileConfigLoader
    return PyFileConfigLoader("nbgrader_config.py", path=str(CONFIG.parent)).load_config() \
        .FileNameCollectorPlugin.named_regexp


@pytest.mark.parametrize("path,student,stamp,file_id", [
    ("/c/downloaded/a/extracted/alice/linear_classifiers/knn.ipynb", "alice", None, "knn.ipynb"),
    ("/c/downloaded/a/extracted/bob_smith/knn.ipynb", "bob_smith", None, "knn.ipynb"),
    ("/c/downloaded/a/extracted/bob_smith_2026-10-09T23-59-00Z/x/cs231n_lib/classifiers/softmax.py",
     "bob_smith", "2026-10-09T23-59-00Z", "cs231n_lib/classifiers/softmax.py"),
])
def test_zip_names_give_student_and_time(path, student, stamp, file_id):
    m = re.match(kit_named_regexp(), path)
    assert m and m.group("student_id") == student and m.group("timestamp") == stamp
    assert m.group("file_id") == file_id


def test_archive_time_is_the_newest_file(tmp_path):
    import zipfile
    base = tmp_path / "downloaded" / "a"
    (base / "archive").mkdir(parents=True)
    (base / "extracted" / "dave" / "a").mkdir(parents=True)
    with zipfile.ZipFile(base / "archive" / "dave.zip", "w") as zf:
        zf.writestr(zipfile.ZipInfo("a/knn.ipynb", (2026, 10, 9, 20, 0, 0)), "{}")
        zf.writestr(zipfile.ZipInfo("a/svm.ipynb", (2026, 10, 9, 22, 30, 10)), "{}")
    submitted = base / "extracted" / "dave" / "a" / "knn.ipynb"
    submitted.write_text("{}")
    plugin = P.TimestampedZipCollector(config=Config({"FileNameCollectorPlugin": {
        "named_regexp": kit_named_regexp(), "valid_ext": [".ipynb"]}}))
    info = plugin.collect(str(submitted))
    assert info["student_id"] == "dave" and info["timestamp"] == datetime.datetime(2026, 10, 9, 22, 30, 10)


def test_hidden_test_stripping_matches_nbgrader():
    from nbgrader.preprocessors import ClearHiddenTests
    source = "x = f()\n### BEGIN HIDDEN TESTS\nfrom grading.hidden import score\nscore('a.b')\n### END HIDDEN TESTS\n"
    cell = nbformat.v4.new_code_cell(source)
    ClearHiddenTests()._remove_hidden_test_region(cell)
    assert P.without_hidden_tests(source) == cell.source


# ----------------------------------------------------------------------------- course policy cell (issue 17)

POLICY = "**Use of AI tools.** You may ask an AI assistant to explain a concept; write your code yourself."


def _policy_cells(notebook):
    return [c for c in nbformat.read(notebook, as_version=4).cells if c.get("id") == course.POLICY_CELL_ID]


def test_no_policy_cell_by_default(tmp_path):
    from grading import release

    course.write_course_config(tmp_path)
    assert course.course_policy(tmp_path) == ""
    assert "c.CoursePolicy.text" in (tmp_path / course.CONFIG_NAME).read_text(), "the setting is shown in the file"
    dest = release.build_source("computational_graphs", tmp_path)
    assert _policy_cells(dest / "computational_graphs.ipynb") == []


def test_the_course_policy_opens_every_released_notebook(tmp_path):
    from grading import release
    from grading.assignments import ASSIGNMENTS

    path, _ = course.write_course_config(tmp_path)
    path.write_text(path.read_text() + f"\nc.CoursePolicy.text = {POLICY!r}\n")
    assert course.course_policy(tmp_path) == POLICY
    dest = release.build_source("computational_graphs", tmp_path)
    for name in ASSIGNMENTS["computational_graphs"]["notebooks"]:
        nb = nbformat.read(dest / name, as_version=4)
        first = nb.cells[0]
        assert first.get("id") == course.POLICY_CELL_ID and first.cell_type == "markdown"
        assert POLICY in first.source
        assert first.metadata["nbgrader"]["locked"] and not first.metadata["nbgrader"]["grade"]
        assert len(_policy_cells(dest / name)) == 1
        nbformat.validate(nb)
    # a second build (the instructor changed the text) replaces the cell, never adds another
    path.write_text(path.read_text() + "\nc.CoursePolicy.text = 'No AI tools.'\n")
    dest = release.build_source("computational_graphs", tmp_path)
    cells = _policy_cells(dest / "computational_graphs.ipynb")
    assert len(cells) == 1 and "No AI tools." in cells[0].source
