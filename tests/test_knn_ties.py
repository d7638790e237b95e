"""Issue 16: which of several training points at exactly the same distance enters the k nearest
is arbitrary, so the grader accepts every y_pred that some valid choice of the k nearest gives
(the vote's own tie rule, the smaller label among equally frequent ones, stays graded).

The acceptor is trusted-side (``grading/acceptors.py``, the allowed labels from
``grading/cases/k_nearest_neighbor.py``), used by the parent's compare and by the misconception
matcher's ``accepted`` (one rule)."""
import json
from collections import Counter

import numpy as np
import pytest

from grading import acceptors
from grading import cases as C
from grading import manifest as M
from grading import misconceptions as MC
from grading import parent
from grading.cases.k_nearest_neighbor import knn_vote_choices
from tests.test_grader import FAST, make_submission, replace_region

LABELS = "classifiers.k_nearest_neighbor.KNearestNeighbor.predict_labels"


def _vote(labels):
    return int(np.argmax(np.bincount(labels)))


def reversed_ties(dists, y_train, k):
    """Equally far points in reversed training order (an unstable sort may give any order)."""
    return np.array([_vote(y_train[np.lexsort((-np.arange(len(row)), row))[:k]]) for row in dists], dtype=np.int64)


def heapsort(dists, y_train, k):
    return np.array([_vote(y_train[np.argsort(row, kind="heapsort")[:k]]) for row in dists], dtype=np.int64)


def counter_vote(dists, y_train, k):
    return np.array([Counter(y_train[np.argsort(row, kind="stable")[:k]].tolist()).most_common(1)[0][0]
                     for row in dists], dtype=np.int64)


def one_too_many(dists, y_train, k):
    return np.array([_vote(y_train[np.argsort(row, kind="stable")[:k + 1]]) for row in dists], dtype=np.int64)


def farthest(dists, y_train, k):
    return np.array([_vote(y_train[np.argsort(row, kind="stable")[::-1][:k]]) for row in dists], dtype=np.int64)


def _hidden(draw):
    return parent.reference_outputs(M.by_path()[LABELS], draw)


def _verdicts(fn, draw):
    out = []
    for case, expected in _hidden(draw):
        i = case.inputs
        got = fn(i["dists"], i["y_train"], i["k"])
        ok, _ = parent.compare(got, expected["y_pred"], case.tolerance("y_pred"), case.abs_tolerance("y_pred"))
        assert ok == MC.accepted(got, expected["y_pred"], case.tolerance("y_pred"), case.abs_tolerance("y_pred"))
        out.append(ok)
    return out


# --------------------------------------------------------------------------- the allowed labels

def test_the_allowed_labels_are_every_vote_of_a_valid_choice():
    y = np.array([3, 0, 3, 1, 1, 1, 2, 0])
    d = np.array([[1.0, 1.0, 1.0, 2.0, 1.0, 2.0, 2.0, 1.0]])
    # k = 3 among five points at distance 1 (labels 3, 0, 3, 1, 0): two 3s, two 0s, or one each
    assert knn_vote_choices(d, y, 3) == [frozenset({0, 3})]
    # k = 5: exactly the five at distance 1, whatever the order: 3 and 0 twice each -> 0
    assert knn_vote_choices(d, y, 5) == [frozenset({0})]
    # no tie at the k-th distance: one answer, the reference's
    assert knn_vote_choices(np.array([[0.3, 0.1, 0.2]]), np.array([2, 1, 0]), 2) == [frozenset({0})]


def test_the_hidden_cases_still_have_ties_at_the_kth_distance():
    # the acceptor is not vacuous: some hidden case lets a valid choice change the vote
    assert any(len(a) > 1 for case, e in _hidden(None) for a in e["y_pred"].allowed)


@pytest.mark.parametrize("draw", [None, 7, 2**100 + 3])
def test_any_order_among_equal_distances_gets_full_marks(draw):
    assert all(_verdicts(reversed_ties, draw))
    assert all(_verdicts(heapsort, draw))


@pytest.mark.parametrize("draw", [None, 7])
@pytest.mark.parametrize("wrong", [counter_vote, one_too_many, farthest])
def test_a_wrong_vote_rule_or_neighbour_set_still_loses(wrong, draw):
    assert not all(_verdicts(wrong, draw))


