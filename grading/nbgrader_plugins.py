"""nbgrader plugins of the kit: due dates and late penalties, submission times for
``zip_collect``, feedback release for a class collected both ways, an export of the
released assignments only, and quiet restoration of hidden tests.

Each class is named by its dotted path in ``grading/nbgrader_config.py``; each has
settings an instructor can change in the course's ``nbgrader_config.py``:

* :class:`CourseSchedule` holds the due dates (``c.CourseSchedule.due_dates``) and the
  course's time zone; :class:`ApplyDueDate` (first autograde step) and
  ``python -m grading release`` write them to the gradebook, where nbgrader's own lateness
  (``submission timestamp - due date``) reads them.
* :class:`LatePenaltyPerDay` is nbgrader's late-submission plugin with a policy:
  a fraction of each notebook's score per started day late, after a grace period.
* :class:`TimestampedZipCollector` is nbgrader's ``FileNameCollectorPlugin`` that gives
  every zip-collected submission a time: from the archive's name
  (``alice_2026-10-09T23-59-00.zip``) or else from the newest file inside the archive.
* :class:`ReleaseFeedbackExchangeOnly` releases feedback through the exchange to the
  students who submitted through it and names the others (zip-collected: send them their
  HTML yourself) instead of failing for everyone.
* :class:`ReleasedAssignmentsCsvExport` writes one row per student and *released*
  assignment (submitted by someone or released to the exchange), with names, the
  automatic and manual parts of the score, and manual points still to grade.
* :class:`RestoreHiddenTestsQuietly` is nbgrader's ``OverwriteCells`` without the
  "checksum has changed" warning for the one expected change: the release removed the
  hidden tests from a locked test cell, and autograde puts them back.
"""
import datetime
import glob
import math
import os
import re
import zipfile

from dateutil import tz as dateutil_tz
from dateutil.parser import parse as parse_date
from traitlets import Bool, Dict, Float, Unicode
from traitlets.config import LoggingConfigurable

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.plugins import ExportPlugin, FileNameCollectorPlugin, LateSubmissionPlugin
from nbgrader.preprocessors import NbGraderPreprocessor, OverwriteCells


# ----------------------------------------------------------------------------- due dates

def to_utc(when, timezone="UTC"):
    """``when`` (a datetime, or a string dateutil reads: ``2026-10-09 23:59``,
    ``2026-10-09T23:59:00-07:00``) as a naive UTC datetime, the form nbgrader stores.
    A time without a zone is read in ``timezone`` (an IANA name such as
    ``America/Los_Angeles``)."""
    if when is None or when == "":
        return None
    if isinstance(when, str):
        when = parse_date(when)
    if when.tzinfo is None:
        zone = dateutil_tz.gettz(timezone)
        if zone is None:
            raise ValueError(f"unknown time zone {timezone!r} (use an IANA name such as 'Europe/Paris')")
        when = when.replace(tzinfo=zone)
    return when.astimezone(datetime.timezone.utc).replace(tzinfo=None)


class CourseSchedule(LoggingConfigurable):
    """Due dates of the course, set in the course's ``nbgrader_config.py``::

        c.CourseSchedule.timezone = "America/Los_Angeles"
        c.CourseSchedule.due_dates = {"linear_classifiers": "2026-10-09 23:59"}

    An assignment missing here takes the ``"due"`` entry of ``grading/assignments.py``
    if it has one; without either it has no due date and no submission is late."""

    timezone = Unicode("UTC", help="Time zone of due dates and of times without a zone "
                                   "(IANA name)").tag(config=True)
    due_dates = Dict(Unicode(), help="{assignment: due date}, e.g. "
                                     "{'linear_classifiers': '2026-10-09 23:59'}").tag(config=True)

    def due_date(self, assignment):
        """Naive UTC due date of ``assignment``, or None."""
        from grading.assignments import ASSIGNMENTS

        text = self.due_dates.get(assignment) or ASSIGNMENTS.get(assignment, {}).get("due")
        return to_utc(text, self.timezone) if text else None


def apply_due_date(db_url, assignment, schedule, log=None):
    """Write ``schedule``'s due date of ``assignment`` to the gradebook, if the assignment
    is there (generated). Returns the due date (naive UTC) or None."""
    due = schedule.due_date(assignment)
    with Gradebook(db_url) as gb:
        try:
            record = gb.find_assignment(assignment)
        except MissingEntry:
            return due
        if record.duedate != due:
            record.duedate = due
            gb.db.commit()
            if log:
                log.info("due date of %s set to %s UTC", assignment, due)
    return due


