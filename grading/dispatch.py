"""Dispatch: the parent drives the grading child through the cases, one request at a time.

:class:`Dispatch` starts the child in the sandbox (``grading/sandbox.py``), sends one request at
a time over the channel (``grading/protocol.py``): import a module, run one case. It reads exactly
one bounded reply per request (:func:`reply_cap`) before a deadline that runs from the dispatch;
bytes the child sends on its own are a protocol violation that costs the function all its points.
A child that hangs, crashes or uses too much memory is killed (:func:`signal_text` says why); the
function loses that case and the rest of its cases, and a fresh child carries on. Each reply is
compared with the reference outputs the parent computed (``grading/parent.py``) and explained
(``grading/feedback.py``); what happened is recorded in the functions' results.
"""
import os
import secrets
import signal
import time

import numpy as np

from . import child as child_drivers
from . import protocol, sandbox
from .feedback import diagnose, mutation_message
from .limits import EXIT_SEND_SECONDS, EXTRA_BYTES_SECONDS, READY_FRAME_CAP
from .results import Failure

# numpy's legacy global generator is seeded with this before every case, in the child and when the
# misconceptions are run, so that code sampling with np.random (not the seeded rng) is reproducible
LEGACY_SEED = 2310999


def mutated_inputs(g, case, reported) -> list:
    """The inputs of ``case`` that the child reports changed by the graded function ``g``:
    ``reported`` is the reply's ``inputs_after`` (``{input name: digest}``, grading/child.py).
    Only names of inputs the parent sent, and not declared changeable (``g.may_change``), are
    looked at, against the digest of the parent's own copy. Anything malformed is no claim: a
    child that lies can only make itself lose points, never gain any."""
    if not isinstance(reported, dict):
        return []
    changed = []
    for name, claimed in list(reported.items())[:64]:
        if not isinstance(name, str) or not isinstance(claimed, str) or name in g.may_change:
            continue
        try:
            sent = child_drivers._nest(case.inputs, name)
        except KeyError:
            continue
        if child_drivers.digest(sent) != claimed:
            changed.append(name)
    return sorted(changed)


def not_implemented_message(g, function) -> str:
    """The failure of a case that raised NotImplementedError: which function raised it (the
    child's innermost frame in the student's package, ``name (cs231n_lib/file.py)``), when it
    is another function than the graded one (e.g. a layer the network calls)."""
    name = function.split(" ", 1)[0] if isinstance(function, str) and function else ""
    if not name or name == g.dotted.name:
        return "not implemented yet (the stub raises NotImplementedError)"
    return (f"not implemented yet: {function[:200]}, which this function calls, still raises "
            f"NotImplementedError; write {name} first (your {g.dotted.name} itself may be right)")


class GraderFailure(RuntimeError):
    """The grader itself could not grade (not the student's doing): retried later, never a zero."""


def reply_cap(expected: dict) -> int:
    """The largest reply accepted for a case: generous room around the expected outputs' size
    (a wrong shape or dtype is an answer; gigabytes are not)."""
    nbytes = sum(np.asarray(v).nbytes for v in expected.values() if isinstance(v, (np.ndarray, np.generic)))
    return 16 * nbytes + (256 << 10)


def signal_text(code: int) -> str:
    """What an exit status of the child means, in words."""
    if code is None:
        return "it was stopped"
    sig = -code if code < 0 else (code - 128 if code > 128 else None)
    if sig:
        names = {signal.SIGKILL: "killed (SIGKILL): out of memory, or stopped by the grader",
                 signal.SIGXCPU: "stopped at the CPU time limit (SIGXCPU): an infinite loop?",
                 signal.SIGXFSZ: "stopped for writing a file larger than allowed (SIGXFSZ)",
                 signal.SIGSEGV: "crashed (segmentation fault)"}
        return names.get(sig, f"killed by signal {sig}")
    return f"the process exited with code {code} (os._exit or sys.exit outside a function?)"


class _OutOfBudget(Exception):
    """The submission has used all of ``Limits.grade_seconds``: nothing more of it runs."""


