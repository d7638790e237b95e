"""The corpus of plausible student code (tests/student_code), graded by the real grader in the
sandbox: every bug caught, its cause named exactly and nothing claimed that the sample does not
do, no right answer failed, conventions named as such, inputs changed in place caught.

Measures (printed): wrong samples caught; named exactly (the sample's flags are among the
likely causes, and no claim is false); false claims (a likely cause naming a mistake the sample
does not commit); false fails; conventions named as conventions; samples that only change an
input in place (``MUTATES``) caught.

Samples are transplanted into copies of the reference (the student's other functions are right),
several at a time:
one sample per function, and never a layer's forward with its backward (the backward is graded on
the student's own forward), a constructor with its method, a network with a layer, or the hue with
the colour histogram (which calls the student's rgb_to_hue).
"""
import re
from collections import Counter, defaultdict

import pytest

from grading import manifest as M
from grading import parent
from tests.student_code import load_all, make_submission, transplant

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required")]

SAMPLES = load_all()


def _group(path):
    """Samples sharing a group never share a submission."""
    if path.startswith("layers."):
        return re.sub(r"_(forward|backward)$", "", path)
    if path.startswith("graph.gates."):
        return path.rsplit(".", 1)[0]
    if ".fc_net." in path or ".linear_classifier." in path:
        return path.rsplit(".", 2)[0]
    if path in ("features.rgb_to_hue", "features.color_histogram"):
        return "features.hue"  # color_histogram calls the student's rgb_to_hue
    return path


def _conflict(a, b):
    """May samples of paths a and b not share a submission? Same group, or a network and a
    layer (the network is built from the student's layers)."""
    ga, gb = _group(a), _group(b)
    nets = {g.startswith("classifiers.fc_net") for g in (ga, gb)}
    layers = {g.startswith("layers.") for g in (ga, gb)}
    return ga == gb or (nets == {True, False} and layers == {True, False})


def batches():
    """[(assignment, [samples])]: greedy, no two conflicting samples in a batch."""
    out = defaultdict(list)   # assignment -> list of batches (lists)
    for s in SAMPLES:
        assignment = M.by_path()[s.path].assignment
        for batch in out[assignment]:
            if not any(_conflict(o.path, s.path) for o in batch):
                batch.append(s)
                break
        else:
            out[assignment].append([s])
    return [(a, b) for a, bs in out.items() for b in bs]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    results = {}
    for i, (assignment, batch) in enumerate(batches()):
        folder = make_submission(root / f"b{i}", assignment, base="reference")
        for s in batch:
            transplant(s, folder)
        r = parent.grade(folder, paths=[s.path for s in batch], assignment=assignment)
        for s in batch:
            results[s.id] = r["functions"][s.path]
    return results


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
    assert totals["named"] >= 0.97 * totals["wrong"], problems
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