def test_a_wrong_label_among_ties_is_refused():
    case, expected = _hidden(None)[0]
    e = expected["y_pred"]
    got = np.array([max(a) + 1 for a in e.allowed], dtype=np.int64)
    assert not parent.compare(got, e, 1e-7, 1e-7)[0]
    assert not parent.compare(e.astype(np.float64), e, 1e-7, 1e-7)[0]      # dtype still counts
    assert acceptors.accepts(np.asarray(e).copy(), e)


def test_the_unstable_misconceptions_are_gone():
    flags = set(MC.by_flag(LABELS))
    assert "unstable_argsort" not in flags
    assert {"counter_vote", "farthest_neighbours"} <= flags


# --------------------------------------------------------------------------- through the grader

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    bodies = {
        "reversed": "order = np.lexsort((-np.arange(dists.shape[1]), dists[i]))\n"
                    "closest_y = self.y_train[order[:k]]\ny_pred[i] = np.argmax(np.bincount(closest_y))",
        "counter": "from collections import Counter\n"
                   "closest_y = self.y_train[np.argsort(dists[i], kind='stable')[:k]]\n"
                   "y_pred[i] = Counter(closest_y.tolist()).most_common(1)[0][0]",
        "classic": "from collections import Counter\n"
                   "closest_y = [self.y_train[j] for j in np.argsort(dists[i])[:k]]\n"
                   "y_pred[i] = Counter(closest_y).most_common(1)[0][0]",
        "k_plus_1": "closest_y = self.y_train[np.argsort(dists[i], kind='stable')[:k + 1]]\n"
                    "y_pred[i] = np.argmax(np.bincount(closest_y))",
    }
    out = {}
    root = tmp_path_factory.mktemp("ties")
    for name, body in bodies.items():
        edit = {"classifiers/k_nearest_neighbor.py": lambda t, b=body: replace_region(t, "predict_labels", b)}
        folder = make_submission(root, name, edits=edit)
        out[name] = parent.grade(folder, paths=[LABELS], limits=FAST)["functions"][LABELS]
    return out


def test_an_unstable_sort_gets_full_marks_through_the_grader(graded):
    r = graded["reversed"]
    assert r["points"] == r["max_points"], r["feedback"]


def test_the_counter_vote_still_loses_and_is_named(graded):
    r = graded["counter"]
    assert r["points"] < r["max_points"]
    assert "Counter.most_common" in r["feedback"], r["feedback"]


def test_one_neighbour_too_many_still_loses(graded):
    r = graded["k_plus_1"]
    assert r["points"] < r["max_points"], r["feedback"]


# --------------------------------------------------------------------------- the public check agrees

TIE_Y = np.array([3, 0, 3, 1, 1, 1, 2, 0])
TIE_D = np.array([[1.0, 1.0, 1.0, 2.0, 1.0, 2.0, 2.0, 1.0]])
TIE_INPUTS = {"X_train": np.zeros((8, 1)), "y_train": TIE_Y, "dists": TIE_D, "k": 3}


@pytest.fixture(scope="module")
def tie_fingerprints(tmp_path_factory):
    """The notebook's tie example (k = 3) in a fingerprint file whose entry carries the allowed
    labels (what ``grading/fingerprints.py`` must write: ``acceptors.allowed_lists``)."""
    from cs231n_lib import checks
    from grading import fingerprints as F

    folder = tmp_path_factory.mktemp("tie_fingerprints")
    key = checks.input_key(LABELS, TIE_INPUTS)
    record = F.Record(LABELS, key, "ties, k = 3", "knn.ipynb", 1e-7, 1e-7, checks.input_bytes(TIE_INPUTS),
                      dict(TIE_INPUTS), {"y_pred": np.array([3], dtype=np.int64)})
    table, arrays = F.build("linear_classifiers", [record], log=lambda *a: None)
    table["checks"][key]["allowed"] = acceptors.allowed_lists(LABELS, TIE_INPUTS)
    F.write("linear_classifiers", table, arrays, [record], folder=folder)
    return F.files("linear_classifiers", folder)[0]


def _public_check(got, monkeypatch, fingerprint_file):
    from cs231n_lib import checks
    from tests.test_checks import _run

    monkeypatch.setenv(checks.FINGERPRINTS_ENV, str(fingerprint_file))
    return _run(checks.check_outputs, LABELS, TIE_INPUTS, got={"y_pred": got},
                expected={"y_pred": np.array([3], dtype=np.int64)}, title="ties, k = 3")


