"""Hidden inputs drawn per submission (issue 15, item 6).

Each hidden case's random draws come from a seed derived from the student, the assignment and
the submission's content (``grading.parent.submission_draw``), so the expected values a
feedback shows are worthless on the next try: a hostile student who hard-codes them into a stub
never raises its score. The same submission always gets the same inputs (and grade); two students
with the same code get different inputs and the same score; the misconception matcher re-runs the
inputs the submission was graded on; every generator keeps its structure (ties, zero margins,
edge shapes) for any draw."""
from pathlib import Path

import numpy as np
import pytest

from grading import cases as C, manifest as M, parent as grader

from .test_grader import FAST, make_submission, replace_region
from .test_misconceptions import _margins

STEP, L1 = "optimization.step_decay", "optimization.l1_regularization"


def _draw(folder, student, assignment="linear_classifiers"):
    """The draw the grader uses for this submission (None before per-submission inputs existed)."""
    fn = getattr(grader, "submission_draw", None)
    return None if fn is None else fn(folder / "cs231n_lib", assignment, student)


def _shown(path, draw):
    """What the feedback of a submission graded with ``draw`` can show: every case's inputs and
    expected outputs (a hostile student learns at most this much from one grading)."""
    entry = M.by_path()[path]
    return grader.reference_outputs(entry) if draw is None else grader.reference_outputs(entry, draw)


def _key_step(inputs):
    return repr((round(float(inputs["learning_rate"]), 10), int(inputs["epoch"]), round(float(inputs["drop"]), 10),
                 int(inputs["epochs_per_drop"])))


def _key_l1(W, reg):
    W = np.asarray(W, dtype=float)
    return repr((W.shape, round(float(W.flat[0]), 8), round(float(reg), 10)))


def _hostile_source(text, step_table, l1_table):
    """optimization.py whose step_decay and l1_regularization look their answers up in tables
    copied from earlier feedback (0 when the inputs are new)."""
    text = replace_region(text, "step_decay", f"""
TABLE = {step_table!r}
key = repr((round(float(learning_rate), 10), int(epoch), round(float(drop), 10), int(epochs_per_drop)))
return TABLE.get(key, 0.0)""")
    return replace_region(text, "l1_regularization", f"""
TABLE = {l1_table!r}
W = np.asarray(W, dtype=float)
key = repr((W.shape, round(float(W.flat[0]), 8), round(float(reg), 10)))
loss, dW = TABLE.get(key, (0.0, np.zeros(W.shape).tolist()))
return float(loss), np.array(dW, dtype=float).reshape(W.shape)""")


def test_feedback_values_copied_back_never_raise_a_stubs_score(tmp_path):
    step_table, l1_table = {}, {}
    scores = []
    for attempt in range(3):
        folder = make_submission(tmp_path, f"try{attempt}", edits={
            "optimization.py": lambda t: _hostile_source(t, step_table, l1_table)})
        r = grader.grade(folder, paths=[STEP, L1], limits=FAST, student="mallory")
        scores.append({p: f["points"] for p, f in r["functions"].items()})
        draw = _draw(folder, "mallory")
        for case, expected in _shown(STEP, draw):
            step_table[_key_step(case.inputs)] = float(expected["lr"])
        for case, expected in _shown(L1, draw):
            l1_table[_key_l1(case.inputs["W"], case.inputs["reg"])] = (float(expected["loss"]), expected["dW"].tolist())
    assert scores[0][STEP] == 0.0 and scores[0][L1] < 0.5, scores   # l1: zeros pass the reg=0 case only
    for later in scores[1:]:
        assert later == scores[0], f"copying the feedback's expected values back raised the score: {scores}"


def test_regrading_one_submission_twice_gives_identical_results(tmp_path):
    folder = make_submission(tmp_path, "alice", edits={"classifiers/softmax.py": lambda t: t.replace(
        "dW += 2 * reg * W", "pass", 1)})
    a = grader.grade(folder, paths=[STEP, "classifiers.softmax.softmax_loss_naive"], limits=FAST, student="alice")
    b = grader.grade(folder, paths=[STEP, "classifiers.softmax.softmax_loss_naive"], limits=FAST, student="alice")
    a.pop("seconds"), b.pop("seconds")
    assert a == b
    draw = _draw(folder, "alice")
    assert draw == _draw(folder, "alice") and draw is not None
    for (ca, ea), (cb, eb) in zip(_shown(STEP, draw), _shown(STEP, _draw(folder, "alice"))):
        assert ca.inputs == cb.inputs and ea == eb


