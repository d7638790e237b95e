"""Every limit of a grading run, in one place: the child's resources and every wall clock.

:class:`Limits` is what one grade runs under (``python -m grading grade --timeout S
--grade-timeout S --memory-mb M`` change it). The deadlines of the channel's small messages and
of the sandbox probe are fixed, and named here too, so no time limit is written anywhere else.
"""
from dataclasses import dataclass

STATUS_PROBE_SECONDS = 60.0       # the sandbox probe's child to start and say "ready" (status())
UID_PROBE_SECONDS = 120           # container mode's probe: what a fresh uid can read (uid_sandbox.status())
EXIT_SEND_SECONDS = 2.0           # the child to take its "exit" request
EXTRA_BYTES_SECONDS = 0.2         # bytes the child sends after its last reply are waited for this long
EXIT_CODE_SECONDS = 5.0           # a child that closed its channel to report its exit status
CLOSE_SECONDS = 10                # a killed child to be reaped
DRAIN_SECONDS = 5                 # the thread reading a closed child's output to end
READY_FRAME_CAP = 1 << 16         # bytes of the child's "ready" (or "refused") frame, and of an import's reply


@dataclass
class Limits:
    """Resource limits of one grading child (and of everything it starts)."""

    memory_bytes: int = 2 * 1024**3   # RLIMIT_AS per process, and the watchdog's total
    cpu_seconds: int = 120            # RLIMIT_CPU per process
    file_bytes: int = 16 * 1024**2    # RLIMIT_FSIZE
    processes: int = 32               # RLIMIT_NPROC: processes and threads of the child's uid
    open_files: int = 256             # RLIMIT_NOFILE
    tmp_bytes: int = 64 * 1024**2     # size of the private /tmp (and /dev/shm) tmpfs
    case_timeout: float = 20.0        # wall clock per case, from its dispatch
    import_timeout: float = 20.0      # wall clock to import one student module
    start_timeout: float = 60.0       # wall clock for the child to start (interpreter + numpy)
    grade_seconds: float = 900.0      # wall clock for the whole submission (an honest one takes seconds)

    def rlimits(self) -> dict:
        """The child's ``setrlimit`` values, by short name (set by ``child.py`` before any student code)."""
        return {"as": self.memory_bytes, "cpu": self.cpu_seconds, "fsize": self.file_bytes,
                "nofile": self.open_files, "nproc": self.processes, "core": 0}

    def with_options(self, timeout: float = None, memory_mb: int = None, grade_timeout: float = None) -> "Limits":
        """These limits changed by the command line's ``--timeout`` (each case and import),
        ``--memory-mb`` and ``--grade-timeout`` (None or 0: unchanged)."""
        if timeout:
            self.case_timeout = self.import_timeout = float(timeout)
        if memory_mb:
            self.memory_bytes = int(memory_mb) * 1024 * 1024
        if grade_timeout:
            self.grade_seconds = float(grade_timeout)
        return self


# The isolated grade of a notebook's hidden cell (grading/hidden.py) must outlast one whole
# grade, or it is cut off before the grader's own budget ends: the probe, the budget, a last start.
ISOLATED_GRADE_SECONDS = STATUS_PROBE_SECONDS + Limits.grade_seconds + Limits.start_timeout
