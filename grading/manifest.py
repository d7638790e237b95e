"""The grading manifest: every graded student function, its points, how it is called, its hidden cases.

This list is the single source for everything keyed to graded functions:

- the hidden checks (``grading/parent.py`` runs each entry's cases in the sandboxed child and
  compares with the reference implementation on the same inputs);
- the rubric beyond values (``grading/rubric.py``: loops where a function is named for them);
- ``Autograde.exclude_overwriting`` and the student release (:func:`student_modules`);
- the messages of the release's stubs (:func:`stub_message`, from each entry's ``task``);
- the points of the notebooks' autograder-test cells (1 point per function unless an entry
  says otherwise; ``tests/test_manifest.py`` checks that the notebooks agree);
- one pytest marker per graded function (:attr:`Graded.marker`, applied by ``tests/conftest.py``).

Every dotted path is written out in full, so ``grep -rn layers.affine_backward grading/`` finds
its entry. Entries are grouped by assignment (``grading/assignments.py``); inside an assignment
their order is the grading order, the order of a result's ``functions``. Adding a graded function
is one :class:`Graded` entry here plus its case generator in ``grading/cases/<module>.py``. The
driver (how the function is called: ``call``, ``method``, ``forward_backward``, ...) is chosen
among the generic ones in ``grading/child.py``. Dotted paths are relative to ``cs231n_lib``:
``module.function`` or ``module.Class.method`` (``grading/dotted.py`` splits them).
"""
from dataclasses import dataclass
from typing import Callable, Optional, Tuple, Union

from . import cases as C
from .assignments import ASSIGNMENTS
from .dotted import DottedPath
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
    task: Union[str, Tuple[str, ...]] = ""  # what to do, for the release's stub; one text per region if several
    # Inputs the function may change in place (its docstring allows it): every other input it
    # receives must come back unchanged, or the case fails (grading/dispatch.py, mutated_inputs).
    # The update rules fill and update the ``config`` they return ("The config dictionary to pass
    # to the next call of the rule, with the updated state"); w and dw stay as they were.
    may_change: Tuple[str, ...] = ()

    @property
    def dotted(self) -> DottedPath:
        return DottedPath(self.path)

    @property
    def module(self) -> str:
        """The dotted module path, e.g. ``classifiers.linear_svm``."""
        return self.dotted.module

    @property
    def module_file(self) -> str:
        """The module file relative to ``cs231n_lib/``, e.g. ``classifiers/linear_svm.py``."""
        return self.dotted.module_file

    @property
    def marker(self) -> str:
        """The pytest marker of this function's tests (``pytest -m svm_loss_vectorized``): its name,
        or for a method whose name another entry shares, class and name (``TwoLayerNet_loss``,
        ``AddGate_backward``, ``TwoLayerNet_init``)."""
        name = self.dotted.name
        if sum(g.dotted.name == name for g in MANIFEST) == 1:
            return name
        return "_".join(part.strip("_") for part in self.dotted.attribute_chain)

    def stub_message(self, part: int = 0, parts: int = 1) -> str:
        """The message of the release's stub for solution region ``part`` (0-based) of ``parts``
        in this function, e.g. ``svm_loss_vectorized: compute the SVM loss and its gradient
        without loops (see the docstring)``."""
        tasks = (self.task,) if isinstance(self.task, str) else self.task
        what = tasks[part] if len(tasks) == parts else "; ".join(tasks)
        where = f" (part {part + 1} of {parts})" if parts > 1 else ""
        return f"{self.dotted.qualname}{where}: {what} (see the docstring)"


# Driver specs shared by several entries (the paths stay literal below).
_LOSS = {"args": ["W", "X", "y", "reg"], "outputs": ["loss", "dW"]}
_KNN_DIST = {"setup": [["train", ["X_train", "y_train"]]], "args": ["X"], "outputs": ["dists"]}
_UPDATE_RULE = {"args": ["w", "dw", "config"], "outputs": ["next_w", "config"]}
_CTX = {"ctx": "graph.gates.Context"}
_TWO_INPUT_GATE = {"args": ["a", "b"], "outputs": ["da", "db"], "kwargs": {}, "resolve": _CTX}
_ONE_INPUT_GATE = {"args": ["x"], "outputs": ["dx"], "kwargs": {}, "resolve": _CTX}
_FC_INIT = ["hidden_dims", "input_dim", "num_classes"]

