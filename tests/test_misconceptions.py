"""The misconception catalogue (grading/misconceptions) and the corpus of student code
(tests/student_code) measured on the hidden cases.

- every graded function has a wrong version; with no flag it equals the reference on every
  hidden case; each flag changes the outputs it declares (and no other) on at least one
  case; each compatible pair leaves a trace of both mistakes;
- every record is complete: a quote of the rule it contradicts that really is in the source,
  conventions worded as conventions;
- the hidden cases hold what their labels promise (zero margins, tiny negative squares, ties);
- every corpus sample: a "correct" one equals the reference everywhere, a wrong one differs
  somewhere and matches the wrong version with its EXPECT flags on every case;
- transplanted into a released-style folder, a sample is what the module then holds.
"""
import copy
import functools
import inspect
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from grading import cases as C
from grading import manifest as M
from grading import misconceptions as MC
from grading.misconceptions import Raised, changed_outputs, run, run_variant, same_outcome
from tests import student_code as SC

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = M.by_path()
PATHS = [g.path for g in M.MANIFEST]
FLAGS = [(m.path, m.flag) for p in PATHS for m in MC.CATALOGUE[p]]


@functools.lru_cache(maxsize=None)
def cases(path):
    return tuple(ENTRIES[path].cases())


@functools.lru_cache(maxsize=None)
def reference(path):
    return tuple(run(ENTRIES[path], c.inputs) for c in cases(path))


@functools.lru_cache(maxsize=None)
def variant(path, flags):
    wrong = MC.wrong_versions[path]
    return tuple(run_variant(ENTRIES[path], c.inputs, wrong, flags) for c in cases(path))


def _changes(path, outcomes):
    """Per case, the names of the outputs the grader would reject."""
    return [changed_outputs(o, r, c) for o, r, c in zip(outcomes, reference(path), cases(path))]


# ----------------------------------------------------------------------------- the catalogue's shape

def test_every_graded_function_has_a_wrong_version_and_misconceptions():
    assert set(MC.wrong_versions) == set(PATHS)
    assert set(MC.CATALOGUE) == set(PATHS)
    for path in PATHS:
        records = MC.CATALOGUE[path]
        assert records, f"{path}: no misconception"
        flags = [m.flag for m in records]
        assert len(flags) == len(set(flags)), f"{path}: duplicate flags {flags}"
        for m in records:
            assert m.path == path and m.flag.isidentifier()
            assert m.name and m.explanation.endswith((".", ")")) and m.contradicts, m
        for group in MC.EXCLUSIVE.get(path, []):
            assert group <= set(flags), f"{path}: EXCLUSIVE names unknown flags {group - set(flags)}"


def test_declared_outputs_are_output_names():
    for path in PATHS:
        names = set()
        for out in reference(path):
            names |= set(out)
        bases = names | {n.split(".")[0] for n in names}
        for m in MC.CATALOGUE[path]:
            assert set(m.outputs) <= bases, f"{path}.{m.flag}: unknown outputs {set(m.outputs) - bases} ({names})"


@pytest.mark.parametrize("path", PATHS)
def test_wrong_version_has_the_graded_signature_plus_mistakes(path):
    owner, attr = MC.base.owner_of(path)
    ref = inspect.signature(inspect.getattr_static(owner, attr).__func__
                            if isinstance(inspect.getattr_static(owner, attr), staticmethod) else getattr(owner, attr))
    wrong = inspect.signature(MC.wrong_versions[path])
    params = list(wrong.parameters.values())
    assert params[-1].name == "mistakes" and params[-1].kind is inspect.Parameter.KEYWORD_ONLY
    assert params[-1].default == frozenset()
    got = [(p.name, p.kind, p.default) for p in params[:-1]]
    want = [(p.name, p.kind, p.default) for p in ref.parameters.values()]
    assert got == want


def _normalise(text):
    """Whitespace collapsed, comment signs and reStructuredText backticks dropped."""
    return " ".join(text.replace("#", " ").replace("`", "").replace(":func:", "").split())


def _quotes(contradicts):
    return [q.replace('\\"', '"') for q in re.findall(r'"(.+?)" \(', contradicts)]