def test_same_code_two_students_different_inputs_same_score(tmp_path):
    wrong = {"classifiers/softmax.py": lambda t: t.replace("dW += 2 * reg * W", "pass", 1)}
    paths = ["classifiers.softmax.softmax_loss_naive", STEP]
    alice = make_submission(tmp_path, "alice", edits=wrong)
    bob = make_submission(tmp_path, "bob", edits=wrong)
    ra = grader.grade(alice, paths=paths, limits=FAST, student="alice")
    rb = grader.grade(bob, paths=paths, limits=FAST, student="bob")
    da, db = _draw(alice, "alice"), _draw(bob, "bob")
    assert da is not None and da != db
    soft = M.by_path()[paths[0]]
    xa = [c.inputs["X"] for c, _ in grader.reference_outputs(soft, da)]
    xb = [c.inputs["X"] for c, _ in grader.reference_outputs(soft, db)]
    assert not any(np.array_equal(a, b) for a, b in zip(xa, xb))
    for p in paths:
        fa, fb = ra["functions"][p], rb["functions"][p]
        assert (fa["points"], fa["passed"]) == (fb["points"], fb["passed"]), p
    # the misconception matcher re-ran each student's own inputs: both are named
    assert ra["functions"][paths[0]]["misconceptions"][0]["mistakes"] == ["reg_grad_missing"], ra["functions"][paths[0]]
    assert rb["functions"][paths[0]]["misconceptions"][0]["mistakes"] == ["reg_grad_missing"], rb["functions"][paths[0]]
    # the content counts: one character more and alice gets new inputs; no student id: content only
    (alice / "cs231n_lib" / "optimization.py").write_text((alice / "cs231n_lib" / "optimization.py").read_text() + "\n")
    assert _draw(alice, "alice") != da
    assert grader.submission_draw(bob / "cs231n_lib", "linear_classifiers", None) == \
        grader.submission_draw(bob / "cs231n_lib", "linear_classifiers", "")


# --------------------------------------------------------------------------- every generator, any draw

DRAWS = [1, 2, 3, 2**127 + 12345, 987654321987654321]


@pytest.mark.parametrize("draw", DRAWS)
def test_every_generator_keeps_its_structure_for_any_draw(draw):
    for g in M.MANIFEST:
        base, drawn = g.cases(), C.cases_for(g, draw)
        assert len(base) == len(drawn) and len({c.label for c in drawn}) == len(drawn), g.path
        for cb, cd in zip(base, drawn):
            assert cb.inputs.keys() == cd.inputs.keys(), (g.path, cb.label)
            for k, vb in cb.inputs.items():
                vd = cd.inputs[k]
                if isinstance(vb, np.ndarray):
                    assert isinstance(vd, np.ndarray) and vd.shape == vb.shape and vd.dtype == vb.dtype, (g.path, k)
                else:
                    assert type(vb) is type(vd), (g.path, cb.label, k)
        again = C.cases_for(g, draw)
        for ca, cb in zip(drawn, again):
            for k in ca.inputs:
                assert np.array_equal(ca.inputs[k], cb.inputs[k]) if isinstance(ca.inputs[k], np.ndarray) \
                    else ca.inputs[k] == cb.inputs[k]
        for case, expected in grader.reference_outputs(g, draw):     # the reference runs on every draw
            for name, value in expected.items():
                if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                    assert np.all(np.isfinite(value)), (g.path, case.label, name)


@pytest.mark.parametrize("draw", DRAWS)
def test_drawn_cases_keep_their_edge_properties(draw):
    by = {g.path: g for g in M.MANIFEST}
    svm = C.cases_for(by["classifiers.linear_svm.svm_loss_naive"], draw)
    integer = [c for c in svm if "margins of exactly 0" in c.label][0]
    W, X, y = (integer.inputs[k] for k in ("W", "X", "y"))
    scores = X @ W
    assert np.sum(_margins(scores, y) == 0) >= 3
    assert np.sum(scores == scores[np.arange(len(y)), y][:, None]) - len(y) >= 1
    layer = [c for c in C.cases_for(by["layers.svm_loss"], draw) if "margins of exactly 0" in c.label][0]
    assert np.sum(_margins(layer.inputs["x"], layer.inputs["y"]) == 0) >= 1
    knn = C.cases_for(by["classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_no_loops"], draw)
    near = next(c for c in knn if "float data" in c.label)
    Xn, T = near.inputs["X"], near.inputs["X_train"]
    sq = (-2.0 * Xn) @ T.T
    sq += np.sum(Xn * Xn, axis=1)[:, None]
    sq += np.sum(T * T, axis=1)[None, :]
    assert np.sum(sq < 0) >= 1
    labels = C.cases_for(by["classifiers.k_nearest_neighbor.KNearestNeighbor.predict_labels"], draw)
    many = next(c for c in labels if "many equal distances" in c.label)
    d, yl, k = many.inputs["dists"], many.inputs["y_train"], many.inputs["k"]
    stable = [np.argmax(np.bincount(yl[np.argsort(row, kind="stable")[:k]])) for row in d]
    heap = [np.argmax(np.bincount(yl[np.argsort(row, kind="heapsort")[:k]])) for row in d]
    assert stable != heap
    for c in C.cases_for(by[STEP], draw):
        i = c.inputs
        n = i["epoch"] // i["epochs_per_drop"]
        if "epoch 0" in c.label:
            assert i["epoch"] == 0
        if "the last epoch before the first drop" in c.label:
            assert i["epoch"] == i["epochs_per_drop"] - 1 and i["epochs_per_drop"] > 1
        if "exactly at the first drop" in c.label:
            assert i["epoch"] == i["epochs_per_drop"]
        if "three drops" in c.label:
            assert n == 3
        if "a drop every epoch" in c.label:
            assert i["epochs_per_drop"] == 1
        if c.label.endswith("drop=1: constant"):
            assert i["drop"] == 1.0
        if "one drop, not two" in c.label:
            assert n == 1 and i["epoch"] % i["epochs_per_drop"] * 2 > i["epochs_per_drop"]


