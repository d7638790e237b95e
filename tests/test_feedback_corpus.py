"""The corpus of plausible student code (tests/student_code), graded by the real grader in the
sandbox: every bug caught, its cause named exactly and nothing claimed that the sample does not
do, no right answer failed, conventions named as such, inputs changed in place caught.

Measures (printed): wrong samples caught; named exactly (the sample's flags are among the
likely causes, and no claim is false); false claims (a likely cause naming a mistake the sample
does not commit); false fails; conventions named as conventions; samples that only change an
input in place (``MUTATES``) caught.

The corpus is graded once per session (the ``graded_corpus`` fixture, tests/corpus_grading.py),
with tests/test_feedback_claims_corpus.py.
"""
from collections import Counter

import pytest

from tests.corpus_grading import SAMPLES, batches  # noqa: F401  (batches: tests/equivalence_snapshot.py)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required")]


@pytest.fixture(scope="module")
def graded(graded_corpus):
    """sample id -> the function's entry in the grader's result."""
    return graded_corpus.results


def _named(r):
    return [frozenset(f["mistakes"]) for f in r["misconceptions"]]


def false_claims(sample, r):
    """The likely causes in grade ``r`` that name a mistake ``sample`` does not commit."""
    return [sorted(n) for n in _named(r) if not n <= frozenset(sample.flags)]


def test_false_claims_are_counted():
    """The count can fail: a claim of another flag, or of a pair with one flag too many, is false."""
    from types import SimpleNamespace

    sample = SimpleNamespace(flags=("a", "b"))
    assert false_claims(sample, {"misconceptions": [{"mistakes": ["a", "b"]}, {"mistakes": ["a"]}]}) == []
    assert false_claims(sample, {"misconceptions": [{"mistakes": ["a", "c"]}]}) == [["a", "c"]]
    assert false_claims(SimpleNamespace(flags=()), {"misconceptions": [{"mistakes": ["a"]}]}) == [["a"]]


def test_corpus_measures(graded, capsys):
    totals = Counter()
    problems = []
    for s in SAMPLES:
        r = graded[s.id]
        if s.mutates:
            totals["in place"] += 1
            totals["in place caught"] += r["points"] < r["max_points"]
            continue
        if s.correct:
            totals["correct"] += 1
            if r["points"] != r["max_points"] or r["misconceptions"] or "likely cause" in r["feedback"]:
                totals["false fails"] += 1
                problems.append(f"false fail {s.id}: {r['feedback'][:300]}")
            continue
        totals["wrong"] += 1
        if r["points"] < r["max_points"]:
            totals["caught"] += 1
        else:
            problems.append(f"not caught {s.id}")
        false = false_claims(s, r)
        totals["false claims"] += bool(false)
        named = frozenset(s.flags) in _named(r) and not false
        totals["named"] += named
        if not named:
            problems.append(f"not named exactly {s.id} (expect {s.flags}, named {_named(r)}, false claims {false}):"
                            f"\n{r['feedback'][:600]}")
        conventions = [f for f in r["misconceptions"] if frozenset(f["mistakes"]) == frozenset(s.flags) and f["conventions"]]
        from grading.misconceptions import by_flag
        if any(f in by_flag(s.path) and by_flag(s.path)[f].convention for f in s.flags):
            totals["conventions"] += 1
            totals["conventions named"] += bool(conventions)
    with capsys.disabled():
        print(f"\ncorpus through the grader: {totals['wrong']} wrong samples, {totals['caught']} caught, "
              f"{totals['named']} with the cause named exactly, {totals['false claims']} with a false claim; "
              f"{totals['correct']} correct, {totals['false fails']} false fails; "
              f"{totals['conventions named']}/{totals['conventions']} conventions named as conventions; "
              f"{totals['in place caught']}/{totals['in place']} inputs changed in place caught")
    assert totals["caught"] == totals["wrong"], problems
    assert totals["false fails"] == 0, problems
    assert totals["named"] == totals["wrong"], problems          # every cause named exactly (183/183 when set)
    assert totals["false claims"] == 0, problems
    assert totals["conventions named"] == totals["conventions"], problems


def test_inputs_changed_in_place_are_caught(graded):
    mutating = [s for s in SAMPLES if s.mutates]
    assert mutating
    for s in mutating:
        r = graded[s.id]
        assert r["points"] < r["max_points"], f"{s.id} changes {s.mutates} in place and gets full points"
        for name in s.mutates:
            assert name in r["feedback"], (s.id, r["feedback"])


def test_named_mistakes_appear_in_the_feedback_text(graded):
    from grading.misconceptions import by_flag

    for s in SAMPLES:
        if s.correct:
            continue
        r = graded[s.id]
        if frozenset(s.flags) in _named(r):
            for flag in s.flags:
                assert by_flag(s.path)[flag].name in r["feedback"], (s.id, r["feedback"])
