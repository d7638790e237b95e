"""Public and hidden checks agree, and a public check names the mistake it catches.

For every graded function and every one of its misconceptions (``grading/misconceptions/``):

- *caught in hiding*: the wrong version loses a hidden case (``grading/cases/``) — an output the
  grader rejects, or an exception;
- *caught publicly*: on some public check input of the notebooks (the inputs recorded by
  ``python -m grading fingerprints``, committed beside the fingerprints in
  ``grading/fingerprints/<assignment>.inputs.*``), the wrong version's outputs differ from the
  reference's at that check's tolerance, or it raises there (then the cell errors).

A mistake caught in hiding must be caught publicly, so that nothing fails only in hiding; the few
exceptions are listed with their reason. And for every public input where a mistake changes the
outputs, ``check_outputs`` given those outputs fails and names it (from the committed fingerprint
file, as a student's released notebook would).

``python -m tests.test_public_hidden`` prints the table (caught publicly / in hiding, per mistake).
"""
import contextlib
import io
from functools import lru_cache

import pytest

from grading import fingerprints as F
from grading import misconceptions as MC
from grading.assignments import ASSIGNMENTS
from grading.manifest import MANIFEST, by_path

# (path, flag) -> why the public checks do not catch a mistake the hidden cases catch.
PUBLIC_EXCEPTIONS = {}


def _records():
    return [r for a in ASSIGNMENTS for r in F.load_committed_records(a)]


@lru_cache(maxsize=None)
def hidden_caught(path):
    """``{flag: bool}``: does the wrong version with this one mistake lose a hidden case?"""
    entry = by_path()[path]
    cases = entry.cases()
    references = [MC.run(entry, case.inputs) for case in cases]
    caught = {}
    for flag in MC.by_flag(path):
        caught[flag] = False
        for case, ref in zip(cases, references):
            outcome = MC.run_variant(entry, case.inputs, MC.wrong_versions[path], {flag})
            if MC.changed_outputs(outcome, ref, case):
                caught[flag] = True
                break
    return caught


@lru_cache(maxsize=None)
def public_caught():
    """``{path: {flag: [titles of the public checks that catch it]}}`` from the committed fingerprints."""
    found = {}
    for assignment in ASSIGNMENTS:
        table, _ = F.load(assignment)
        if table is None:
            continue
        for entry in table["checks"].values():
            for v in entry["variants"]:
                if len(v["mistakes"]) == 1:
                    found.setdefault(entry["path"], {}).setdefault(v["mistakes"][0], []).append(entry["title"])
    return found


def table_rows():
    """``[(path, flag, caught publicly, caught in hiding)]`` for every misconception."""
    rows = []
    public = public_caught()
    for g in MANIFEST:
        for flag in sorted(MC.by_flag(g.path)):
            rows.append((g.path, flag, bool(public.get(g.path, {}).get(flag)), hidden_caught(g.path)[flag]))
    return rows


def test_every_mistake_caught_in_hiding_is_caught_publicly():
    missed = [(p, f) for p, f, pub, hid in table_rows() if hid and not pub and (p, f) not in PUBLIC_EXCEPTIONS]
    assert not missed, ("caught by the hidden cases but by no public check (add a public check input, or list the "
                        "exception in PUBLIC_EXCEPTIONS with its reason):\n" + "\n".join(f"  {p}: {f}" for p, f in missed))


def test_exceptions_are_still_needed():
    rows = {(p, f): (pub, hid) for p, f, pub, hid in table_rows()}
    stale = [k for k in PUBLIC_EXCEPTIONS if k not in rows or rows[k][0] or not rows[k][1]]
    assert not stale, f"PUBLIC_EXCEPTIONS lists mistakes that the public checks catch now (or that do not exist): {stale}"


def test_every_graded_function_with_misconceptions_has_a_public_fingerprinted_check():
    public_paths = {r.path for r in _records()}
    missing = [g.path for g in MANIFEST if MC.by_flag(g.path) and g.path not in public_paths]
    assert not missing, f"no check_outputs call in the notebooks for: {missing}"


def _variant_cases():
    cases = []
    for record in _records():
        if record.path not in MC.wrong_versions:
            continue
        for flag in sorted(MC.by_flag(record.path)):
            cases.append(pytest.param(record, flag, id=f"{record.path.split('.')[-1]}-{flag}-{record.key[-6:]}"))
    return cases


