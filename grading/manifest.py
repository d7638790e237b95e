"""The grading manifest: every graded student function, its points, how it is called, its hidden cases.

This list is the single source for everything keyed to graded functions:

- the hidden checks (``grading/parent.py`` runs each entry's cases in the sandboxed child and
  compares with the reference implementation on the same inputs);
- the rubric beyond values (``grading/rubric.py``: loops where a function is named for them);
- ``Autograde.exclude_overwriting`` and the student release (:func:`student_modules`);
- the points of the notebooks' autograder-test cells (1 point per function unless an entry
  says otherwise; ``tests/test_manifest.py`` checks that the notebooks agree).

Adding a graded function is one :class:`Graded` entry here plus its case generator in
``grading/cases.py``. The driver (how the function is called: ``call``, ``method``,
``forward_backward``, ...) is chosen among the generic ones in ``grading/child.py``.
Dotted paths are relative to ``cs231n_lib``: ``module.function`` or ``module.Class.method``.
"""
from dataclasses import dataclass
from typing import Callable, Optional

from . import cases as C
from .assignments import ASSIGNMENTS
from .rubric import LoopRule


@dataclass(frozen=True)
class Graded:
    path: str                   # e.g. "classifiers.linear_svm.svm_loss_vectorized"
    assignment: str             # a key of grading.assignments.ASSIGNMENTS
    driver: str                 # a key of grading.child.DRIVERS
    spec: dict                  # the driver's arguments (which inputs, output names)
    cases: Callable             # () -> list[grading.cases.Case]
    points: float = 1.0
    rubric: Optional[LoopRule] = None   # what the source must look like (grading/rubric.py)

    @property
    def module(self):
        """The dotted module path, e.g. ``classifiers.linear_svm``."""
        parts = self.path.split(".")
        split = len(parts) - 1
        while split > 1 and parts[split - 1][:1].isupper():
            split -= 1
        return ".".join(parts[:split])

    @property
    def module_file(self):
        """The module file relative to ``cs231n_lib/``, e.g. ``classifiers/linear_svm.py``."""
        return self.module.replace(".", "/") + ".py"


_LOSS = {"args": ["W", "X", "y", "reg"], "outputs": ["loss", "dW"]}
_KNN_DIST = {"setup": [["train", ["X_train", "y_train"]]], "args": ["X"], "outputs": ["dists"]}
_KNN = "classifiers.k_nearest_neighbor.KNearestNeighbor."
_LIN = "classifiers.linear_classifier.LinearClassifier."

MANIFEST = [
    # ---- assignment 1: kNN and linear classifiers (issue 2)
    Graded(_KNN + "compute_distances_two_loops", "linear_classifiers", "method", _KNN_DIST, C.knn_distance_cases,
           rubric=LoopRule("two nested", ("compute_distances_one_loop", "compute_distances_no_loops"))),
    Graded(_KNN + "compute_distances_one_loop", "linear_classifiers", "method", _KNN_DIST, C.knn_distance_cases,
           rubric=LoopRule("one", ("compute_distances_two_loops", "compute_distances_no_loops"))),
    Graded(_KNN + "compute_distances_no_loops", "linear_classifiers", "method", _KNN_DIST, C.knn_distance_cases,
           rubric=LoopRule("none", ("compute_distances_two_loops", "compute_distances_one_loop"))),
    Graded(_KNN + "predict_labels", "linear_classifiers", "method",
           {"setup": [["train", ["X_train", "y_train"]]], "args": ["dists"], "kwargs": {"k": "k"}, "outputs": ["y_pred"]},
           C.knn_label_cases),
    Graded("classifiers.linear_svm.svm_loss_naive", "linear_classifiers", "call", _LOSS, C.svm_cases,
           rubric=LoopRule("some", ("svm_loss_vectorized", "softmax_loss_vectorized"))),
    Graded("classifiers.linear_svm.svm_loss_vectorized", "linear_classifiers", "call", _LOSS, C.svm_cases,
           rubric=LoopRule("none", ("svm_loss_naive",))),
    Graded("classifiers.softmax.softmax_loss_naive", "linear_classifiers", "call", _LOSS, C.softmax_cases,
           rubric=LoopRule("some", ("softmax_loss_vectorized", "svm_loss_vectorized"))),
    Graded("classifiers.softmax.softmax_loss_vectorized", "linear_classifiers", "call", _LOSS, C.softmax_cases,
           rubric=LoopRule("none", ("softmax_loss_naive",))),
    Graded(_LIN + "train", "linear_classifiers", "linear_train", {}, C.linear_train_cases),
    Graded(_LIN + "predict", "linear_classifiers", "method", {"attrs": {"W": "W"}, "args": ["X"], "outputs": ["y_pred"]},
           C.linear_predict_cases),
]


