"""Hostile and broken submissions (issue 3, section 7): each is graded with a clear message
while the rest of the submission and the class are still graded.

To stay fast, one submission carries many runtime attacks at once (one per function), and
import-time attacks get a submission each; every scenario is one grading run.
"""

import pytest

from grading import parent as grader
from grading.limits import Limits
from tests.test_grader import ROOT, make_submission, points, replace_region

# attacks that loop forever are stopped at the 3 s case deadline; imports get a generous one (busy machines)
FAST = Limits(memory_bytes=1024**3, cpu_seconds=60, case_timeout=3.0, import_timeout=60.0)


KNN = "classifiers.k_nearest_neighbor.KNearestNeighbor."
LIN = "classifiers.linear_classifier.LinearClassifier."


def _runtime_attacks(tmp_path):
    outside = tmp_path / "outside_written.txt"
    ref_file = ROOT / "cs231n_lib" / "classifiers" / "linear_svm.py"
    other = tmp_path / "other_student" / "cs231n_lib" / "classifiers" / "linear_svm.py"
    other.parent.mkdir(parents=True)
    other.write_text("# another student's work\n")
    edits = {
        "classifiers/linear_svm.py": lambda t: replace_region(replace_region(t, "svm_loss_naive", """
while True:   # infinite loop
    pass
"""), "svm_loss_vectorized", """
hog = bytearray(8 * 1024**3)   # memory bomb
"""),
        "classifiers/softmax.py": lambda t: replace_region(replace_region(t, "softmax_loss_naive", """
import os
os._exit(3)
"""), "softmax_loss_vectorized", """
class Anything:
    def __eq__(self, other):
        return True
    __hash__ = None
loss, dW = Anything(), Anything()
"""),
        "classifiers/k_nearest_neighbor.py": lambda t: replace_region(replace_region(replace_region(replace_region(
            t, "compute_distances_two_loops", """
import sys
sys.exit("bye")
"""), "compute_distances_one_loop", f"""
print("x" * 5_000_000)   # 5 MB of printing, then the right answer
diff = self.X_train - X[i]
dists[i, :] = np.sqrt(np.sum(diff * diff, axis=1))
"""), "compute_distances_no_loops", f"""
# copy the reference (or another student's) answer if it can be read
import importlib.util, socket
for path in ({str(ref_file)!r}, {str(other)!r}):
    open(path).read()
socket.create_connection(("1.1.1.1", 53), timeout=1)
"""), "predict_labels", f"""
for path in ({str(outside)!r}, {str(ROOT / 'grading' / 'pwned.txt')!r}, __file__ + ".pwned"):
    try:
        open(path, "w").write("pwned")
    except OSError:
        pass
""", keep=True),
        "classifiers/linear_classifier.py": lambda t: replace_region(replace_region(t, "predict", """
y_pred = np.full(X.shape[0], np.nan)   # NaN, and float instead of int
"""), "train", """
X_batch, y_batch = X.T, y   # wrong shapes
"""),
    }
    return make_submission(tmp_path, "hostile", edits=edits), outside


def test_runtime_attacks_each_cost_only_their_function(tmp_path, sandbox_required):
    folder, outside = _runtime_attacks(tmp_path)
    r = grader.grade(folder, limits=FAST)
    f = r["functions"]
    p = points(r)
    fb = {k: v["feedback"] for k, v in f.items()}
    assert p["classifiers.linear_svm.svm_loss_naive"] == 0 and "longer than 3 s" in fb["classifiers.linear_svm.svm_loss_naive"]
    assert p["classifiers.linear_svm.svm_loss_vectorized"] == 0 and "memory" in fb["classifiers.linear_svm.svm_loss_vectorized"].lower()
    assert p["classifiers.softmax.softmax_loss_naive"] == 0 and "exited with code 3" in fb["classifiers.softmax.softmax_loss_naive"]
    assert p["classifiers.softmax.softmax_loss_vectorized"] == 0
    assert "type: got an object of type Anything" in fb["classifiers.softmax.softmax_loss_vectorized"]
    assert p[KNN + "compute_distances_two_loops"] == 0 and "sys.exit" in fb[KNN + "compute_distances_two_loops"]
    assert p[KNN + "compute_distances_one_loop"] == 1            # printing megabytes is harmless
    assert any("bytes more than" in n for n in r["notes"])
    assert p[KNN + "predict_labels"] == 1                        # its writes went nowhere
    assert not outside.exists() and not (ROOT / "grading" / "pwned.txt").exists()
    assert not list(folder.rglob("*.pwned"))
    assert p[LIN + "predict"] == 0 and "dtype" in fb[LIN + "predict"]
    assert p[LIN + "train"] == 0 and "raised" in fb[LIN + "train"]
    nl = fb[KNN + "compute_distances_no_loops"]
    assert p[KNN + "compute_distances_no_loops"] == 0 and "No such file" in nl, nl