def test_contradicts_quotes_the_source():
    """Each quoted rule (pieces split at "...") is in the graded module's source, in order."""
    for path in PATHS:
        source = _normalise((ROOT / "cs231n_lib" / ENTRIES[path].module_file).read_text())
        for m in MC.CATALOGUE[path]:
            quotes = _quotes(m.contradicts)
            assert quotes, f"{path}.{m.flag}: no quoted rule in {m.contradicts!r}"
            for quote in quotes:
                at = 0
                for piece in (_normalise(p) for p in quote.split("...")):
                    if not piece:
                        continue
                    found = source.find(piece, at)
                    assert found >= 0, f"{path}.{m.flag}: {piece!r} is not in {ENTRIES[path].module_file}"
                    at = found + len(piece)


def test_conventions_are_worded_as_conventions():
    conventions = [m for p in PATHS for m in MC.CATALOGUE[p] if m.convention]
    assert len(conventions) >= 8
    flags = {m.flag for m in conventions}
    assert {"half_reg", "global_rng", "without_replacement", "log_of_p", "mask_ge_zero"} <= flags
    for m in conventions:
        assert "this kit" in m.explanation, f"{m.path}.{m.flag}: a convention names what this kit does"
        assert m.explanation.startswith("You "), f"{m.path}.{m.flag}: a convention says what the student did"


# ----------------------------------------------------------------------------- the wrong versions

@pytest.mark.parametrize("path", PATHS)
def test_wrong_version_without_flags_equals_the_reference(path):
    for case, ref in zip(cases(path), reference(path)):
        assert not isinstance(ref, Raised), f"the reference raised on {case.label}: {ref}"
    for case, changed in zip(cases(path), _changes(path, variant(path, frozenset()))):
        assert not changed, f"{path}, case {case.label}: no flag set, yet {changed} differ"


def _declares(record, output):
    """May this mistake change ``output`` (e.g. "dW", "grads.W1", "config.v")? Its ``outputs``
    (() = any); a name without a dot also stands for its sub-outputs."""
    return not record.outputs or output in record.outputs or output.split(".")[0] in record.outputs


@pytest.mark.parametrize("path, flag", FLAGS)
def test_flag_changes_its_declared_outputs_and_no_other(path, flag):
    record = MC.by_flag(path)[flag]
    changes = _changes(path, variant(path, frozenset({flag})))
    visible = [c.label for c, ch in zip(cases(path), changes) if "*" in ch or any(_declares(record, n) for n in ch)]
    assert visible, f"{path}.{flag}: no hidden case shows this mistake"
    undeclared = {n for ch in changes for n in ch if n != "*" and not _declares(record, n)}
    assert not undeclared, f"{path}.{flag}: changes {undeclared}, not in its outputs {record.outputs}"


@pytest.mark.parametrize("path", PATHS)
def test_compatible_pairs_reproduce_both_mistakes(path):
    """Each pair differs on some case from the reference and from each of its two mistakes
    alone, so both leave a trace (a pair that one mistake hides belongs in EXCLUSIVE)."""
    for a, b in MC.compatible_pairs(path):
        pair = variant(path, frozenset({a, b}))
        for name, other in (("the reference", reference(path)), (a, variant(path, frozenset({a}))),
                            (b, variant(path, frozenset({b})))):
            assert not all(same_outcome(x, y, c) for x, y, c in zip(pair, other, cases(path))), \
                f"{path}: the pair ({a}, {b}) looks exactly like {name} on every hidden case"


def test_catalogue_size():
    total = sum(len(MC.CATALOGUE[p]) for p in PATHS)
    assert total >= 150
    assert all(len(MC.CATALOGUE[p]) >= 1 for p in PATHS)


# ----------------------------------------------------------------------------- the hidden cases keep their promises

def _margins(scores, y):
    rows = np.arange(len(y))
    m = scores - scores[rows, y][:, None] + 1
    m[rows, y] = np.nan
    return m


def test_svm_cases_labelled_zero_margins_have_zero_margins():
    integer = [c for c in C.svm_cases() if "margins of exactly 0" in c.label]
    assert len(integer) == 1
    W, X, y = (integer[0].inputs[k] for k in ("W", "X", "y"))
    scores = X @ W
    assert np.sum(_margins(scores, y) == 0) >= 3
    ties = np.sum(scores == scores[np.arange(len(y)), y][:, None]) - len(y)
    assert ties >= 1
    layer = [c for c in C.score_loss_cases("svm") if "margins of exactly 0" in c.label]
    assert len(layer) == 1 and np.sum(_margins(layer[0].inputs["x"], layer[0].inputs["y"]) == 0) >= 1


def test_knn_float_duplicates_make_tiny_negative_squares():
    case = next(c for c in C.knn_distance_cases() if "float data" in c.label)
    X, T = case.inputs["X"], case.inputs["X_train"]
    sq = (-2.0 * X) @ T.T
    sq += np.sum(X * X, axis=1)[:, None]
    sq += np.sum(T * T, axis=1)[None, :]
    assert np.sum(sq < 0) >= 1


