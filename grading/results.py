"""The result of grading: one graded function (:class:`FunctionGrade`) and one submission
(:class:`SubmissionResult`), serialized in one place.

``SubmissionResult.to_dict()`` is the JSON result of ``python -m grading grade --json`` and of
:func:`grading.parent.grade` (``grade-all`` stores it per submission, the LMS exports read it);
``from_dict()`` reads one back. Only what a reader needs is serialized: per function its points,
cases and feedback and the misconceptions named; the failures, the observed outcomes and the
findings serve the feedback while grading.
"""
from dataclasses import dataclass, field, replace

RESULT_VERSION = 2           # the layout of the result dict (grade-all checks it when resuming)


@dataclass(frozen=True)
class Failure:
    """One failed case of a function (``case`` None: not one case's, e.g. a missing module)."""
    case: str = None
    message: str = ""
    hint: str = None

    def without_hint(self) -> "Failure":
        return replace(self, hint=None)


def finding_dict(finding) -> dict:
    """The JSON of one :class:`grading.feedback.Finding`: the mistakes named and their outputs."""
    return {"mistakes": list(finding.mistakes), "outputs": list(finding.outputs),
            "names": [m.name for m in finding.misconceptions],
            "conventions": [m.convention for m in finding.misconceptions if m.convention]}


@dataclass
class FunctionGrade:
    """The grade of one graded function.

    Serialized (:meth:`to_dict`): points, max_points, passed (cases), cases, feedback, and the
    misconceptions named (``named``: dicts, see :func:`finding_dict`). While grading only:
    failures (:class:`Failure`), rubric problems, observed ``(case, expected, outcome)``,
    findings (:class:`grading.feedback.Finding`), and whether it broke the protocol."""
    max_points: float = 0.0
    cases: int = 0
    points: float = 0.0
    passed: int = 0
    feedback: str = ""
    failures: list = field(default_factory=list)
    rubric: list = field(default_factory=list)
    observed: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    violation: bool = False
    named: list = field(default_factory=list)

    def fail_all(self, message: str) -> None:
        """Nothing of this function could run: one failure says why."""
        self.failures = [Failure(None, message)]
        self.passed = 0

    def set_findings(self, findings: list) -> None:
        self.findings = list(findings)
        self.named = [finding_dict(f) for f in findings]

    def to_dict(self) -> dict:
        return {"points": self.points, "max_points": self.max_points, "passed": self.passed, "cases": self.cases,
                "feedback": self.feedback, "misconceptions": [dict(m) for m in self.named]}

    @classmethod
    def from_dict(cls, data: dict) -> "FunctionGrade":
        """From its JSON; ``passed`` and ``cases`` stay None when they are missing."""
        return cls(max_points=data.get("max_points", 0.0), cases=data.get("cases"),
                   points=data.get("points", 0.0), passed=data.get("passed"),
                   feedback=data.get("feedback", ""), named=list(data.get("misconceptions", [])))


_KEYS = ("version", "assignment", "folder", "total", "max_total", "functions", "notes", "sandbox", "seconds")


@dataclass
class SubmissionResult:
    """The grade of one submission: its functions by dotted path, notes, how it was sandboxed.
    ``extra``: keys a caller added to the JSON (``id``, ``error``, ...), kept as they are."""
    assignment: str
    folder: str
    functions: dict = field(default_factory=dict)     # dotted path -> FunctionGrade
    notes: list = field(default_factory=list)
    sandbox: dict = field(default_factory=dict)
    seconds: float = 0.0
    total: float = None
    max_total: float = None
    version: int = RESULT_VERSION
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The JSON dict, keys in this order (what ``grade`` has always returned)."""
        return {"version": self.version, "assignment": self.assignment, "folder": self.folder,
                "total": self.total, "max_total": self.max_total,
                "functions": {p: f.to_dict() for p, f in self.functions.items()},
                "notes": list(self.notes), "sandbox": self.sandbox, "seconds": self.seconds, **self.extra}

    @classmethod
    def from_dict(cls, data: dict) -> "SubmissionResult":
        return cls(assignment=data.get("assignment"), folder=data.get("folder"),
                   functions={p: FunctionGrade.from_dict(f) for p, f in (data.get("functions") or {}).items()},
                   notes=list(data.get("notes") or []), sandbox=data.get("sandbox") or {},
                   seconds=data.get("seconds", 0.0), total=data.get("total"), max_total=data.get("max_total"),
                   version=data.get("version", RESULT_VERSION),
                   extra={k: v for k, v in data.items() if k not in _KEYS})