def test_the_public_check_accepts_every_valid_choice_as_the_grader_does(monkeypatch, tie_fingerprints):
    got = reversed_ties(TIE_D, TIE_Y, 3)          # points 7, 4, 2: labels 0, 1, 3 -> 0
    assert got.tolist() == [0]
    text, error = _public_check(got, monkeypatch, tie_fingerprints)
    assert error is None and "valid choice among equally far neighbours" in text, text
    e = acceptors.OneOf(np.array([3], dtype=np.int64), knn_vote_choices(TIE_D, TIE_Y, 3))
    assert parent.compare(got, e, 1e-7, 1e-7)[0]
    for label in range(5):                        # the same verdict on every label
        g = np.array([label], dtype=np.int64)
        check_ok = _public_check(g, monkeypatch, tie_fingerprints)[1] is None
        assert check_ok == parent.compare(g, e, 1e-7, 1e-7)[0] == (label in (0, 3)), label


def test_without_allowed_labels_on_file_the_check_stays_exact(monkeypatch, fingerprint_file_without_allowed):
    _, error = _public_check(np.array([0], dtype=np.int64), monkeypatch, fingerprint_file_without_allowed)
    assert error is not None


@pytest.fixture(scope="module")
def fingerprint_file_without_allowed(tmp_path_factory):
    from cs231n_lib import checks
    from grading import fingerprints as F

    folder = tmp_path_factory.mktemp("no_allowed")
    record = F.Record(LABELS, checks.input_key(LABELS, TIE_INPUTS), "ties, k = 3", "knn.ipynb", 1e-7, 1e-7,
                      checks.input_bytes(TIE_INPUTS), dict(TIE_INPUTS), {"y_pred": np.array([3], dtype=np.int64)})
    table, arrays = F.build("linear_classifiers", [record], log=lambda *a: None)
    del table["checks"][record.key]["allowed"]     # as a file built before the allowed labels were written
    F.write("linear_classifiers", table, arrays, [record], folder=folder)
    return F.files("linear_classifiers", folder)[0]


def test_the_classic_default_argsort_with_counter_is_named_by_its_vote_rule(graded):
    # the variants are replayed in numpy's default order among ties too: the Counter's tie rule is
    # named whatever order the student's sort leaves equally far neighbours in
    r = graded["classic"]
    assert r["points"] < r["max_points"]
    assert [f["mistakes"] for f in r["misconceptions"]] == [["counter_vote"]], r["feedback"]
    assert "unstable" not in r["feedback"], r["feedback"]


# --------------------------------------------------------------------------- what the build writes

def test_the_build_writes_the_allowed_labels_and_no_valid_answer_as_a_mistake():
    """``python -m grading fingerprints`` stores the allowed labels with a tie check's entry, and
    never stores as a mistake's outputs an answer that some valid choice gives (the check would
    name a mistake for a right answer)."""
    from cs231n_lib import checks
    from grading import fingerprints as F

    key = checks.input_key(LABELS, TIE_INPUTS)
    record = F.Record(LABELS, key, "ties, k = 3", "knn.ipynb", 1e-7, 1e-7, checks.input_bytes(TIE_INPUTS),
                      dict(TIE_INPUTS), {"y_pred": np.array([3], dtype=np.int64)})
    table, arrays = F.build("linear_classifiers", [record], log=lambda *a: None)
    entry = table["checks"][key]
    assert entry["allowed"] == {"y_pred": [[0, 3]]}
    allowed = knn_vote_choices(TIE_D, TIE_Y, 3)
    for variant in entry["variants"]:
        if "outputs" in variant and "y_pred" in variant["outputs"]:
            ref = variant["outputs"]["y_pred"]
            stored = arrays[ref] if isinstance(ref, str) and ref in arrays else ref
            assert not checks.among_allowed(np.asarray(stored), np.array([3]), allowed), variant["mistakes"]


def test_the_committed_tie_checks_carry_their_allowed_labels():
    """Every committed public check of predict_labels whose k-th distance is tied has its allowed
    labels on file (so the notebook accepts what the grader accepts)."""
    from grading import fingerprints as F

    records = [r for r in F.load_committed_records("linear_classifiers") if r.path == LABELS]
    table = json.loads(F.files("linear_classifiers")[0].read_text())
    tied = [r for r in records if any(len(a) > 1 for a in knn_vote_choices(r.inputs["dists"], r.inputs["y_train"],
                                                                          r.inputs["k"]))]
    assert tied, "the notebook has a check with ties at the k-th distance"
    for r in tied:
        assert "allowed" in table["checks"][r.key], r.title
