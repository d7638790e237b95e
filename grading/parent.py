"""The trusted PARENT of the grader: cases -> reference outputs -> dispatch -> compare -> result.

``grade(folder)`` grades one work folder (a released assignment folder filled in by a student:
``cs231n_lib/`` with the student's modules, the notebooks):

1. the assignment from the notebooks in the folder (``grading/assignments.py``), its graded
   functions and their hidden cases (``grading/manifest.py``, ``grading/cases/``);
2. the expected outputs, computed here with the *reference* ``cs231n_lib`` of this checkout
   through the same drivers the child uses (``grading/child.py``);
3. a private copy of the student's package in a workspace of the parent's
   (``grading/workspace.py``: regular files only), and the rubric checked on that copy's source
   (``grading/rubric.py``);
4. the child started in the sandbox and driven by :class:`grading.dispatch.Dispatch`: one
   request at a time over the channel (``grading/protocol.py``): import a module, run one case,
   one bounded reply per request before a deadline; a child that hangs, crashes, uses too much
   memory or breaks the protocol is killed, and a fresh child carries on with the next function;
5. each reply compared with the expected outputs by the one rule (:func:`compare`, which calls
   ``cs231n_lib/comparison.py``: type, dtype, shape, values) and explained
   (``grading/feedback.py``); partial credit per function is proportional to the cases passed.

The parent never reads a file the child could have written: the child has no writable place but
its own tmpfs, and only the frames on the channel come back.
"""
import hashlib
import os
import sys
import threading
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np

from . import acceptors
from . import cases as C
from . import child as drivers
from . import manifest as M
from . import protocol, rubric, sandbox
from .assignments import ASSIGNMENTS
from .dispatch import LEGACY_SEED, Dispatch, GraderFailure  # noqa: F401  (grading.parent.LEGACY_SEED, .GraderFailure)
from .feedback import feedback_text, name_misconceptions
from .files import folder_digest
from .limits import Limits
from .workspace import Workspace, private_copy
from .results import RESULT_VERSION, FunctionGrade, SubmissionResult  # noqa: F401  (grading.parent.RESULT_VERSION)
from .sandbox_mode import SandboxMode, refuse_unless_usable
from .sandbox_mode import resolve as resolve_sandbox

REPO = Path(__file__).resolve().parents[1]
_EXPECTED = OrderedDict()        # (path, draw) -> [(case, expected)], the most recent last
_EXPECTED_MAX = 512              # entries kept: about ten submissions of the largest assignment
_EXPECTED_LOCK = threading.Lock()

# --------------------------------------------------------------------------- reference side

def reference_import(name: str):
    """Import a module of the *reference* ``cs231n_lib`` (this checkout's), refusing any other."""
    import importlib

    if str(REPO) not in sys.path[:1]:
        sys.path.insert(0, str(REPO))
    mod = importlib.import_module(name)
    root = Path(sys.modules["cs231n_lib"].__file__).resolve().parent
    if root != REPO / "cs231n_lib":
        raise RuntimeError(
            f"the reference cs231n_lib must come from {REPO / 'cs231n_lib'}, but {root} was imported first "
            "(run the grader from outside a student's folder, e.g. python -I -m grading ...)")
    return mod


def reference_outputs(entry, draw: int = None) -> list:
    """``[(case, expected outputs dict)]`` for one manifest entry, its cases drawn with ``draw``
    (:func:`submission_draw`; None: the fixed cases). Cached per (entry, draw) in this process,
    the least recently used dropped beyond ``_EXPECTED_MAX``. An output whose docstring leaves a
    choice free carries every right answer (``grading/acceptors.py``)."""
    key = (entry.path, draw)
    with _EXPECTED_LOCK:
        if key in _EXPECTED:
            _EXPECTED.move_to_end(key)
            return _EXPECTED[key]
    from .misconceptions.base import REFERENCE_LOCK

    with REFERENCE_LOCK:    # never while another thread has a wrong version installed in the reference
        value = [(case, acceptors.with_alternatives(
                    entry.path, case.inputs, drivers.run_case(entry.path, entry.driver, entry.spec, case.inputs,
                                                              reference_import)))
                 for case in C.cases_for(entry, draw)]
    with _EXPECTED_LOCK:
        value = _EXPECTED.setdefault(key, value)
        while len(_EXPECTED) > _EXPECTED_MAX:
            _EXPECTED.popitem(last=False)
    return value