MANIFEST = [
    # ==== linear_classifiers
    # knn.ipynb
    Graded("classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_two_loops", "linear_classifiers",
           "method", _KNN_DIST, C.knn_distance_cases,
           rubric=LoopRule("two nested", ("compute_distances_one_loop", "compute_distances_no_loops")),
           task="fill dists[i, j] with the L2 distance, in two nested loops"),
    Graded("classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_one_loop", "linear_classifiers",
           "method", _KNN_DIST, C.knn_distance_cases,
           rubric=LoopRule("one", ("compute_distances_two_loops", "compute_distances_no_loops")),
           task="fill dists[i, :] with the L2 distances, in one loop over the test points"),
    Graded("classifiers.k_nearest_neighbor.KNearestNeighbor.compute_distances_no_loops", "linear_classifiers",
           "method", _KNN_DIST, C.knn_distance_cases,
           rubric=LoopRule("none", ("compute_distances_two_loops", "compute_distances_one_loop")),
           task="compute all L2 distances without any loop"),
    Graded("classifiers.k_nearest_neighbor.KNearestNeighbor.predict_labels", "linear_classifiers", "method",
           {"setup": [["train", ["X_train", "y_train"]]], "args": ["dists"], "kwargs": {"k": "k"}, "outputs": ["y_pred"]},
           C.knn_label_cases,
           task="vote among the labels of the k nearest training points; a tie goes to the smaller label"),
    # svm.ipynb
    Graded("classifiers.linear_svm.svm_loss_naive", "linear_classifiers", "call", _LOSS, C.svm_cases,
           rubric=LoopRule("some", ("svm_loss_vectorized", "softmax_loss_vectorized")),
           task="compute the SVM loss and its gradient with loops"),
    Graded("classifiers.linear_svm.svm_loss_vectorized", "linear_classifiers", "call", _LOSS, C.svm_cases,
           rubric=LoopRule("none", ("svm_loss_naive",)),
           task="compute the SVM loss and its gradient without loops"),
    # softmax.ipynb
    Graded("classifiers.softmax.softmax_loss_naive", "linear_classifiers", "call", _LOSS, C.softmax_cases,
           rubric=LoopRule("some", ("softmax_loss_vectorized", "svm_loss_vectorized")),
           task="compute the softmax loss and its gradient with loops"),
    Graded("classifiers.softmax.softmax_loss_vectorized", "linear_classifiers", "call", _LOSS, C.softmax_cases,
           rubric=LoopRule("none", ("softmax_loss_naive",)),
           task="compute the softmax loss and its gradient without loops"),
    # svm.ipynb and softmax.ipynb: training and prediction
    Graded("classifiers.linear_classifier.LinearClassifier.train", "linear_classifiers", "linear_train", {},
           C.linear_train_cases,
           task=("sample a minibatch of batch_size examples, with replacement",
                 "update the weights with the gradient and the learning rate")),
    Graded("classifiers.linear_classifier.LinearClassifier.predict", "linear_classifiers", "method",
           {"attrs": {"W": "W"}, "args": ["X"], "outputs": ["y_pred"]}, C.linear_predict_cases,
           task="predict the class of highest score for each row of X"),
    # optimization.ipynb
    Graded("optimization.step_decay", "linear_classifiers", "call",
           {"args": ["learning_rate", "epoch"], "kwargs": {"drop": "drop", "epochs_per_drop": "epochs_per_drop"},
            "outputs": ["lr"]}, C.step_decay_cases,
           task="multiply the learning rate by drop every epochs_per_drop epochs"),
    Graded("optimization.exponential_decay", "linear_classifiers", "call",
           {"args": ["learning_rate", "epoch"], "kwargs": {"k": "k"}, "outputs": ["lr"]}, C.exponential_decay_cases,
           task="return learning_rate * exp(-k * epoch)"),
    Graded("optimization.l1_regularization", "linear_classifiers", "call",
           {"args": ["W", "reg"], "outputs": ["loss", "dW"]}, C.l1_regularization_cases,
           task="compute the L1 penalty and its (sub)gradient"),

    # ==== computational_graphs (computational_graphs.ipynb): the gates' backward passes, then the engine
    Graded("graph.gates.AddGate.backward", "computational_graphs", "gate", _TWO_INPUT_GATE, C.add_gate_cases,
           task="return the gradients of a + b with respect to a and b"),
    Graded("graph.gates.MulGate.backward", "computational_graphs", "gate", _TWO_INPUT_GATE, C.mul_gate_cases,
           task="return the gradients of a * b with respect to a and b"),
    Graded("graph.gates.MaxGate.backward", "computational_graphs", "gate", _TWO_INPUT_GATE, C.max_gate_cases,
           task="return the gradients of max(a, b) with respect to a and b"),
    Graded("graph.gates.MatMulGate.backward", "computational_graphs", "gate", _TWO_INPUT_GATE, C.matmul_gate_cases,
           task="return the gradients of a @ b with respect to a and b"),
    Graded("graph.gates.ExpGate.backward", "computational_graphs", "gate", _ONE_INPUT_GATE, C.exp_gate_cases,
           task="return the gradient of exp(x) with respect to x"),
    Graded("graph.gates.LogGate.backward", "computational_graphs", "gate", _ONE_INPUT_GATE, C.log_gate_cases,
           task="return the gradient of log(x) with respect to x"),
    Graded("graph.gates.SigmoidGate.backward", "computational_graphs", "gate", _ONE_INPUT_GATE, C.sigmoid_gate_cases,
           task="return the gradient of sigmoid(x) with respect to x"),
    Graded("graph.gates.ReLUGate.backward", "computational_graphs", "gate", _ONE_INPUT_GATE, C.relu_gate_cases,
           task="return the gradient of max(0, x) with respect to x"),
    Graded("graph.gates.TanhGate.backward", "computational_graphs", "gate", _ONE_INPUT_GATE, C.tanh_gate_cases,
           task="return the gradient of tanh(x) with respect to x"),
    Graded("graph.gates.PowGate.backward", "computational_graphs", "gate",
           {"args": ["x", "p"], "outputs": ["dx"], "kwargs": {}, "resolve": _CTX}, C.pow_gate_cases,
           task="return the gradient of x ** p with respect to x"),
    Graded("graph.gates.SumGate.backward", "computational_graphs", "gate",
           {"args": ["x"], "outputs": ["dx"], "kwargs": {"axis": "axis", "keepdims": "keepdims"}, "resolve": _CTX},
           C.sum_gate_cases,
           task="return the gradient of the sum with respect to x"),
    Graded("graph.engine.Value.backward", "computational_graphs", "engine",
           {"resolve": {"function": "graph.gates.Function"}}, C.engine_cases,
           task="order the nodes topologically, then propagate the gradient from this node back to every node"),

    # ==== neural_networks
    # two_layer_net.ipynb: layers (forward, then backward through the reference forward's cache)
    Graded("layers.affine_forward", "neural_networks", "call",
           {"args": ["x", "w", "b"], "outputs": ["out", "_cache"]}, C.affine_cases,
           task="compute out = x w + b, with each example of x reshaped to a row"),
    Graded("layers.affine_backward", "neural_networks", "forward_backward",
           {"args": ["x", "w", "b"], "outputs": ["dx", "dw", "db"]}, C.affine_cases,
           task="compute dx, dw and db from dout and the cache"),
    Graded("layers.relu_forward", "neural_networks", "call", {"args": ["x"], "outputs": ["out", "_cache"]},
           C.relu_cases,
           task="compute out = max(0, x) elementwise"),
    Graded("layers.relu_backward", "neural_networks", "forward_backward", {"args": ["x"], "outputs": ["dx"]},
           C.relu_cases,
           task="compute dx from dout and the cache"),
    Graded("layers.sigmoid_forward", "neural_networks", "call", {"args": ["x"], "outputs": ["out", "_cache"]},
           C.sigmoid_cases,
           task="compute out = 1 / (1 + exp(-x)) elementwise, without overflow"),
    Graded("layers.sigmoid_backward", "neural_networks", "forward_backward", {"args": ["x"], "outputs": ["dx"]},
           C.sigmoid_cases,
           task="compute dx from dout and the cache"),
    Graded("layers.tanh_forward", "neural_networks", "call", {"args": ["x"], "outputs": ["out", "_cache"]},
           C.tanh_cases,
           task="compute out = tanh(x) elementwise"),
    Graded("layers.tanh_backward", "neural_networks", "forward_backward", {"args": ["x"], "outputs": ["dx"]},
           C.tanh_cases,
           task="compute dx from dout and the cache"),
    Graded("layers.leaky_relu_forward", "neural_networks", "call",
           {"args": ["x"], "outputs": ["out", "_cache"], "kwargs": {"alpha": "alpha"}}, C.leaky_relu_cases,
           task="compute out = x where x > 0, alpha * x elsewhere"),
    Graded("layers.leaky_relu_backward", "neural_networks", "forward_backward",
           {"args": ["x"], "outputs": ["dx"], "kwargs": {"alpha": "alpha"}}, C.leaky_relu_cases,
           task="compute dx from dout and the cache"),
    Graded("layers.elu_forward", "neural_networks", "call",
           {"args": ["x"], "outputs": ["out", "_cache"], "kwargs": {"alpha": "alpha"}}, C.elu_cases,
           task="compute out = x where x > 0, alpha * (exp(x) - 1) elsewhere"),
    Graded("layers.elu_backward", "neural_networks", "forward_backward",
           {"args": ["x"], "outputs": ["dx"], "kwargs": {"alpha": "alpha"}}, C.elu_cases,
           task="compute dx from dout and the cache"),
    Graded("layers.maxout_forward", "neural_networks", "call",
           {"args": ["x", "w", "b"], "outputs": ["out", "_cache"]}, C.maxout_cases,
           task="compute the largest of the k linear pieces of each unit"),
    Graded("layers.maxout_backward", "neural_networks", "forward_backward",
           {"args": ["x", "w", "b"], "outputs": ["dx", "dw", "db"]}, C.maxout_cases,
           task="compute dx, dw and db from dout and the cache"),
    Graded("layers.softmax_loss", "neural_networks", "call", {"args": ["x", "y"], "outputs": ["loss", "dx"]},
           C.softmax_score_loss_cases,
           task="compute the softmax loss and its gradient with respect to the scores"),
    Graded("layers.svm_loss", "neural_networks", "call", {"args": ["x", "y"], "outputs": ["loss", "dx"]},
           C.svm_score_loss_cases,
           task="compute the SVM loss and its gradient with respect to the scores"),
    # optimizers.ipynb: update rules
    Graded("optim.sgd_momentum", "neural_networks", "call", _UPDATE_RULE, C.sgd_momentum_cases, may_change=("config",),
           task="update the velocity, then w"),
    Graded("optim.rmsprop", "neural_networks", "call", _UPDATE_RULE, C.rmsprop_cases, may_change=("config",),
           task="update the moving average of squared gradients, then w"),
    Graded("optim.adam", "neural_networks", "call", _UPDATE_RULE, C.adam_cases, may_change=("config",),
           task="update m, v and t, then w with the bias-corrected moments"),
    # two_layer_net.ipynb: the two-layer net
    Graded("classifiers.fc_net.TwoLayerNet.__init__", "neural_networks", "construct",
           {"init": ["input_dim", "hidden_dim", "num_classes"], "kwargs": {"weight_scale": "weight_scale", "seed": "seed"},
            "outputs": ["params"]}, C.twolayer_init_cases,
           task="initialize W1, b1, W2 and b2 in self.params"),
    Graded("classifiers.fc_net.TwoLayerNet.loss", "neural_networks", "model_loss",
           {"init": ["input_dim", "hidden_dim", "num_classes"], "kwargs": {"reg": "reg", "activation": "activation"},
            "fallback_attrs": {"reg": "reg", "activation": "activation", "dtype": "np.dtype('float64')"},
            "args": ["X", "y"], "outputs": ["loss", "grads"]}, C.twolayer_loss_cases,
           task=("compute the class scores: the forward pass",
                 "compute the loss and the gradients of every parameter: the backward pass")),
    # features.ipynb: image features
    Graded("features.rgb_to_hue", "neural_networks", "call", {"args": ["images"], "outputs": ["hue"]},
           C.rgb_to_hue_cases,
           task="compute the hue of every pixel as a fraction of a full turn"),
    Graded("features.color_histogram", "neural_networks", "call",
           {"args": ["images"], "kwargs": {"num_bins": "num_bins"}, "outputs": ["hist"]}, C.color_histogram_cases,
           task="count the fraction of pixels in each hue bin"),
    Graded("features.image_gradients", "neural_networks", "call", {"args": ["images"], "outputs": ["gx", "gy"]},
           C.image_gradient_cases,
           task="compute gx and gy by centred differences"),
    Graded("features.cell_orientation_histogram", "neural_networks", "call",
           {"args": ["gx", "gy"], "kwargs": {"num_bins": "num_bins"}, "outputs": ["hist"]}, C.cell_histogram_cases,
           task="add the gradient magnitude of each pixel to its orientation bin"),
    Graded("features.block_normalize", "neural_networks", "call",
           {"args": ["cell_histograms"], "kwargs": {"cells_per_block": "cells_per_block"}, "outputs": ["blocks"]},
           C.block_normalize_cases,
           task="L2-Hys normalize every block of cells_per_block x cells_per_block cells"),
    # optimizers.ipynb and fully_connected_nets.ipynb: Adagrad and the fully connected net
    Graded("optim.adagrad", "neural_networks", "call", _UPDATE_RULE, C.adagrad_cases, may_change=("config",),
           task="add the squared gradient to the cache, then update w"),
    Graded("classifiers.fc_net.FullyConnectedNet.__init__", "neural_networks", "construct",
           {"init": _FC_INIT, "kwargs": {"weight_scale": "weight_scale", "seed": "seed"}, "outputs": ["params"]},
           C.fcnet_init_cases,
           task="initialize W1, b1, ..., WL, bL in self.params"),
    Graded("classifiers.fc_net.FullyConnectedNet.loss", "neural_networks", "model_loss",
           {"init": _FC_INIT, "kwargs": {"reg": "reg", "activation": "activation"},
            "fallback_attrs": {"reg": "reg", "activation": "activation", "dtype": "np.dtype('float64')",
                               "num_layers": "num_layers"},
            "args": ["X", "y"], "outputs": ["loss", "grads"]}, C.fcnet_loss_cases,
           task=("compute the class scores: the forward pass through every layer",
                 "compute the loss and the gradients of every parameter: the backward pass")),
]


