"""Issue 16, item 4: on the whole corpus (tests/student_code), no feedback claim names an output
that passed. The corpus is graded once per session, with tests/test_feedback_corpus.py (the
``graded_corpus`` fixture, tests/corpus_grading.py), keeping each function's grade so that every
output's verdict on every case is at hand; the verdicts are recomputed here with the grader's
comparison (grading.parent.compare), not taken from feedback."""
from collections import defaultdict

import pytest

from grading import parent
from grading.misconceptions import Raised

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required")]


@pytest.fixture(scope="module")
def grades(graded_corpus):
    """``[(sample, FunctionGrade)]`` for every sample of the corpus."""
    return graded_corpus.grades


def _wrong_outputs(r) -> set:
    wrong = defaultdict(bool)
    for case, expected, got in r.observed:
        for name, e in expected.items():   # a case that raised passed no output
            ok = (not isinstance(got, Raised) and name in got
                  and parent.compare(got[name], e, case.tolerance(name), case.abs_tolerance(name))[0])
            wrong[name] |= not ok
    return {n for n, w in wrong.items() if w}, set(wrong)


def test_no_claim_names_an_output_that_passed(grades):
    problems = []
    for s, r in grades:
        wrong, names = _wrong_outputs(r)
        passed = names - wrong
        for f in r.findings:
            about = (set(f.outputs) | set(f.claims)) & names
            if about & passed:
                problems.append(f"{s.id}: {f.mistakes} talks about {sorted(about & passed)}, which passed:\n"
                                f"{r.feedback[:500]}")
        for line in r.feedback.splitlines():
            if "likely cause:" in line and ": " in line.split("likely cause:", 1)[1]:
                head = line.split("likely cause:", 1)[1].strip().split(": ", 1)[0]
                if any(n.strip() in passed for n in head.split(",")):
                    problems.append(f"{s.id}: {line.strip()}")
    assert not problems, "\n".join(problems)