class ApplyDueDate(NbGraderPreprocessor):
    """First autograde step: the assignment's due date from :class:`CourseSchedule`
    goes to the gradebook, so a changed due date applies at the next autograde."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        apply_due_date(info["db_url"], info["assignment"], CourseSchedule(parent=self), self.log)
        return nb, resources


class LatePenaltyPerDay(LateSubmissionPlugin):
    """Late policy: ``fraction_per_day`` of each notebook's score per started day late
    (after ``grace_minutes``), at most ``max_fraction``. A submission 1 minute past the
    grace period loses one day's fraction; 24 h and 1 minute late, two."""

    fraction_per_day = Float(0.1, help="Fraction of the score lost per started day "
                                       "late").tag(config=True)
    grace_minutes = Float(0.0, help="Minutes after the due date still counted on "
                                    "time").tag(config=True)
    max_fraction = Float(1.0, help="Largest fraction of the score taken").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        late = total_seconds_late - 60.0 * self.grace_minutes
        if late <= 0 or not score:
            return 0.0
        fraction = min(self.max_fraction, self.fraction_per_day * math.ceil(late / 86400.0))
        self.log.info("%s: %.0f s late, penalty %.0f %% of %g", student_id, total_seconds_late,
                      100 * fraction, score)
        return score * fraction


# ----------------------------------------------------------------------------- zip_collect

# 2026-10-09T23-59-00, 2026-10-09T23:59:00, 20261009T235900, each optionally followed by Z
# or an offset (+0200, +02:00).
TIMESTAMP_IN_NAME = (r"\d{4}-?\d{2}-?\d{2}T\d{2}[-:]?\d{2}[-:]?\d{2}"
                     r"(?:Z|[+-]\d{2}:?\d{2})?")


def parse_name_timestamp(text, timestamp_format="", timezone="UTC"):
    """Datetime (naive UTC) of a timestamp taken from a file name. With
    ``timestamp_format`` (strptime) that format is used; otherwise the forms of
    ``TIMESTAMP_IN_NAME``. A time without a zone is in ``timezone``."""
    if timestamp_format:
        return to_utc(datetime.datetime.strptime(text, timestamp_format), timezone)
    m = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})T(\d{2})[-:]?(\d{2})[-:]?(\d{2})(Z|[+-]\d{2}:?\d{2})?", text)
    if not m:
        raise ValueError(f"{text!r} is not a timestamp like 2026-10-09T23-59-00")
    y, mo, d, h, mi, s, zone = m.groups()
    iso = f"{y}-{mo}-{d}T{h}:{mi}:{s}" + ("+00:00" if zone == "Z" else (zone or ""))
    return to_utc(iso, timezone)


class TimestampedZipCollector(FileNameCollectorPlugin):
    """``FileNameCollectorPlugin`` that always yields a submission time.

    The zip's name may carry it: ``alice.zip`` or ``alice_2026-10-09T23-59-00.zip``
    (``named_regexp``'s ``timestamp`` group, read with ``timestamp_format`` if set, in
    ``CourseSchedule.timezone`` unless it has a zone). Otherwise the time of the newest
    file inside the student's archive is used (the zip format stores it, in the
    student's local time, read in the course time zone). Files copied into the
    archive folder without a zip get the file's modification time. The names are
    the better source: archive times come from the student's clock."""

    timestamp_format = Unicode("", help="strptime format of the timestamp group (empty: "
                                        "2026-10-09T23-59-00 and similar ISO forms)").tag(config=True)
    use_archive_times = Bool(True, help="When the name has no timestamp, take the newest "
                                        "file time inside the archive").tag(config=True)

    def _timezone(self):
        return CourseSchedule(parent=self).timezone

    def _archive_for(self, submitted_file):
        """The archive (or copied file) in ``archive/`` that ``submitted_file`` (under
        ``extracted/<name>/``) came from, or None."""
        m = re.match(r"(.*)[/\\]extracted[/\\]([^/\\]+)", submitted_file)
        if not m:
            return None
        base, name = m.groups()
        candidates = sorted(glob.glob(os.path.join(glob.escape(base), "archive", "**",
                                                   glob.escape(name) + "*"), recursive=True))
        for path in candidates:
            stem = os.path.basename(path)
            for ext in (".tar.gz", ".zip", ".gz", ""):
                if stem == name + ext and os.path.isfile(path):
                    return path
        return None

    def _archive_time(self, submitted_file):
        archive = self._archive_for(submitted_file)
        if archive is None:
            return None
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                times = [datetime.datetime(*info.date_time) for info in zf.infolist()
                         if not info.is_dir()]
            if times:
                return to_utc(max(times), self._timezone()), archive
        stamp = datetime.datetime.fromtimestamp(os.path.getmtime(archive), datetime.timezone.utc)
        return stamp.replace(tzinfo=None), archive

    def collect(self, submitted_file):
        info = super().collect(submitted_file)
        if not info:
            return info
        stamp = info.get("timestamp")
        if stamp:
            info["timestamp"] = parse_name_timestamp(stamp, self.timestamp_format, self._timezone())
        elif self.use_archive_times:
            found = self._archive_time(submitted_file)
            if found:
                info["timestamp"] = found[0]
                self.log.info("%s: submission time %s UTC from the files in %s",
                              info["student_id"], found[0], os.path.basename(found[1]))
        if not info.get("timestamp"):
            info.pop("timestamp", None)
            self.log.warning("%s: no submission time (name without timestamp, archive "
                             "times off); never late", info["student_id"])
        return info