@pytest.mark.parametrize("record, flag", _variant_cases())
def test_the_public_check_names_the_mistake(record, flag, monkeypatch):
    """The wrong version's outputs on a public input, given to check_outputs as a student's would be:
    the check passes when they are right there, else fails naming the mistake."""
    from cs231n_lib import checks

    table, _ = F.load(by_path()[record.path].assignment)
    entry = table["checks"][record.key]
    changes = {tuple(v["mistakes"]) for v in entry["variants"] if "outputs" in v}
    outcome = MC.run_variant(by_path()[record.path], record.inputs, MC.wrong_versions[record.path], {flag})
    if isinstance(outcome, MC.Raised):
        return   # the student's call raises before the check: the cell errors (counted as caught publicly)
    monkeypatch.setenv(checks.FINGERPRINTS_ENV, str(F.files(by_path()[record.path].assignment)[0]))
    got = {n: outcome[n] for n in record.expected if n in outcome}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            checks.check_outputs(record.path, record.inputs, got=got, expected=record.expected, title=record.title,
                                 tol=record.tol, atol=record.atol)
            failed = False
        except checks.CheckFailed:
            failed = True
    text = out.getvalue()
    if (flag,) not in changes:
        assert not failed, f"{flag} gives the right outputs on {record.title!r}, yet the check failed:\n{text}"
        return
    assert failed, f"{flag} changes the outputs of {record.title!r} but the check passed:\n{text}"
    assert MC.by_flag(record.path)[flag].name in text, f"{flag} is not named by {record.title!r}:\n{text}"


def main():
    rows = table_rows()
    width = max(len(p) for p, *_ in rows)
    print(f"{'graded function':<{width}}  {'mistake':<32} public  hidden")
    for p, f, pub, hid in rows:
        mark = " (exception)" if (p, f) in PUBLIC_EXCEPTIONS else ""
        print(f"{p:<{width}}  {f:<32} {'yes' if pub else 'NO ':<7} {'yes' if hid else 'no'}{mark}")
    both = sum(pub and hid for _, _, pub, hid in rows)
    print(f"\n{len(rows)} mistakes: {both} caught both publicly and in hiding, "
          f"{sum(hid and not pub for _, _, pub, hid in rows)} only in hiding, "
          f"{sum(pub and not hid for _, _, pub, hid in rows)} only publicly, "
          f"{sum(not pub and not hid for _, _, pub, hid in rows)} by neither")


if __name__ == "__main__":
    main()


# ----------------------------------------------------------------------------- the cases the issue names

def _passes_hidden(path, fn):
    entry = by_path()[path]
    return all(not MC.changed_outputs(MC.run(entry, case.inputs, fn), MC.run(entry, case.inputs), case)
               for case in entry.cases())


def _passes_public(path, fn):
    from cs231n_lib.checks import compare

    records = [r for r in _records() if r.path == path]
    assert records, f"no public check input of {path}"
    for r in records:
        outcome = MC.run(by_path()[path], r.inputs, fn)
        if isinstance(outcome, MC.Raised):
            return False
        if not all(compare(outcome[n], r.expected[n], r.tol, r.atol)[0] for n in r.expected):
            return False
    return True


def test_the_textbook_sigmoid_passes_both_and_the_exp_ratio_fails_both():
    """Decided: the docstring asks for right values at +-1000 (warnings are not graded; the notebook
    adds a NOTE when numpy warns). 1 / (1 + exp(-x)) is right there (1 / (1 + inf) = 0): it passes the
    public check and every hidden case. exp(x) / (1 + exp(x)) gives nan at 1000: it fails both."""
    import numpy as np

    def textbook(x):
        out = 1 / (1 + np.exp(-x))
        return out, out

    def exp_ratio(x):
        out = np.exp(x) / (1 + np.exp(x))
        return out, out

    path = "layers.sigmoid_forward"
    assert _passes_hidden(path, textbook) and _passes_public(path, textbook)
    assert not _passes_hidden(path, exp_ratio) and not _passes_public(path, exp_ratio)


def test_a_minibatch_from_the_global_rng_fails_the_public_check():
    """svm.ipynb trains a tiny problem twice with the same seed, changing numpy's global generator in
    between: a train that samples with np.random.choice gives another W (the hidden cases fail it too)."""
    import numpy as np

    from cs231n_lib.classifiers.linear_classifier import LinearClassifier

    path = "classifiers.linear_classifier.LinearClassifier.train"

    class SquaredErrorClassifier(LinearClassifier):   # the check cell's classifier
        def loss(self, X_batch, y_batch, reg):
            residual = X_batch @ self.W - np.eye(self.W.shape[1])[y_batch]
            N = X_batch.shape[0]
            return (float(np.sum(residual * residual) / N + reg * np.sum(self.W * self.W)),
                    2.0 * X_batch.T @ residual / N + 2.0 * reg * self.W)

    X = np.array([[1.0, 0.5], [-1.0, 2.0], [0.5, -1.5], [2.0, 1.0], [0.0, -1.0], [-2.0, 0.5]])
    y = np.array([0, 1, 2, 0, 1, 2])
    settings = {"learning_rate": 0.1, "reg": 0.01, "num_iters": 4, "batch_size": 4, "seed": 3}

    def twice():
        first = SquaredErrorClassifier()
        first.train(X, y, **settings)
        np.random.seed(12345)
        again = SquaredErrorClassifier()
        again.train(X, y, **settings)
        return first.W, again.W

    a, b = twice()
    assert np.array_equal(a, b)   # the reference: the same W
    with MC.installed(path, MC.with_mistakes(MC.wrong_versions[path], {"global_rng"})):
        np.random.seed(0)
        a, b = twice()
    assert not np.allclose(a, b, rtol=1e-12, atol=0)
    assert hidden_caught(path)["global_rng"]