def by_path():
    """``{dotted path: Graded}``."""
    return {g.path: g for g in MANIFEST}


def for_assignment(assignment):
    """The entries of one assignment, in manifest order."""
    if assignment not in ASSIGNMENTS:
        raise KeyError(f"unknown assignment {assignment!r}; known: {', '.join(ASSIGNMENTS)}")
    return [g for g in MANIFEST if g.assignment == assignment]


def student_modules(assignment=None):
    """Sorted module files (relative to ``cs231n_lib/``) that hold graded functions:
    of one assignment, or of all assignments when ``assignment`` is None."""
    entries = MANIFEST if assignment is None else for_assignment(assignment)
    return sorted({g.module_file for g in entries})


def max_points(assignment=None):
    entries = MANIFEST if assignment is None else for_assignment(assignment)
    return float(sum(g.points for g in entries))


# ---- assignment 3: neural networks (issue 5): layers, update rules, the two-layer net
def _layer(name, args, outputs, cases, kwargs=None):
    kw = {"kwargs": kwargs} if kwargs else {}
    return [
        Graded(f"layers.{name}_forward", "neural_networks", "call", {"args": args, "outputs": ["out", "_cache"], **kw}, cases),
        Graded(f"layers.{name}_backward", "neural_networks", "forward_backward", {"args": args, "outputs": outputs, **kw}, cases),
    ]


MANIFEST += (
    _layer("affine", ["x", "w", "b"], ["dx", "dw", "db"], C.affine_cases)
    + _layer("relu", ["x"], ["dx"], C.relu_cases)
    + _layer("sigmoid", ["x"], ["dx"], C.sigmoid_cases)
    + _layer("tanh", ["x"], ["dx"], C.tanh_cases)
    + _layer("leaky_relu", ["x"], ["dx"], C.leaky_relu_cases, kwargs={"alpha": "alpha"})
    + _layer("elu", ["x"], ["dx"], C.elu_cases, kwargs={"alpha": "alpha"})
    + _layer("maxout", ["x", "w", "b"], ["dx", "dw", "db"], C.maxout_cases)
    + [
        Graded("layers.softmax_loss", "neural_networks", "call", {"args": ["x", "y"], "outputs": ["loss", "dx"]},
               lambda: C.score_loss_cases("softmax")),
        Graded("layers.svm_loss", "neural_networks", "call", {"args": ["x", "y"], "outputs": ["loss", "dx"]},
               lambda: C.score_loss_cases("svm")),
    ]
    + [Graded(f"optim.{rule}", "neural_networks", "call", {"args": ["w", "dw", "config"], "outputs": ["next_w", "config"]},
              (lambda r=rule: C.optim_cases(r))) for rule in ("sgd_momentum", "rmsprop", "adam")]
    + [
        Graded("classifiers.fc_net.TwoLayerNet.__init__", "neural_networks", "construct",
               {"init": ["input_dim", "hidden_dim", "num_classes"], "kwargs": {"weight_scale": "weight_scale", "seed": "seed"},
                "outputs": ["params"]}, C.twolayer_init_cases),
        Graded("classifiers.fc_net.TwoLayerNet.loss", "neural_networks", "model_loss",
               {"init": ["input_dim", "hidden_dim", "num_classes"], "kwargs": {"reg": "reg", "activation": "activation"},
                "fallback_attrs": {"reg": "reg", "activation": "activation", "dtype": "np.dtype('float64')"},
                "args": ["X", "y"], "outputs": ["loss", "grads"]}, C.twolayer_loss_cases),
    ]
)

