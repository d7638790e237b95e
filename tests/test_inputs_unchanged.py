"""Issue 16, item 1: the inputs a graded function receives come back unchanged.

The child sends, with each reply, a digest of every input it passed to the graded function as
it is after the call; the parent compares it with the digest of what it sent. A mutated input
costs the case, with a message naming the input and the docstring line that forbids it. Inputs
the manifest declares as changeable (the update rules' ``config``) are not checked.
"""
import numpy as np

from grading import child, manifest as M, parent as grader
from tests.test_grader import FAST, make_submission, replace_region

RELU_F, RELU_B = "layers.relu_forward", "layers.relu_backward"
MOMENTUM, ADAM = "optim.sgd_momentum", "optim.adam"


def test_digest_is_a_function_of_dtype_shape_and_bytes_recursively():
    a = np.arange(6.0).reshape(2, 3)
    assert child.digest(a) == child.digest(a.copy())
    assert child.digest(a) != child.digest(a.astype(np.float32))
    assert child.digest(a) != child.digest(a.reshape(3, 2))
    b = a.copy()
    b[0, 0] = -1
    assert child.digest(a) != child.digest(b)
    assert child.digest({"m": a, "t": 1}) == child.digest({"t": 1, "m": a.copy()})
    assert child.digest({"m": a, "t": 1}) != child.digest({"m": a, "t": 2})
    assert child.digest([a, 1.5]) != child.digest([b, 1.5])
    assert child.digest(a.T) == child.digest(np.ascontiguousarray(a.T))


def test_update_rules_may_change_config_and_nothing_else_is_declared():
    for g in M.MANIFEST:
        if g.path.startswith("optim."):
            assert g.may_change == ("config",), g.path
        else:
            assert g.may_change == (), g.path


def test_inputs_changed_in_place_cost_the_case_with_the_docstring_line(tmp_path):
    edits = {
        "layers.py": lambda t: replace_region(replace_region(t, "relu_forward", """
out = x
out[out < 0] = 0
"""), "relu_backward", """
dx = dout
dx[x <= 0] = 0
"""),
        "optim.py": lambda t: replace_region(t, "sgd_momentum", """
v = config["momentum"] * v - config["learning_rate"] * dw
w += v
next_w = w
"""),
    }
    folder = make_submission(tmp_path, "inplace", "neural_networks", edits=edits)
    r = grader.grade(folder, paths=[RELU_F, RELU_B, MOMENTUM, ADAM], limits=FAST)
    f = r["functions"]
    for path, name in ((RELU_F, "x"), (RELU_B, "dout"), (MOMENTUM, "w")):
        assert f[path]["points"] < 1, (path, f[path]["feedback"])
        assert f"`{name}` was changed in place" in f[path]["feedback"], f[path]["feedback"]
    assert "Do not modify the inputs in place." in f[RELU_F]["feedback"]
    assert "Do not modify the inputs in place." in f[RELU_B]["feedback"]
    assert "w itself is not modified" in f[MOMENTUM]["feedback"]
    # the reference adam fills and updates config in place: allowed by the manifest
    assert f[ADAM]["points"] == 1, f[ADAM]["feedback"]


def test_the_parent_checks_only_inputs_it_sent_and_only_to_remove_points():
    from grading.dispatch import mutated_inputs

    g = M.by_path()[RELU_F]
    case = g.cases()[0]
    x = case.inputs["x"]
    good = {"x": child.digest(x)}
    assert mutated_inputs(g, case, good) == []
    assert mutated_inputs(g, case, {"x": "0" * 64}) == ["x"]
    # names the parent did not send, junk, or no digest at all: no claim either way
    assert mutated_inputs(g, case, {"nonexistent": "0" * 64, "x": child.digest(x)}) == []
    assert mutated_inputs(g, case, None) == []
    assert mutated_inputs(g, case, ["x"]) == []
    assert mutated_inputs(g, case, {"x": 5}) == []
    adam = M.by_path()[ADAM]
    assert mutated_inputs(adam, adam.cases()[0], {"config": "0" * 64}) == []