def by_path() -> dict:
    """``{dotted path: Graded}``."""
    return {g.path: g for g in MANIFEST}


def for_assignment(assignment: str) -> list:
    """The entries of one assignment, in manifest order (the grading order)."""
    if assignment not in ASSIGNMENTS:
        raise KeyError(f"unknown assignment {assignment!r}; known: {', '.join(ASSIGNMENTS)}")
    return [g for g in MANIFEST if g.assignment == assignment]


def student_modules(assignment: Optional[str] = None) -> list:
    """Sorted module files (relative to ``cs231n_lib/``) that hold graded functions:
    of one assignment, or of all assignments when ``assignment`` is None."""
    entries = MANIFEST if assignment is None else for_assignment(assignment)
    return sorted({g.module_file for g in entries})


def stub_message(qualname: str, module_file: Optional[str] = None, part: int = 0, parts: int = 1) -> str:
    """The message of the release's stub for solution region ``part`` of ``parts`` in the function
    ``qualname`` (``svm_loss_vectorized``, ``TwoLayerNet.loss``) of ``module_file`` (relative to
    ``cs231n_lib/``, or None when unknown: then the qualname alone finds the entry). A region of a
    function that is not graded (a helper) says where it is and to fill it in."""
    entries = [g for g in MANIFEST if g.dotted.qualname == qualname]
    if module_file is not None:
        entries = [g for g in entries if ("/" + module_file.replace("\\", "/")).endswith("/" + g.module_file)] or entries
    if len(entries) == 1:
        return entries[0].stub_message(part, parts)
    where = f" (part {part + 1} of {parts})" if parts > 1 else ""
    return f"{qualname}{where}: write this part (see the docstring)"


def max_points(assignment: Optional[str] = None) -> float:
    entries = MANIFEST if assignment is None else for_assignment(assignment)
    return float(sum(g.points for g in entries))