def test_reading_the_reference_works_only_without_the_sandbox(tmp_path, sandbox_required):
    """The thief (load the reference package from the kit's checkout, call it) really succeeds
    unsandboxed, so the sandboxed zero comes from the sandbox."""
    ref = ROOT / "cs231n_lib"
    folder = make_submission(tmp_path, "thief", edits={"classifiers/linear_classifier.py": lambda t: replace_region(
        t, "predict", f"""
import importlib, importlib.util, sys
spec = importlib.util.spec_from_file_location("stolen", {str(ref / "__init__.py")!r},
                                              submodule_search_locations=[{str(ref)!r}])
sys.modules["stolen"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sys.modules["stolen"])
stolen = importlib.import_module("stolen.classifiers.linear_classifier")
y_pred = stolen.LinearClassifier.predict(self, X)
""")})
    path = [LIN + "predict"]
    assert grader.grade(folder, paths=path, limits=FAST, sandbox_mode="off")["total"] == 1
    r = grader.grade(folder, paths=path, limits=FAST)
    assert r["total"] == 0 and "No such file" in r["functions"][path[0]]["feedback"]


IMPORT_ATTACKS = {
    "syntax_error": ("classifiers/linear_svm.py", lambda t: t.replace("def svm_loss_naive(W, X, y, reg):", "def svm_loss_naive(W, X, y, reg)"),
                     "SyntaxError"),
    "import_error": ("classifiers/softmax.py", lambda t: "import numpy_extras_that_do_not_exist\n" + t, "ModuleNotFoundError"),
    "exit_at_import": ("classifiers/softmax.py", lambda t: "import sys\nsys.exit(0)\n" + t, "sys.exit"),
    "os_exit_at_import": ("classifiers/softmax.py", lambda t: "import os\nos._exit(0)\n" + t, "importing cs231n_lib.classifiers.softmax"),
    "loop_at_import": ("classifiers/softmax.py", lambda t: "while True:\n    pass\n" + t, "longer than"),
    # patch numpy at import: np.allclose, testing and rel_error-like helpers lie; outputs are zeros
    "numpy_patch": ("classifiers/softmax.py", lambda t: t.replace("import numpy as np", (
        "import numpy as np\nnp.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n"
        "np.testing.assert_allclose = lambda *a, **k: None\n_exp = np.exp\nnp.exp = lambda x, *a, **k: _exp(x) * 1.5\n"
        "import builtins\nbuiltins.abs = lambda x: 0\n"), 1), "relative error"),
}


@pytest.mark.parametrize("scenario", sorted(IMPORT_ATTACKS))
def test_import_time_attacks_cost_only_that_module(tmp_path, scenario):
    module, edit, expected = IMPORT_ATTACKS[scenario]
    folder = make_submission(tmp_path, scenario, edits={module: edit})
    paths = ["classifiers.softmax.softmax_loss_vectorized", "classifiers.linear_svm.svm_loss_vectorized",
             KNN + "predict_labels"]
    r = grader.grade(folder, paths=paths, limits=FAST)
    p = points(r)
    broken = "classifiers.linear_svm.svm_loss_vectorized" if "linear_svm" in module else "classifiers.softmax.softmax_loss_vectorized"
    assert p[broken] == 0, r
    assert expected in r["functions"][broken]["feedback"], r["functions"][broken]["feedback"]
    assert p[KNN + "predict_labels"] == 1                 # the rest is still graded
    others = [q for q in paths[:2] if q != broken]
    assert all(p[q] == 1 for q in others)


def test_missing_package_and_class_with_a_broken_submission(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "svm.ipynb").write_text("{}")
    r = grader.grade(empty, limits=FAST)
    assert r["total"] == 0 and all("no cs231n_lib folder" in f["feedback"] for f in r["functions"].values())