def test_knn_many_ties_case_keeps_ties_whose_choice_changes_the_vote():
    """The case keeps ties at the k-th distance whose resolution changes the vote: the grader's
    acceptor (every valid choice among equally far points is right) has work to do there."""
    case = next(c for c in C.knn_label_cases() if "many equal distances" in c.label)
    d, y, k = case.inputs["dists"], case.inputs["y_train"], case.inputs["k"]
    stable = [np.argmax(np.bincount(y[np.argsort(row, kind="stable")[:k]])) for row in d]
    heap = [np.argmax(np.bincount(y[np.argsort(row, kind="heapsort")[:k]])) for row in d]
    assert stable != heap


def test_n_equals_c_cases_exist_for_the_broadcast_mistake():
    for make in (C.svm_cases, C.softmax_cases):
        assert any(c.meta["N"] == c.meta["C"] > 1 for c in make())
    for kind in ("svm", "softmax"):
        assert any(c.inputs["x"].shape[0] == c.inputs["x"].shape[1] > 1 for c in C.score_loss_cases(kind))


# ----------------------------------------------------------------------------- the corpus of student code

SAMPLES = SC.load_all()


def test_corpus_size_and_coverage():
    assert 80 <= len(SAMPLES) <= 400
    for path in PATHS:
        correct = [s for s in SAMPLES if s.path == path and s.correct]
        assert len(correct) >= 2, f"{path}: {len(correct)} correct samples, need 2"
    for s in SAMPLES:
        assert s.path in ENTRIES, f"{s.file}: unknown PATH {s.path}"
        assert s.correct or set(s.flags) <= set(MC.by_flag(s.path)), f"{s.file}: unknown flags {s.flags}"


@functools.lru_cache(maxsize=None)
def sample_outcomes(file):
    sample = next(s for s in SAMPLES if s.file == file)
    entry = ENTRIES[sample.path]
    # a copy of the inputs: a sample that writes into them must not change the shared cases
    return tuple(run(entry, copy.deepcopy(c.inputs), sample.function) for c in cases(sample.path))


@pytest.mark.parametrize("file", [s.file for s in SAMPLES], ids=[s.id for s in SAMPLES])
def test_sample_is_caught_and_named(file):
    sample = next(s for s in SAMPLES if s.file == file)
    path = sample.path
    got = sample_outcomes(file)
    changes = _changes(path, got)
    if sample.mutates or path.startswith("layers."):
        changed = {n for c in cases(path) for n in SC.changed_inputs(sample, ENTRIES[path], c)}
        assert changed == set(sample.mutates), f"{sample.id}: changes the inputs {sorted(changed)} in place"
    if sample.mutates:   # right outputs; the grader's input check catches it (tests/test_feedback_corpus.py)
        bad = {c.label: ch for c, ch in zip(cases(path), changes) if ch}
        assert not bad, f"{sample.id}: marked as changing an input only, yet its outputs differ: {bad}"
        return
    if sample.correct:
        bad = {c.label: ch for c, ch in zip(cases(path), changes) if ch}
        assert not bad, f"{sample.id}: a correct sample differs from the reference: {bad}"
        return
    assert any(changes), f"{sample.id}: a wrong sample passes every hidden case"
    expected = variant(path, frozenset(sample.flags))
    off = [c.label for g, e, c in zip(got, expected, cases(path)) if not same_outcome(g, e, c)]
    assert not off, f"{sample.id}: does not match the wrong version with {sample.flags} on {off}"