def submission_draw(lib, assignment: str, student: str = None) -> int:
    """The draw of a submission's hidden inputs: a 128-bit integer from the student's id, the
    assignment and the content of its package ``lib`` (the private copy's ``cs231n_lib``: every
    regular file's path and bytes, ``__pycache__`` left out). The same submission always gets the
    same inputs; a changed one gets new ones, so expected values shown in a feedback are of no use
    on the next try. Without a student id (self-study ``grade FOLDER``) the content alone counts."""
    h = hashlib.sha256(b"cs231n-kit hidden inputs\0")
    for part in (student or "", assignment or "", folder_digest(lib, skip_parts=("__pycache__",))):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return int.from_bytes(h.digest()[:16], "big")


def warm_reference(assignment: str = None) -> None:
    """Import the reference modules of ``assignment`` (all if None) once, e.g. before forking
    workers (the hidden inputs are drawn per submission, so their outputs cannot be precomputed)."""
    for g in (M.for_assignment(assignment) if assignment else M.MANIFEST):
        reference_import("cs231n_lib." + g.module)


# --------------------------------------------------------------------------- the work folder

def detect_assignment(folder) -> str:
    """The assignment of a work folder: from its notebooks, else from its module files."""
    folder = Path(folder)
    names = {p.name for p in folder.glob("*.ipynb")}
    hits = [a for a, info in ASSIGNMENTS.items() if names & set(info["notebooks"])]
    if len(hits) == 1:
        return hits[0]
    lib = folder / "cs231n_lib"
    scores = {a: sum((lib / m).exists() for m in M.student_modules(a)) for a in ASSIGNMENTS if M.for_assignment(a)}
    best = max(scores.values(), default=0)
    cands = [a for a, s in scores.items() if s == best and s > 0]
    if len(cands) == 1:
        return cands[0]
    raise ValueError(
        f"cannot tell which assignment {folder} is: expected one of the notebooks "
        + "; ".join(f"{a}: {', '.join(i['notebooks'])}" for a, i in ASSIGNMENTS.items())
        + ". Pass --assignment NAME.")


# --------------------------------------------------------------------------- comparison

def _show(v):
    if isinstance(v, protocol.Opaque):
        return f"an object of type {v.type_name}"
    if isinstance(v, np.ndarray) and v.ndim:
        return f"array {v.shape} {v.dtype}"
    if not isinstance(v, (bool, np.bool_)) and isinstance(v, (int, float, np.number, np.ndarray)):
        return f"{type(v).__name__} {float(v):.8g}"
    return f"{type(v).__name__} {v!r}"[:80]


def compare(got, expected, tol: float, atol: float) -> tuple:
    """``(ok, message)``: the one rule (:func:`cs231n_lib.comparison.compare`: type, dtype, shape,
    finiteness, then values), worded for the grader's feedback. A reply's ndarray subclass
    (:class:`protocol.Subclassed`) is compared by its plain data; an object that is not data
    (:class:`protocol.Opaque`) is of no kind the reference returns. An output with other right
    answers (:class:`grading.acceptors.OneOf`: kNN's choice among equally far neighbours) is
    also accepted as any of them."""
    if isinstance(got, protocol.Subclassed):
        got = got.array
    r = reference_import("cs231n_lib.comparison").compare(got, expected, tol, atol)
    if not r.ok and acceptors.accepts(got, expected):
        return True, "one of the answers a valid choice among equally far neighbours gives"
    return r.ok, _grader_message(r, got, expected, tol)


def _grader_message(r, got, expected, tol):
    """The grader's wording of a comparison (the notebook's is ``r.message``)."""
    if r.step == "None":
        return "got None: did the function return its result?"
    if r.step == "kind":
        return f"type: got {_show(got)}, expected {_show(expected)}"
    g, e = r.got, r.expected
    if r.step == "integers":
        if r.ok:
            return "equal"
        at = np.unravel_index(int(r.entries[0]), e.shape)
        return (f"{len(r.entries)} of {e.size} entries differ; first at {[int(i) for i in at]}: "
                f"got {g[at] if g.ndim else g}, expected {e[at] if e.ndim else e}")
    if r.step == "finite":
        if not g.ndim:
            return f"got {float(g)}, expected the finite value {float(e):.8g}"
        at = np.unravel_index(int(r.entries[0]), g.shape)
        return (f"{len(r.entries)} of {g.size} entries are NaN or inf (first at {[int(i) for i in at]}), "
                "expected finite values")
    if r.step == "values":
        rel = r.rel
        at = np.unravel_index(int(np.argmax(rel)) if rel.size else 0, rel.shape) if rel.ndim else ()
        where = f" at {list(int(i) for i in at)}" if rel.ndim else ""
        return (f"largest relative error {float(rel.max()) if rel.size else 0.0:.2e}{where} "
                f"(got {float(g[at]) if g.size else 0.0:.8g}, expected {float(e[at]) if e.size else 0.0:.8g}; "
                f"tolerance {tol:.0e})")
    return r.message    # bool, other, dtype, shape: the same words in a check cell


