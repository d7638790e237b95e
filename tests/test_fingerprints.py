"""grading/fingerprints/: the outputs of the common mistakes on the notebooks' public check inputs.

Fast checks on the committed data (the notebook tests check, while executing, that every public
check input they meet is among them): the fingerprints are what the catalogue and the reference
give today on the committed inputs, every notebook with check_outputs has its file, the shipped
pair is plain data and small."""
import json

import numpy as np
import pytest

from grading import fingerprints as F
from grading.assignments import ASSIGNMENTS
from grading.release import NOTEBOOKS

# The shipped pair of an assignment stays small beside its data (it is downloaded with every
# release; neural_networks, the largest with the deeper nets and the features, is about 520 kB
# against its 5.3 MB data set).
MAX_SHIPPED_BYTES = 600_000


def _uses_check_outputs(assignment):
    return any("check_outputs(" in (NOTEBOOKS / n).read_text(encoding="utf-8") for n in ASSIGNMENTS[assignment]["notebooks"])


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_fingerprints_are_current(assignment):
    if not _uses_check_outputs(assignment):
        pytest.skip(f"no check_outputs in the notebooks of {assignment}")
    records = F.load_committed_records(assignment)
    assert records, f"no committed check inputs for {assignment}: {F.RUN_HINT}"
    problems = F.stale(records, assignment)
    assert not problems, f"{F.RUN_HINT}:\n" + "\n".join(problems)


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_shipped_pair_is_plain_small_data(assignment):
    json_path, npz_path = F.files(assignment)
    if not _uses_check_outputs(assignment):
        pytest.skip(f"no check_outputs in the notebooks of {assignment}")
    assert json_path.is_file() and npz_path.is_file(), F.RUN_HINT
    assert json_path.stat().st_size + npz_path.stat().st_size < MAX_SHIPPED_BYTES
    table = json.loads(json_path.read_text(encoding="utf-8"))
    assert set(table) == {"version", "assignment", "mistakes", "checks", "values"}
    with np.load(npz_path, allow_pickle=False) as npz:   # no pickles: plain numeric arrays only
        assert set(npz.files) == set(table["values"])
        assert all(npz[k].dtype.kind in "biuf" for k in npz.files)
    for entry in table["checks"].values():
        assert set(entry) - {"allowed"} == {"path", "title", "notebook", "tol", "variants"}
        for lists in entry.get("allowed", {}).values():    # other right answers: plain lists of ints
            assert all(isinstance(v, int) for a in lists for v in a)
        for v in entry["variants"]:
            assert set(v) in ({"mistakes", "outputs"}, {"mistakes", "raises"})
            assert all(m in table["mistakes"][entry["path"]] for m in v["mistakes"])


def test_a_check_whose_inputs_do_not_give_its_expected_outputs_is_refused():
    """The builder runs the reference through the driver: a check that passes inputs other than
    the ones its expected outputs came from cannot get fingerprints."""
    from cs231n_lib.checks import input_bytes, input_key

    path = "classifiers.linear_svm.svm_loss_naive"
    inputs = {"W": np.eye(2, 3), "X": np.ones((2, 2)), "y": np.array([0, 1]), "reg": 0.0}
    record = F.Record(path, input_key(path, inputs), "wrong", "x.ipynb", 1e-7, 1e-10, input_bytes(inputs), inputs,
                      {"loss": 123.0})
    with pytest.raises(F.FingerprintError, match="another loss than the check expects"):
        F.build("linear_classifiers", [record], log=lambda *a: None)
    misnamed = F.Record(path, "k", "misnamed", "x.ipynb", 1e-7, 1e-10, 0, {"weights": inputs["W"]}, {"loss": 1.0})
    with pytest.raises(F.FingerprintError, match="named as the driver's spec names them"):
        F.build("linear_classifiers", [misnamed], log=lambda *a: None)


def test_stale_names_a_missing_input_and_a_changed_expectation():
    records = F.load_committed_records("linear_classifiers")
    assert records
    changed = F.Record(**{**records[0].__dict__, "key": records[0].key + "x"})
    assert "have no fingerprint" in F.stale([changed], "linear_classifiers", deep=False)[0]
    first = records[0]
    name = next(iter(first.expected))
    value = first.expected[name]
    other = F.Record(**{**first.__dict__, "expected": {**first.expected, name: np.asarray(value) + 1.0}})
    assert "expected outputs or tolerance changed" in F.stale([other], "linear_classifiers", deep=False)[0]