def test_reference_outputs_are_cached_per_entry_and_draw():
    g = M.by_path()[STEP]
    assert grader.reference_outputs(g, 5) is grader.reference_outputs(g, 5)
    assert grader.reference_outputs(g) is grader.reference_outputs(g, None)
    assert [c.inputs for c, _ in grader.reference_outputs(g, 5)] != [c.inputs for c, _ in grader.reference_outputs(g, 6)]


def test_grade_all_draws_with_each_students_id(tmp_path, monkeypatch):
    from grading import batch

    subs = tmp_path / "class"
    make_submission(subs, "alice")
    make_submission(subs / "bob", "linear_classifiers")      # nbgrader's student/assignment layout
    seen = {}

    def recorder(folder, **kwargs):
        seen[Path(folder).name if Path(folder).name != "linear_classifiers" else Path(folder).parent.name] = \
            kwargs.get("student")
        return {"version": grader.RESULT_VERSION, "assignment": "linear_classifiers", "folder": str(folder),
                "total": 0.0, "max_total": 1.0, "functions": {}, "sandbox": {"ok": True}}

    monkeypatch.setattr(batch.parent, "grade", recorder)
    batch.grade_all(subs, out=tmp_path / "out", workers=1, processes=False, limits=FAST, log=lambda line: None,
                    assignment="linear_classifiers")
    assert seen == {"alice": "alice", "bob": "bob"}


def _same_inputs(a, b):
    return a.keys() == b.keys() and all(
        np.array_equal(a[k], b[k]) if isinstance(a[k], np.ndarray) else a[k] == b[k] for k in a)


# cases whose inputs are the edge itself, the same under every draw (their outputs carry no
# information a stub could reuse for points elsewhere); every other case changes with the draw
FIXED_BY_DESIGN = {
    ("features.block_normalize", "all-zero histograms: eps keeps them 0"),
}


def test_every_case_changes_with_the_draw():
    fixed = []
    for g in M.MANIFEST:
        for ca, cb in zip(C.cases_for(g, 11), C.cases_for(g, 12)):
            if _same_inputs(ca.inputs, cb.inputs) and (g.path.split(".")[0] + "." + g.path.split(".")[1],
                                                       ca.label) not in FIXED_BY_DESIGN:
                fixed.append(f"{g.path}: {ca.label}")
    assert not fixed, "cases with the same inputs under every draw (copyable from feedback):\n" + "\n".join(fixed)


SOFTMAX_PATHS = ["classifiers.softmax.softmax_loss_naive", "classifiers.softmax.softmax_loss_vectorized"]


@pytest.mark.parametrize("draw", list(range(40)) + DRAWS)
def test_softmax_extreme_score_cases_keep_their_purpose_on_every_draw(draw):
    """The very large scores case must overflow exp without a shift AND make some example's
    correct-class probability underflow (so -log(p) is inf: the log-sum-exp rule is tested) on
    every submission's draw; the scores-about-400 case keeps exp(s) finite and exp(2 s) not."""
    by = {g.path: g for g in M.MANIFEST}
    for path in SOFTMAX_PATHS:
        cases = C.cases_for(by[path], draw)
        large = next(c for c in cases if "very large scores" in c.label)
        scores = large.inputs["X"] @ large.inputs["W"]
        y = large.inputs["y"]
        gap = scores.max(axis=1) - scores[np.arange(len(y)), y]
        assert np.abs(scores).max() > 710, (path, draw)           # exp overflows without a shift
        assert gap.max() > 800, (path, draw, gap.max())           # exp(-gap) underflows to 0: -log(p) is inf
        about_400 = next(c for c in cases if "about 400" in c.label)
        s = about_400.inputs["X"] @ about_400.inputs["W"]
        with np.errstate(over="ignore"):
            assert np.all(np.isfinite(np.exp(s))) and not np.all(np.isfinite(np.exp(2 * s))), (path, draw)
    layer = C.cases_for(by["layers.softmax_loss"], draw)
    large = next(c for c in layer if c.label.startswith("very large scores"))
    x, y = large.inputs["x"], large.inputs["y"]
    assert np.abs(x).max() > 710 and (x.max(axis=1) - x[np.arange(len(y)), y]).max() > 800, draw