# ----------------------------------------------------------------------------- feedback

class ReleaseFeedbackExchangeOnly(ExchangeReleaseFeedback):
    """``nbgrader release_feedback`` for a class collected through the exchange and
    with ``zip_collect``. A student's feedback goes to the exchange only when their
    submission came through it (nbgrader then left ``submission_secret.txt``, which
    ``fetch_feedback`` needs); the others are listed with the folder to send them."""

    def copy_files(self):
        pattern = self.coursedir.format_path(self.coursedir.feedback_directory,
                                             self.coursedir.student_id or "*",
                                             self.coursedir.assignment_id)
        offline = []
        for folder in sorted(glob.glob(pattern)):
            if not os.path.exists(os.path.join(folder, "submission_secret.txt")):
                offline.append((os.path.basename(os.path.dirname(folder)), folder))
        saved = self.coursedir.student_id_exclude
        excluded = set(filter(None, (saved or "").split(",")))
        for student, folder in offline:
            if student not in excluded:
                self.log.warning("Not releasing feedback for '%s' through the exchange: the "
                                 "submission was collected offline (zip_collect). Send them "
                                 "%s/*.html", student, folder)
        self.coursedir.student_id_exclude = ",".join(sorted(excluded | {s for s, _ in offline}))
        try:
            super().copy_files()
        finally:
            self.coursedir.student_id_exclude = saved


# ----------------------------------------------------------------------------- export

EXPORT_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name",
                  "email", "status", "auto_score", "manual_score", "manual_pending",
                  "late_submission_penalty", "raw_score", "score", "max_score"]


def _manual_cells(assignment):
    """{(notebook, cell name): max points} of the manually graded answers (cells that are
    both solution and grade cells) of a gradebook assignment."""
    manual = {}
    for notebook in assignment.notebooks:
        solutions = {cell.name for cell in notebook.solution_cells}
        for cell in notebook.grade_cells:
            if cell.name in solutions:
                manual[(notebook.name, cell.name)] = float(cell.max_score)
    return manual


def _exchange_outbound(config, course_id):
    root = config.get("Exchange", {}).get("root") if config else None
    if not root or not course_id:
        return set()
    outbound = os.path.join(root, course_id, "outbound")
    return set(os.listdir(outbound)) if os.path.isdir(outbound) else set()


def export_rows(gradebook, assignments=(), students=(), exclude_manual=False, released=None):
    """The export's rows (dicts of :data:`EXPORT_COLUMNS`). An assignment is exported when
    it is listed in ``assignments``, or (none listed) when someone submitted it or it is
    in ``released``. ``exclude_manual`` leaves the manually graded answers out of both
    the score and the maximum."""
    released = set(released or ())
    rows = []
    for assignment in gradebook.assignments:
        if assignments:
            if assignment.name not in assignments:
                continue
        elif not assignment.submissions and assignment.name not in released:
            continue
        manual = _manual_cells(assignment)
        manual_max = sum(manual.values())
        max_score = float(assignment.max_score) - (manual_max if exclude_manual else 0.0)
        for student in gradebook.students:
            if students and student.id not in students:
                continue
            row = dict(assignment=assignment.name, duedate=assignment.duedate or "",
                       student_id=student.id, last_name=student.last_name or "",
                       first_name=student.first_name or "", email=student.email or "",
                       max_score=max_score)
            try:
                submission = gradebook.find_submission(assignment.name, student.id)
            except MissingEntry:
                row.update(timestamp="", status="missing", auto_score=0.0, manual_score=0.0,
                           manual_pending=0.0, late_submission_penalty=0.0, raw_score=0.0, score=0.0)
                rows.append(row)
                continue
            auto = manual_score = pending = 0.0
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    key = (notebook.name, grade.name)
                    if key in manual:
                        if grade.manual_score is None:
                            pending += manual[key]
                        else:
                            manual_score += float(grade.manual_score)
                    else:
                        auto += float(grade.score or 0.0)
            penalty = float(submission.late_submission_penalty or 0.0)
            raw = auto + (0.0 if exclude_manual else manual_score)
            status = "needs manual grading" if pending and not exclude_manual else "graded"
            row.update(timestamp=submission.timestamp or "", status=status, auto_score=auto,
                       manual_score=manual_score, manual_pending=pending,
                       late_submission_penalty=penalty, raw_score=raw,
                       score=max(0.0, raw - penalty))
            rows.append(row)
    return rows