class _Ambiguous(Exception):
    """Something went wrong in a child that more than one function's code had run in: the
    suspects are regraded, each alone in a fresh child, before anyone is blamed."""

    def __init__(self, suspects, what="a protocol violation or crash"):
        super().__init__()
        self.suspects, self.what = suspects, what


class Dispatch:
    """Drive one child (restarted after a crash) through the cases of the runnable entries.

    Functions share a child while all goes well. A protocol violation, or a crash, in a child
    in which several functions' code has run cannot be pinned on the one that was running (a
    thread left behind by an earlier function writes whenever it likes), so those functions
    are regraded, each alone in a fresh child, and only what happens there counts. A function
    that runs out of time after others ran in its child may have been slowed by what they left
    running (a thread spinning), so it is graded again alone too; only the time it takes there
    counts.

    ``expected_of(entry)`` gives ``[(case, reference outputs)]`` and ``compare(got, expected, tol,
    atol)`` gives ``(ok, message)``: the parent's (``grading/parent.py``), which holds the
    reference outputs."""

    def __init__(self, ws, limits, sandboxed, results, notes, expected_of, compare):
        self.ws, self.limits, self.sandboxed = ws, limits, sandboxed
        self.results, self.notes = results, notes
        self.expected_of, self.compare = expected_of, compare
        self.child = None
        self.imported = {}          # modules imported by the current child
        self.broken = {}            # module -> why it cannot be imported (in any child)
        self.ran = set()            # paths of the entries whose code has run in the current child
        self.alone = False          # True while one suspect is regraded in a child of its own
        self.output_dropped = 0
        self.case_id = None
        self.budget_end = time.monotonic() + limits.grade_seconds   # however the grade goes, it ends by then

    # ---- the child

    def _start(self):
        for attempt in range(3):
            child = sandbox.start(self.ws, self.limits, self.sandboxed)
            try:
                header, _ = protocol.unpack(child.receive(time.monotonic() + self.limits.start_timeout, READY_FRAME_CAP))
            except Exception as exc:  # noqa: BLE001  (nothing of the student's has run yet)
                header = {"type": "failed", "error": f"{type(exc).__name__}: {exc}"}
            if header.get("type") == "ready":
                self.child, self.imported, self.ran = child, {}, set()
                return
            child.kill()
            detail = header.get("problems") or header.get("error") or header
            tail = child.output_text().strip()[-400:]
        raise GraderFailure(f"the grading child failed to start three times ({detail}). {tail}")

    def _stop(self, kill=True):
        if self.child is None:
            return
        if kill:
            self.child.kill()
        else:
            try:
                self.child.send(protocol.pack({"type": "exit"}), time.monotonic() + EXIT_SEND_SECONDS)
            except (sandbox.ChildTimeout, sandbox.ChildEnded):
                pass
            if self._extra_bytes(wait=EXTRA_BYTES_SECONDS):
                self._blame("it sent bytes after its last reply")
            self.child.kill()
        self.output_dropped += self.child.output_dropped
        self.child = None

    def _extra_bytes(self, wait=0.0):
        """Did the child send anything nobody asked for? (EOF is not a byte.)"""
        if self.child is None or not self.child.pending(wait):
            return False
        try:
            return bool(os.read(self.child.reply_fd, 1))
        except OSError:
            return False

    def _blame(self, violation=None):
        """A protocol violation (``violation``: what was seen) or a crash (None) in the current
        child. The suspects are the functions whose code ran in it: with one, or while one is
        regraded alone, a violation is that function's (a crash is recorded by the caller);
        with several, they are regraded alone (:class:`_Ambiguous`)."""
        if self.alone or len(self.ran) <= 1:
            for path in self.ran if violation else ():
                self._violation(path, violation)
            return
        self._stop()
        raise _Ambiguous(set(self.ran))

    def _out_of_time(self, g):
        """A timeout of ``g``: its own, unless other functions' code ran in this child first; then
        ``g`` is graded again alone (:class:`_Ambiguous`)."""
        if not self.alone and self.ran - {g.path}:
            self._stop()
            raise _Ambiguous({g.path}, "a timeout")

    # ---- one request

    def request(self, g, header: dict, values: dict, timeout: float, cap: int) -> tuple:
        """``("ok", header, values)`` or ``("crash" | "timeout" | "violation", message, None)``."""
        if time.monotonic() >= self.budget_end:
            self._stop()
            raise _OutOfBudget()
        if self.child is None:
            self._start()
        if self._extra_bytes():
            self._blame("it sent a reply nobody asked for")
            self._stop()
            self._start()
        self.ran.add(g.path)
        deadline = min(time.monotonic() + timeout, self.budget_end)
        child = self.child
        try:
            child.send(protocol.pack(header, values), deadline)
            payload = child.receive(deadline, cap, self.limits.memory_bytes)
        except sandbox.ChildTimeout:
            self._stop()
            if deadline >= self.budget_end:
                raise _OutOfBudget() from None
            return "timeout", None, None
        except sandbox.ChildOverMemory as exc:
            self._stop()
            return "crash", (f"used {exc.args[0] / 2**30:.2f} GB of memory, more than the "
                             f"{self.limits.memory_bytes / 2**30:g} GB allowed, and was stopped"), None
        except sandbox.ChildEnded:
            code = child.exit_code()
            self._stop()
            return "crash", signal_text(code), None
        except protocol.ProtocolError as exc:
            self._stop()
            return "violation", str(exc), None
        try:
            reply, out = protocol.unpack(payload)
        except protocol.ProtocolError as exc:
            self._stop()
            return "violation", f"a reply that could not be decoded ({exc})", None
        return "ok", reply, out

    def _violation(self, path, what):
        r = self.results[path]
        if not r.violation:
            r.violation = True
            r.failures.insert(0, Failure(None, (
                f"protocol violation: {what}. Only the grader may write to its channel, one reply per case; "
                "this function scores 0")))

    # ---- the run

    def run(self, entries: list) -> None:
        queue = list(entries)
        try:
            while True:
                try:
                    while queue:
                        self._grade(queue[0])
                        queue.pop(0)
                    self._stop(kill=False)
                    break
                except _Ambiguous as suspicion:
                    self._regrade_alone([g for g in entries if g.path in suspicion.suspects], suspicion.what)
                    queue = [g for g in queue if g.path not in suspicion.suspects]
        except _OutOfBudget:
            self._out_of_budget(entries)
        finally:
            if self.child is not None:
                self._stop()
        if self.output_dropped:
            self.notes.append(f"the student's code printed {self.output_dropped:,} bytes more than the "
                              f"{sandbox.OUTPUT_KEPT:,} kept per run; they were discarded")

    def _out_of_budget(self, entries):
        """Every case not judged yet fails with the reason; the grade ends."""
        seconds = self.limits.grade_seconds
        self.notes.append(f"the grade stopped after {seconds:g} s, the most one submission may take; the cases not "
                          "run by then score 0 (slow code, infinite loops, or crashes that forced regrading)")
        for g in entries:
            r = self.results[g.path]
            done = {f.case for f in r.failures} | {c.label for c, _, _ in r.observed}
            for case, _ in self.expected_of(g):
                if case.label not in done:
                    self._record(g, case, f"not run: the whole grade may take {seconds:g} s and that time was used up")

    def _grade(self, g):
        if not self._import(g):
            return
        for ci, (case, expected) in enumerate(self.expected_of(g)):
            if not self._case(g, case, expected):
                for later, _ in self.expected_of(g)[ci + 1:]:
                    self._record(g, later, "not run: an earlier case of this function crashed, timed out "
                                           "or broke the protocol")
                break

    def _regrade_alone(self, suspects, what):
        """Grade each suspect again from scratch in a child of its own; only that counts."""
        self.notes.append(f"{what} happened in a child that several functions had run in; "
                          + ", ".join(g.path for g in suspects) + (" was" if len(suspects) == 1 else " were")
                          + " regraded alone")
        self._stop()
        self.alone = True
        try:
            for g in suspects:
                r = self.results[g.path]
                r.passed, r.failures, r.observed, r.violation = 0, [], [], False
                self._grade(g)
                self._stop(kill=False)
        finally:
            self.alone = False

    def _import(self, g):
        """Import g's module in the current child (once per child); False if it cannot be."""
        module = g.module
        if module not in self.broken and not (self.child is not None and module in self.imported):
            status, reply, _ = self.request(g, {"type": "import", "module": module}, None,
                                            self.limits.import_timeout, READY_FRAME_CAP)
            name = f"cs231n_lib.{module}"
            if status == "timeout":
                self._out_of_time(g)
                self.broken[module] = (f"importing {name} took longer than {self.limits.import_timeout:g} s and was "
                                       "stopped (an infinite loop at import?)")
            elif status == "crash":
                self._blame()
                self.broken[module] = f"importing {name} (or a module it imports): {reply}"
            elif status == "violation":
                self._blame(reply)
                self.broken[module] = f"importing {name} (or a module it imports): {reply}"
            elif reply.get("type") != "imported":
                self._stop()
                self._blame("a reply that does not answer the import it was sent")
                self.broken[module] = f"importing {name}: protocol violation"
            elif not reply.get("ok"):
                where = f" ({reply['where']})" if reply.get("where") else ""
                self.broken[module] = (f"importing {name} raised {reply.get('error_type', 'Error')}: "
                                       f"{reply.get('error', '')}{where}")
            else:
                self.imported[module] = True
        if module in self.broken:
            for case, _ in self.expected_of(g):
                self._record(g, case, self.broken[module])
            return False
        return True

    def _case(self, g, case, expected):
        """Run one case; False when the child had to be stopped (the rest of g is not run)."""
        self.case_id = secrets.randbits(62)   # unguessable: no reply can be written ahead for a later case
        header = {"type": "case", "id": self.case_id, "path": g.path, "driver": g.driver, "spec": g.spec,
                  "legacy_seed": LEGACY_SEED}
        status, reply, out = self.request(g, header, case.inputs, self.limits.case_timeout, reply_cap(expected))
        if status == "timeout":
            self._out_of_time(g)
            self._record(g, case, f"this case took longer than {self.limits.case_timeout:g} s and was stopped (an infinite loop?)")
            return False
        if status == "crash":
            self._blame()
            self._record(g, case, reply)
            return False
        if status == "violation":
            self._blame(reply)
            self._record(g, case, f"protocol violation: {reply}")
            return False
        if reply.get("type") != "result" or reply.get("id") != self.case_id:
            self._stop()
            self._blame("a reply that does not answer the case it was sent")
            return False
        try:
            self._judge(g, case, expected, reply, out)
        except Exception as exc:  # noqa: BLE001  (a reply the comparison cannot handle costs this case only)
            self._record(g, case, f"the grader could not compare this result ({type(exc).__name__}: {str(exc)[:200]}); "
                                  "return the arrays and numbers the docstring asks for. If you do, tell your "
                                  "instructor: this is the grader's fault")
        return True

    def _record(self, g, case, message, hint=None):
        self.results[g.path].failures.append(Failure(case.label, message, hint))

    def _judge(self, g, case, expected, reply, got):
        if not reply.get("ok"):
            where = f" ({reply['where']})" if reply.get("where") else ""
            etype = str(reply.get("error_type", "Error"))
            message = f"raised {etype}: {reply.get('error', '')}{where}"
            if etype == "NotImplementedError":
                message = not_implemented_message(g, reply.get("function"))
            elif etype == "MemoryError":
                message = f"ran out of memory (MemoryError){where}: the limit is {self.limits.memory_bytes / 2**30:g} GB"
            from .misconceptions import Raised

            self.results[g.path].observed.append((case, expected, Raised(etype)))
            self._record(g, case, message)
            return
        self.results[g.path].observed.append((case, expected, got))
        problems = []
        changed = mutated_inputs(g, case, reply.get("inputs_after"))
        if changed:
            problems.append((mutation_message(g.path, changed), None))
        for name, e in expected.items():
            if name not in got:
                problems.append((f"{name}: missing from the result", None))
                continue
            ok, msg = self.compare(got[name], e, case.tolerance(name), case.abs_tolerance(name))
            if not ok:
                problems.append((f"{name}: {msg}", diagnose(g.path, name, got[name], e, case)))
        if not problems:
            self.results[g.path].passed += 1
            return
        self._record(g, case, "; ".join(p[0] for p in problems), next((p[1] for p in problems if p[1]), None))