# --------------------------------------------------------------------------- one submission

def grade(folder, paths: list = None, assignment: str = None, limits: Limits = None,
          sandbox_mode: SandboxMode = SandboxMode.REQUIRED, student: str = None) -> dict:
    """Grade one work folder. ``sandbox_mode`` (:class:`grading.sandbox_mode.SandboxMode`):
    ``REQUIRED`` or ``CONTAINER`` refuse to run without their sandbox
    (:class:`sandbox.SandboxUnavailable`), ``PREFER`` runs unsandboxed when it cannot start and
    says so in the result, ``OFF`` never sandboxes. ``student``: the student's id, mixed into the
    draw of the hidden inputs with the submission's content (:func:`submission_draw`; None:
    content only). Returns the result dict."""
    folder = Path(folder).absolute()
    limits = limits or Limits()
    state = resolve_sandbox(sandbox_mode)
    refuse_unless_usable(state, sandbox_mode)
    assignment, entries = _entries(folder, paths, assignment)
    t0 = time.time()
    results = {g.path: FunctionGrade(max_points=float(g.points), cases=len(C.cases_for(g))) for g in entries}
    notes = [] if state.ok else [f"UNSANDBOXED: {state.detail}; the student's code ran with this user's rights"]
    with Workspace() as ws:
        present = _take_private_copy(folder, ws, entries, results, notes)
        draw = submission_draw(ws.submission / "cs231n_lib", assignment, student)
        expected = {g.path: reference_outputs(g, draw) for g in entries}    # before any child starts
        for g in entries:
            if g.rubric and g.path in present:
                results[g.path].rubric = rubric.check((ws.submission / "cs231n_lib" / g.module_file).read_text(
                    encoding="utf-8", errors="replace"), g.path, g.rubric)
        runnable = [g for g in entries if g.path in present]
        if runnable:
            Dispatch(ws, limits, state.backend, results, notes,
                     lambda g: expected[g.path], compare).run(runnable)
    for g in entries:
        _score(g, results[g.path], notes)
    return SubmissionResult(
        assignment=assignment, folder=str(folder), functions=results, notes=notes, sandbox=state.as_dict(),
        seconds=round(time.time() - t0, 2), total=round(sum(results[g.path].points for g in entries), 4),
        max_total=float(sum(g.points for g in entries))).to_dict()


def _entries(folder, paths, assignment):
    """``(assignment, manifest entries)`` to grade: ``paths`` (all of the assignment's if None)."""
    if assignment is None and paths:
        owners = {M.by_path()[p].assignment for p in paths if p in M.by_path()}
        assignment = owners.pop() if len(owners) == 1 else None
    if assignment is None:
        assignment = detect_assignment(folder)
    entries = M.for_assignment(assignment)
    if paths:
        known = M.by_path()
        unknown = [p for p in paths if p not in known]
        if unknown:
            raise KeyError(f"not in the grading manifest: {', '.join(unknown)}")
        entries = [known[p] for p in paths]
    return assignment, entries


def _score(g, r, notes):
    """Points (partial credit by the cases passed; 0 with a rubric problem or a protocol
    violation), the misconceptions named, and the feedback of one function."""
    earned = float(g.points) * r.passed / r.cases if r.cases else 0.0
    r.points = 0.0 if r.rubric or r.violation else round(earned, 4)
    if r.passed < r.cases and not r.violation:
        try:
            r.set_findings(name_misconceptions(g, r.observed, reference_import))
        except Exception as exc:  # noqa: BLE001  (feedback must never break grading; recorded in the notes)
            notes.append(f"naming the mistakes of {g.path} failed: {type(exc).__name__}: {exc}")
    r.feedback = feedback_text(g.path, r)


def _take_private_copy(folder, ws, entries, results, notes):
    """Copy the submission's package into the workspace; the paths whose module arrived."""
    lib = folder / "cs231n_lib"
    if not os.path.lexists(lib):
        for g in entries:
            results[g.path].fail_all(f"no cs231n_lib folder in {folder}: is this a released assignment folder?")
        return set()
    try:
        copied, refused = private_copy(lib, ws.submission / "cs231n_lib")
    except OSError as exc:
        for g in entries:
            results[g.path].fail_all(f"cs231n_lib could not be taken: {exc}")
        return set()
    why = dict(refused)
    for rel, reason in refused:
        notes.append(f"refused cs231n_lib/{rel}: {reason}")
    present = set()
    for g in entries:
        if g.module_file in copied:
            present.add(g.path)
        elif g.module_file in why:
            results[g.path].fail_all(f"cs231n_lib/{g.module_file} was refused: {why[g.module_file]}")
        else:
            results[g.path].fail_all(f"module file cs231n_lib/{g.module_file} is missing from the submission")
    return present
