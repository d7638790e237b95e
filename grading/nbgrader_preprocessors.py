"""nbgrader preprocessors of the kit: module scores from outside the notebook, feedback
without hidden tests.

Why. nbgrader scores an autograder-test cell from what the cell produced in the notebook's
kernel (an error gives 0, a number output gives partial credit). Student code runs in that
same kernel, so a notebook cell could fake a pass. The kit therefore runs that kernel in the
sandbox (``grading/kernel_sandbox.py``: it sees that submission and the Python environment,
nothing else) and treats whatever the kernel says about module functions as nothing:

* :class:`IsolatedGrades` runs in the nbgrader process after ``SaveAutoGrades``. For every
  autograder-test cell of the notebook whose hidden block calls
  ``score("dotted.path", ...)`` — read from the instructor's copy of the cell stored in the
  gradebook, not from the submitted notebook, so an edited or deleted test cell changes
  nothing — it grades the student's modules *as submitted* (``submitted/<student>/<assignment>``,
  not what the kernel left in ``autograded/``) with the kit's grader (``grading/parent.py``:
  student code runs in the sandboxed child, the trusted parent compares with the reference)
  and writes that score to the gradebook. It also appends the grader's verdict to the cell's
  output so the instructor and the student see where the score came from. Without a working
  sandbox it stops (the cell is flagged for manual grading) unless
  ``c.KitSandbox.allow_unsandboxed = True``.
* :class:`HideHiddenTests` runs in ``generate_feedback``: it removes hidden test regions
  from every cell and scrubs every output (tracebacks included) of hidden-test lines and of
  frames from the ``grading`` package.
"""
import os
import re
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor, ClearMetadataPreprocessor
from nbformat.notebooknode import NotebookNode
from traitlets import List, Unicode

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import (
    AssignLatePenalties, CheckCellMetadata, GetGrades, IgnorePattern, LimitOutput,
    NbGraderPreprocessor, SaveAutoGrades)

from grading.kernel_sandbox import KitSandbox
from grading.nbgrader_memory import MemoryBoundExecute
from grading.nbgrader_outputs import BoundOutput, FeedbackPreprocessor, SanitizeStudentHTML
from grading.release import hidden_score_paths
from grading.results import SubmissionResult
from grading.sandbox_mode import SandboxMode

REPO = Path(__file__).resolve().parent.parent

HIDDEN_BEGIN = "BEGIN HIDDEN TESTS"
HIDDEN_END = "END HIDDEN TESTS"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Anything that betrays the hidden tests or the grader, wherever it appears.
FORBIDDEN = ("HIDDEN TESTS", "grading.hidden", "grading/hidden", "from grading",
             "import grading", "grading" + os.sep + "hidden")


def _split_hidden(source: str) -> tuple:
    """``(lines outside, lines strictly inside)`` the hidden test region(s) of a cell source
    (the marker lines belong to neither)."""
    inside, kept, hidden = False, [], []
    for line in source.split("\n"):
        if HIDDEN_BEGIN in line:
            inside = True
        elif HIDDEN_END in line:
            inside = False
        else:
            (hidden if inside else kept).append(line)
    return kept, hidden


def hidden_lines(source: str):
    """Lines strictly inside the hidden test region(s) of a cell source."""
    return _split_hidden(source)[1]


def strip_hidden_region(source: str) -> str:
    """``source`` without its hidden test regions (markers included)."""
    return "\n".join(_split_hidden(source)[0])


def scored_paths(source: str) -> list:
    """Dotted paths passed to ``score(...)`` inside the hidden region(s) of ``source``."""
    return list(dict.fromkeys(hidden_score_paths("\n".join(hidden_lines(source)))))


# ----------------------------------------------------------------------------- grading

_CACHE = {}


def _fingerprint(folder):
    items = []
    for p in sorted(Path(folder).rglob("*.py")):
        try:
            st = p.lstat()
        except OSError:
            continue
        items.append((str(p), st.st_mtime_ns, st.st_size))
    return hash(tuple(items))