class ReleasedAssignmentsCsvExport(ExportPlugin):
    """``nbgrader export``: one row per student and released assignment.

    Columns: ``assignment, duedate, timestamp, student_id, last_name, first_name, email,
    status, auto_score, manual_score, manual_pending, late_submission_penalty, raw_score,
    score, max_score``. ``status`` is ``missing`` (no submission: 0 points),
    ``needs manual grading`` (``manual_pending`` points of answers not graded yet) or
    ``graded``. ``score = raw_score - late_submission_penalty``. With
    ``--ReleasedAssignmentsCsvExport.exclude_manual=True`` the manually graded answers
    count in neither ``score`` nor ``max_score``."""

    exclude_manual = Bool(False, help="Leave manually graded answers out of score and "
                                      "max_score").tag(config=True)

    def export(self, gradebook):
        import csv

        from grading.outputs import csv_cell   # ids, names, e-mails: text a spreadsheet must not run

        dest = self.to or "grades.csv"
        course_id = self.config.get("CourseDirectory", {}).get("course_id", "")
        rows = export_rows(gradebook, [str(a) for a in self.assignment], [str(s) for s in self.student],
                           self.exclude_manual, _exchange_outbound(self.config, course_id))
        nameless = sorted({r["student_id"] for r in rows if not (r["last_name"] or r["first_name"])})
        if nameless:
            self.log.warning("no name in the gradebook for %s: add them with `nbgrader db student "
                             "import students.csv` (columns id,first_name,last_name,email)",
                             ", ".join(nameless))
        with open(dest, "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: ("" if v is None else round(v, 6) if isinstance(v, float) else csv_cell(v))
                                 for k, v in row.items()})
        self.log.info("exported %d row(s) to %s", len(rows), dest)


# ----------------------------------------------------------------------------- autograde

def without_hidden_tests(source):
    """``source`` as ``nbgrader generate_assignment`` releases it: hidden test regions
    (marker lines included) removed, exactly as ``ClearHiddenTests`` does (one rule:
    :func:`grading.nbgrader_preprocessors.strip_hidden_region`)."""
    from grading.nbgrader_preprocessors import strip_hidden_region

    return strip_hidden_region(source)


class RestoreHiddenTestsQuietly(OverwriteCells):
    """nbgrader's ``OverwriteCells`` (restores every locked cell from the gradebook)
    that stays silent about the change it always finds: a test cell whose released
    source is the instructor's source without its hidden tests. Any other change to a
    locked cell (a student edited or emptied it) is still reported, and every locked
    cell is still restored."""

    def report_change(self, name, attr, old, new):
        if attr == "checksum" and name in getattr(self, "_released_unchanged", ()):
            self.log.debug("cell %s: hidden tests restored", name)
            return
        super().report_change(name, attr, old, new)

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        self._released_unchanged = set()
        if grade_id is not None:
            try:
                source_cell = self.gradebook.find_source_cell(grade_id, self.notebook_id,
                                                              self.assignment_id)
            except MissingEntry:
                source_cell = None
            if source_cell is not None and source_cell.locked:
                if without_hidden_tests(source_cell.source).rstrip() == cell.source.rstrip():
                    self._released_unchanged = {grade_id}
        return super().preprocess_cell(cell, resources, cell_index)


__all__ = ["CourseSchedule", "ApplyDueDate", "LatePenaltyPerDay", "TimestampedZipCollector",
           "ReleaseFeedbackExchangeOnly", "ReleasedAssignmentsCsvExport",
           "RestoreHiddenTestsQuietly", "apply_due_date", "export_rows", "to_utc",
           "parse_name_timestamp"]