# ---- assignment 2: computational graphs (issue 4): the gates' backward passes and the engine
_GATE_ARGS = {"AddGate": ["a", "b"], "MulGate": ["a", "b"], "MaxGate": ["a", "b"], "MatMulGate": ["a", "b"],
              "ExpGate": ["x"], "LogGate": ["x"], "SigmoidGate": ["x"], "ReLUGate": ["x"], "TanhGate": ["x"],
              "PowGate": ["x", "p"], "SumGate": ["x"]}
MANIFEST += [
    Graded(f"graph.gates.{gate}.backward", "computational_graphs", "gate",
           {"args": args, "outputs": ["da", "db"] if len(args) == 2 and gate != "PowGate" else ["dx"],
            "kwargs": {"axis": "axis", "keepdims": "keepdims"} if gate == "SumGate" else {},
            "resolve": {"ctx": "graph.gates.Context"}},
           (lambda g=gate: C.gate_cases(g)))
    for gate, args in _GATE_ARGS.items()
] + [
    Graded("graph.engine.Value.backward", "computational_graphs", "engine",
           {"resolve": {"function": "graph.gates.Function"}}, C.engine_cases),
]

# ==== BEGIN features block: image features (features.ipynb, issue: lecture 3 features)
MANIFEST += [
    Graded("features.rgb_to_hue", "neural_networks", "call", {"args": ["images"], "outputs": ["hue"]},
           C.rgb_to_hue_cases),
    Graded("features.color_histogram", "neural_networks", "call",
           {"args": ["images"], "kwargs": {"num_bins": "num_bins"}, "outputs": ["hist"]}, C.color_histogram_cases),
    Graded("features.image_gradients", "neural_networks", "call", {"args": ["images"], "outputs": ["gx", "gy"]},
           C.image_gradient_cases),
    Graded("features.cell_orientation_histogram", "neural_networks", "call",
           {"args": ["gx", "gy"], "kwargs": {"num_bins": "num_bins"}, "outputs": ["hist"]}, C.cell_histogram_cases),
    Graded("features.block_normalize", "neural_networks", "call",
           {"args": ["cell_histograms"], "kwargs": {"cells_per_block": "cells_per_block"}, "outputs": ["blocks"]},
           C.block_normalize_cases),
]
# ==== END features block
# ---- deepnets: Adagrad and FullyConnectedNet (neural_networks)
_FC = "classifiers.fc_net.FullyConnectedNet."
_FC_INIT = ["hidden_dims", "input_dim", "num_classes"]
MANIFEST += [
    Graded("optim.adagrad", "neural_networks", "call", {"args": ["w", "dw", "config"], "outputs": ["next_w", "config"]},
           lambda: C.optim_cases("adagrad")),
    Graded(_FC + "__init__", "neural_networks", "construct",
           {"init": _FC_INIT, "kwargs": {"weight_scale": "weight_scale", "seed": "seed"}, "outputs": ["params"]},
           C.fcnet_init_cases),
    Graded(_FC + "loss", "neural_networks", "model_loss",
           {"init": _FC_INIT, "kwargs": {"reg": "reg", "activation": "activation"},
            "fallback_attrs": {"reg": "reg", "activation": "activation", "dtype": "np.dtype('float64')",
                               "num_layers": "num_layers"},
            "args": ["X", "y"], "outputs": ["loss", "grads"]}, C.fcnet_loss_cases),
]

# ---- deepnets: lecture 3's optimization (linear_classifiers, optimization.ipynb)
MANIFEST += [
    Graded("optimization.step_decay", "linear_classifiers", "call",
           {"args": ["learning_rate", "epoch"], "kwargs": {"drop": "drop", "epochs_per_drop": "epochs_per_drop"},
            "outputs": ["lr"]}, C.step_decay_cases),
    Graded("optimization.exponential_decay", "linear_classifiers", "call",
           {"args": ["learning_rate", "epoch"], "kwargs": {"k": "k"}, "outputs": ["lr"]}, C.exponential_decay_cases),
    Graded("optimization.l1_regularization", "linear_classifiers", "call",
           {"args": ["W", "reg"], "outputs": ["loss", "dW"]}, C.l1_regularization_cases),
]