def run_isolated_grader(folder, paths: list, allow_unsandboxed: bool = False, student: str = None) -> dict:
    """Grade ``paths`` of the submission folder ``folder`` with the kit's grader
    (``grading.parent.grade``: the trusted parent runs here, the student's modules run in the
    sandboxed child) and return its result dict ``{"assignment", "total", "max_total",
    "functions": {path: {"points", "max_points", "passed", "cases", "feedback"}}, "sandbox", ...}``.
    Cached per folder content and paths within a process (autograde visits each notebook of a
    submission in turn). ``student``: the nbgrader student id, which draws the hidden inputs with
    the assignment and the content (the same draw as ``grade-all``)."""
    from grading import parent

    folder = str(Path(folder).absolute())
    paths = sorted(set(paths))
    key = (folder, _fingerprint(folder), tuple(paths), allow_unsandboxed, student)
    if key not in _CACHE:
        mode = SandboxMode.PREFER if allow_unsandboxed else SandboxMode.REQUIRED
        _CACHE[key] = parent.grade(folder, paths=paths, sandbox_mode=mode, student=student)
    return _CACHE[key]


def submitted_folder(config, student_id: str, assignment_id: str) -> str:
    """``submitted/<student>/<assignment>/``: the student's modules as submitted (never what the
    notebook kernel left in ``autograded/``)."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    return coursedir.format_path(coursedir.submitted_directory, student_id, assignment_id)


def _assignment_paths(gb, assignment_id):
    """{(notebook, grade_id): (paths, max_score)} for every code test cell of the
    assignment whose instructor copy (in the gradebook) calls score(...)."""
    targets = {}
    assignment = gb.find_assignment(assignment_id)
    for notebook in assignment.notebooks:
        for grade_cell in notebook.grade_cells:
            if grade_cell.cell_type != "code":
                continue
            try:
                source = gb.find_source_cell(grade_cell.name, notebook.name, assignment_id).source
            except MissingEntry:
                continue
            paths = scored_paths(source or "")
            if paths:
                targets[(notebook.name, grade_cell.name)] = (paths, float(grade_cell.max_score))
    return targets


class IsolatedGrades(NbGraderPreprocessor):
    """Re-score the module part of autograder-test cells outside the student kernel.

    Register it after ``SaveAutoGrades`` (and before ``AssignLatePenalties``)."""

    note_title = Unicode("Score of this cell, computed by the isolated grader outside this "
                         "notebook").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        notebook_id, assignment_id, student_id = info["notebook"], info["assignment"], info["student"]
        with Gradebook(info["db_url"]) as gb:
            try:
                everything = _assignment_paths(gb, assignment_id)
            except MissingEntry:
                return nb, resources
        # grade_id -> (paths, max_score) for this notebook; the grader runs once for all
        # the functions of the assignment (cached for the other notebooks).
        targets = {gid: v for (nb_name, gid), v in everything.items() if nb_name == notebook_id}
        if not targets:
            return nb, resources
        all_paths = [p for paths, _ in everything.values() for p in paths]

        error = None
        allow = KitSandbox(config=self.config).allow_unsandboxed
        try:
            result = SubmissionResult.from_dict(
                run_isolated_grader(submitted_folder(self.config, student_id, assignment_id), all_paths, allow,
                                    student=student_id))
            functions = result.functions
            if not result.sandbox.get("ok"):
                self.log.warning("%s/%s graded UNSANDBOXED: %s", student_id, assignment_id,
                                 result.sandbox.get("detail"))
        except Exception as exc:  # the grader itself failed: never guess a score
            error = f"{type(exc).__name__}: {exc}"
            self.log.error("isolated grading of %s/%s failed: %s", student_id, assignment_id, error)
            functions = {}

        notes = {}
        with Gradebook(info["db_url"]) as gb:
            for grade_id, (paths, max_score) in targets.items():
                grade = gb.find_grade(grade_id, notebook_id, assignment_id, student_id)
                lines = []
                if error is not None:
                    grade.auto_score = None
                    grade.needs_manual_grade = True
                    lines.append("The isolated grader could not run; this cell needs a manual "
                                 "grade (see the autograde log).")
                else:
                    got = total = 0.0
                    for path in paths:
                        entry = functions.get(path)
                        if entry is None:
                            self.log.error("isolated grader returned no result for %s", path)
                            lines.append(f"{path}: not graded (unknown to the grading manifest)")
                            total += 1.0
                            continue
                        got += float(entry.points)
                        total += float(entry.max_points)
                        lines.append(f"{path}: {float(entry.points):g} / {float(entry.max_points):g}")
                        feedback = entry.feedback
                        if feedback:   # every function that lost points, partial credit included
                            lines.extend("    " + line for line in str(feedback).splitlines())
                    if abs(total - max_score) > 1e-9 and total > 0:
                        self.log.warning("cell %s has %g points but the manifest gives %g to %s; "
                                         "scaling", grade_id, max_score, total, ", ".join(paths))
                    score = max_score * got / total if total > 0 else 0.0
                    score = min(max(score, 0.0), max_score)
                    kernel = grade.auto_score
                    grade.auto_score = score
                    grade.needs_manual_grade = grade.manual_score is not None
                    self.log.info("%s/%s/%s: cell %s scored %g / %g by the isolated grader "
                                  "(kernel said %s)", student_id, notebook_id, assignment_id,
                                  grade_id, score, max_score, kernel)
                    lines.insert(0, f"{score:g} / {max_score:g} points")
                notes[grade_id] = lines
            gb.db.commit()

        for cell in nb.cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in notes and cell.cell_type == "code":
                text = f"--- {self.note_title} ---\n" + "\n".join(notes[grade_id]) + "\n"
                cell.outputs.append(NotebookNode(output_type="stream", name="stdout", text=text))
        return nb, resources


# ----------------------------------------------------------------------------- feedback

def _plain(line):
    return _ANSI.sub("", line)


def _traceback_code(line):
    """The code part of a traceback context line ('----> 12 x = f()' -> 'x = f()')."""
    return re.sub(r"^\s*(?:-+>)?\s*\d+\s?", "", _plain(line)).strip()


class HideHiddenTests(FeedbackPreprocessor):
    """Remove hidden tests from sources and from every output (feedback)."""

    extra_tokens = List(Unicode(), [], help="More strings that must not appear in "
                                             "feedback").tag(config=True)
    def preprocess(self, nb, resources):
        hidden = set()
        for cell in nb.cells:
            for line in hidden_lines(cell.source):
                if line.strip():
                    hidden.add(line.strip())
        self._hidden = hidden
        self._tokens = tuple(FORBIDDEN) + tuple(self.extra_tokens)
        return super().preprocess(nb, resources)

    def _bad(self, line):
        plain = _plain(line)
        if any(tok in plain for tok in self._tokens):
            return True
        code = _traceback_code(line)
        return bool(code) and code in self._hidden

    def _scrub_text(self, text):
        if isinstance(text, list):
            text = "".join(text)
        return "\n".join(line for line in text.split("\n") if not self._bad(line))

    def _scrub_frame(self, frame):
        plain = _plain(frame)
        if re.search(r"[/\\]grading[/\\]|grading\.hidden", plain):
            return None  # a frame of the grader's own code
        return self._scrub_text(frame)

    def preprocess_cell(self, cell, resources, index):
        if HIDDEN_BEGIN in cell.source:
            cell.source = strip_hidden_region(cell.source)
        if cell.cell_type != "code":
            return cell, resources
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream":
                output.text = self._scrub_text(output.text)
            elif kind == "error":
                frames = [self._scrub_frame(f) for f in output.get("traceback", [])]
                output.traceback = [f for f in frames if f is not None]
                output.evalue = self._scrub_text(output.get("evalue", ""))
                output.ename = self._scrub_text(output.get("ename", ""))
            elif kind in ("execute_result", "display_data"):
                data = output.get("data", {})
                for mime in ("text/plain", "text/html", "text/markdown", "text/latex"):
                    if mime in data:
                        data[mime] = self._scrub_text(data[mime])
        return cell, resources


def autograde_preprocessors():
    """nbgrader's autograde pipeline: the due date of the course schedule first
    (grading/nbgrader_plugins.py), the notebook kernel in the sandbox (MemoryBoundExecute: a notebook
    that runs out of memory is graded as far as it got), and
    :class:`IsolatedGrades` after SaveAutoGrades. Before SaveAutoGrades the outputs are bounded
    and student HTML cleaned (grading/nbgrader_outputs.py): the stored notebook is safe to show."""
    from grading.nbgrader_plugins import ApplyDueDate   # due date from the course config first

    return [ApplyDueDate, MemoryBoundExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
            BoundOutput, SanitizeStudentHTML, SaveAutoGrades, IsolatedGrades, AssignLatePenalties, CheckCellMetadata]


def feedback_preprocessors():
    """nbgrader's feedback pipeline with :class:`HideHiddenTests` first, student HTML cleaned
    (also in notebooks autograded before the kit cleaned them)."""
    return [HideHiddenTests, SanitizeStudentHTML, GetGrades, CSSHTMLHeaderPreprocessor]