@pytest.mark.slow
def test_transplant_into_stubbed_and_reference_folders(tmp_path):
    """Every sample, transplanted into a released-style folder (stubbed, and a copy of the
    reference), leaves a module that imports and holds the sample's function; in the
    reference copy it computes what the sample computed on the first hidden case."""
    jobs = []
    for i, sample in enumerate(SAMPLES):
        for base in ("stub", "reference"):
            folder = tmp_path / f"{i}_{base}"
            SC.make_submission(folder, ENTRIES[sample.path].assignment, base=base)
            SC.transplant(sample, folder)
            jobs.append((sample, folder, base, i))
    script = ROOT / "tests" / "student_code" / "_child.py"
    spec = [{"folder": str(f), "path": s.path, "source": s.function_source, "base": base,
             "driver": ENTRIES[s.path].driver, "spec": ENTRIES[s.path].spec,
             "inputs": str(tmp_path / f"in_{i}"), "seed": MC.GLOBAL_RNG_SEED}
            for s, f, base, i in jobs]
    for i, sample in enumerate(SAMPLES):
        SC.save_inputs(tmp_path / f"in_{i}", cases(sample.path)[0].inputs)
    job = tmp_path / "job.json"
    job.write_text(__import__("json").dumps(spec))
    proc = subprocess.run([sys.executable, str(script), str(job)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == len(jobs), proc.stdout[-3000:] + proc.stderr[-3000:]
    for (sample, folder, base, _), line in zip(jobs, lines):
        assert line.startswith("ok"), f"{sample.id} ({base}): {line}"
        if base == "reference":
            got = SC.load_outcome(folder / "outcome")
            want = sample_outcomes(sample.file)[0]
            assert same_outcome(got, want, cases(sample.path)[0]), \
                f"{sample.id}: the transplanted copy computes otherwise"


# ----------------------------------------------------------------------------- what the cases cannot tell apart

_SHIFTED = ["classifiers.softmax.softmax_loss_naive", "classifiers.softmax.softmax_loss_vectorized",
            "layers.softmax_loss"]


def _scores_about_400(path):
    """Inputs whose scores are about 400 +- 2: exp(s) is finite (about 1e174), exp(2 s) is not."""
    rng = np.random.default_rng(400)
    if path.startswith("layers."):
        return {"x": 400.0 + 2.0 * rng.standard_normal((4, 3)), "y": np.array([0, 1, 2, 1])}
    X = rng.standard_normal((5, 4))
    X[:, 0] = 400.0
    W = 0.1 * rng.standard_normal((4, 3))
    W[0] = 1.0 + 0.002 * rng.standard_normal(3)
    return {"W": W, "X": X, "y": np.array([0, 1, 2, 1, 0]), "reg": 0.01}


@pytest.mark.parametrize("path", _SHIFTED)
def test_scores_about_400_tell_an_added_max_from_no_shift(path):
    """The case the lead may add to grading/cases: there no shift is right and an added max is NaN."""
    entry, inputs = ENTRIES[path], _scores_about_400(path)
    case = cases(path)[0]
    reference_run = run(entry, inputs)
    no_shift = run_variant(entry, inputs, MC.wrong_versions[path], {"no_max_shift"})
    added = run_variant(entry, inputs, MC.wrong_versions[path], {"max_added"})
    assert not changed_outputs(no_shift, reference_run, case)
    assert changed_outputs(added, reference_run, case)


@pytest.mark.parametrize("path", _SHIFTED)
def test_hidden_cases_tell_an_added_max_from_no_shift(path):
    no_shift, added = variant(path, frozenset({"no_max_shift"})), variant(path, frozenset({"max_added"}))
    assert not all(same_outcome(a, b, c) for a, b, c in zip(no_shift, added, cases(path)))


@pytest.mark.parametrize("path", _SHIFTED)
def test_a_hidden_case_where_no_shift_is_right_and_an_added_max_is_not(path):
    """The case with scores about 400 (exp(s) finite, exp(2 s) not): there a loss without the shift
    is right (so an honest exp(s - max) and a plain exp(s) both pass it), an added max is NaN.
    It is not marked ``large_scores``: "right on every case except those with very large scores"
    stays true of a missing shift (wrong at 1e3 only), and an added max is wrong already at 400."""
    both = [i for i, c in enumerate(cases(path)) if "about 400" in c.label]
    assert len(both) == 1, [c.label for c in cases(path)]
    i = both[0]
    case = cases(path)[i]
    assert not case.meta.get("large_scores")
    scores = case.inputs["x"] if path.startswith("layers.") else case.inputs["X"] @ case.inputs["W"]
    assert np.all(np.abs(scores - 400) < 20) and np.all(np.isfinite(np.exp(scores)))
    with np.errstate(over="ignore"):
        assert np.all(np.isinf(np.exp(2 * scores)))
    no_shift = variant(path, frozenset({"no_max_shift"}))[i]
    added = variant(path, frozenset({"max_added"}))[i]
    assert not changed_outputs(no_shift, reference(path)[i], case)
    assert changed_outputs(added, reference(path)[i], case)


def test_loss_and_relu_verdicts_agree_with_an_independent_check(capsys):
    """tests/student_code/_verify.py decides the loss and ReLU samples' verdicts from the docstring's
    formula and centered differences, with neither the reference nor a wrong version."""
    from tests.student_code import _verify

    assert _verify.main() == 0, capsys.readouterr().out
