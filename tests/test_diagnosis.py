"""Issue 16, items 2 and 4: structural facts first, per output; no claim about an output that passed.

The facts are pure numpy (``cs231n_lib/diagnosis.py``, one rule for the grader and the notebook
checks); the grader states them per output before any misconception, and a misconception whose
outputs include one that passed on every case is never shown (``grading/feedback.py``)."""
import numpy as np
import pytest

from cs231n_lib import diagnosis as D
from grading import parent as grader
from tests.test_grader import FAST, make_submission, replace_region

SVM = "classifiers.linear_svm.svm_loss_vectorized"
SOFT = "classifiers.softmax.softmax_loss_naive"
ADAM = "optim.adam"
NET = "classifiers.fc_net.TwoLayerNet.loss"


# --------------------------------------------------------------------------- the facts, alone

def test_not_computed_none_zeros_or_the_input_unchanged():
    e = np.array([[1.0, -2.0], [0.5, 3.0]])
    assert D.output_fact(None, e).kind == D.NOT_COMPUTED
    assert "all zeros" in D.output_fact(np.zeros_like(e), e).text
    f = D.output_fact(e * 0 + 7, e, inputs={"x": e * 0 + 7})
    assert f.kind == D.NOT_COMPUTED and "`x`" in f.text
    # a scalar equal to another input by chance is no such fact; the same-named input is
    assert D.output_fact(0.5, 2.0, inputs={"reg": 0.5}, name="loss") is None
    assert "config.t" in D.output_fact(3, 4, inputs={"config.t": 3}, name="config.t").text


def test_transposed_factor_one_row_one_column():
    rng = np.random.default_rng(0)
    e = rng.standard_normal((3, 4))
    assert D.output_fact(e.T.copy(), e).kind == D.TRANSPOSED
    f = D.output_fact(2.5 * e, e)
    assert f.kind == D.FACTOR and "2.5" in f.text
    g = e.copy()
    g[:, 2] += 1
    assert D.output_fact(g, e).text == "right except column 2"
    g = e.copy()
    g[1] -= 1
    assert D.output_fact(g, e).text == "right except row 1"
    assert D.output_fact(e + rng.standard_normal(e.shape), e) is None
    assert D.output_fact(e.copy(), e) is None or D.output_fact(e.copy(), e).kind != D.NOT_COMPUTED


def test_facts_across_cases():
    assert "reg = 0 only" in D.across_cases([({"reg": 0.0}, True), ({"reg": 0.5}, False), ({"reg": 1.0}, False)])
    assert D.across_cases([({"reg": 0.0}, False), ({"reg": 0.5}, False)]) is None
    assert "very large scores" in D.across_cases([({"reg": 0, "large_scores": True}, False),
                                                  ({"reg": 0.5, "large_scores": False}, True),
                                                  ({"reg": 0.0, "large_scores": False}, True)])
    f = D.Fact(D.FACTOR, "x")
    assert D.consistent_fact([f, f]) == f
    assert D.consistent_fact([f, None]) is None
    assert D.consistent_fact([f, D.Fact(D.TRANSPOSED, "y")]) is None


# --------------------------------------------------------------------------- through the grader

@pytest.fixture(scope="module")
def linear(tmp_path_factory):
    edits = {
        # loss right, dW never touched
        "classifiers/softmax.py": lambda t: replace_region(t, "softmax_loss_naive", """
for i in range(num_train):
    s = X[i] @ W
    s = s - np.max(s)
    loss += np.log(np.sum(np.exp(s))) - s[y[i]]
loss = loss / num_train + reg * np.sum(W * W)
"""),
        # loss right (the counted correct class compensated), the gradient's mask still counts it
        "classifiers/linear_svm.py": lambda t: replace_region(t, "svm_loss_vectorized", """
num_train = X.shape[0]
rows = np.arange(num_train)
scores = X @ W
margins = np.maximum(0.0, scores - scores[rows, y][:, None] + 1.0)
loss = (np.sum(margins) - num_train) / num_train + reg * np.sum(W * W)
mask = (margins > 0).astype(np.float64)
mask[rows, y] = -np.sum(mask, axis=1)
dW = X.T @ mask / num_train + 2 * reg * W
"""),
    }
    folder = make_submission(tmp_path_factory.mktemp("diag"), "linear", edits=edits)
    return grader.grade(folder, paths=[SOFT, SVM], limits=FAST)["functions"]


@pytest.fixture(scope="module")
def networks(tmp_path_factory):
    edits = {
        "optim.py": lambda t: replace_region(t, "adam", """
beta1, beta2 = config["beta1"], config["beta2"]
t = config["t"] + 1
m = beta1 * config["m"] + (1 - beta1) * dw
v = beta2 * config["v"] + (1 - beta2) * (dw * dw)
next_w = w - config["learning_rate"] * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + config["epsilon"])
config["m"], config["v"] = m, v
"""),
        "layers.py": lambda t: replace_region(t, "tanh_forward", """
raise NotImplementedError("tanh_forward: compute out = tanh(x) elementwise (see the docstring)")
"""),
    }
    folder = make_submission(tmp_path_factory.mktemp("diag"), "nets", "neural_networks", edits=edits)
    return grader.grade(folder, paths=[ADAM, NET], limits=FAST)["functions"]


def test_an_output_never_computed_is_said_first_and_nothing_is_claimed_about_it(linear):
    r = linear[SOFT]
    assert r["points"] < 1
    assert "dW: not computed: all zeros" in r["feedback"], r["feedback"]
    assert all("dW" not in f["outputs"] for f in r["misconceptions"]), r["feedback"]
    assert r["misconceptions"] == [] and "likely cause" not in r["feedback"], r["feedback"]


def test_a_right_loss_is_never_claimed_wrong(linear):
    r = linear[SVM]
    assert r["points"] < 1
    assert all("loss" not in f["outputs"] for f in r["misconceptions"]), r["feedback"]
    assert "right on every case: loss" in r["feedback"], r["feedback"]
    assert "adds 1 to every example's loss" not in r["feedback"], r["feedback"]


def test_state_not_stored_names_exactly_the_keys_not_updated(networks):
    r = networks[ADAM]
    fb = r["feedback"]
    assert r["points"] < 1
    assert "config.t: not computed: its value before the call" in fb, fb
    assert "m, v and t are not stored" not in fb, fb
    assert "config.m:" not in fb and "config.v:" not in fb, fb


def test_not_implemented_names_the_function_that_raised(networks):
    fb = networks[NET]["feedback"]
    assert "not implemented yet" in fb and "tanh_forward" in fb, fb
    assert 0 < networks[NET]["points"] < 1


def test_explain_lists_the_facts_and_the_inputs_rule():
    import io

    from grading import explain as E

    out = io.StringIO()
    E.explain("optim.adam", out)
    text = out.getvalue()
    assert "except config (manifest may_change)" in text and "w itself is not modified" in text
    facts = text.split("STRUCTURAL FACTS")[1].split("FEEDBACK RULES")[0]
    assert all(f"- {kind}:" in facts for kind, _ in D.FACTS) and "reg = 0 only" in facts
