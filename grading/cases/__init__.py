"""Hidden case generators: seeded inputs that differ from the notebooks' public checks.

One module per student module, as in ``grading/misconceptions/`` (``linear_svm.py`` holds the
cases of ``cs231n_lib/classifiers/linear_svm.py``, ...); ``base.py`` holds what they share.
Each generator returns a list of :class:`Case`. A case carries its inputs (numpy arrays and
plain numbers, by the names the manifest's driver spec uses), a short label for feedback
("N=1, D=3, C=2, reg=0"), optional per-output tolerances, and ``meta`` facts the feedback
analysis can use (N, reg, whether scores are very large, ...). The manifest names one generator
per graded function (``grading/manifest.py``); every generator is importable from here.
"""
from .base import Case, cases_for, drawn, loss_case, random_labels, seeded_rng
from .engine import engine_cases
from .fc_net import fcnet_init_cases, fcnet_loss_cases, twolayer_init_cases, twolayer_loss_cases
from .features import (block_normalize_cases, cell_histogram_cases, color_histogram_cases, image_gradient_cases,
                       rgb_to_hue_cases)
from .gates import (add_gate_cases, exp_gate_cases, gate_cases, log_gate_cases, matmul_gate_cases, max_gate_cases,
                    mul_gate_cases, pow_gate_cases, relu_gate_cases, sigmoid_gate_cases, sum_gate_cases,
                    tanh_gate_cases)
from .k_nearest_neighbor import knn_distance_cases, knn_label_cases
from .layers import (affine_cases, elu_cases, leaky_relu_cases, maxout_cases, relu_cases, score_loss_cases,
                     sigmoid_cases, softmax_score_loss_cases, svm_score_loss_cases, tanh_cases)
from .linear_classifier import linear_predict_cases, linear_train_cases
from .linear_svm import svm_cases
from .optim import adagrad_cases, adagrad_extra_cases, adam_cases, optim_cases, rmsprop_cases, sgd_momentum_cases
from .optimization import exponential_decay_cases, l1_regularization_cases, step_decay_cases
from .softmax import softmax_cases

__all__ = [
    "Case", "cases_for", "drawn", "loss_case", "random_labels", "seeded_rng",
    "engine_cases", "fcnet_init_cases", "fcnet_loss_cases", "twolayer_init_cases", "twolayer_loss_cases",
    "block_normalize_cases", "cell_histogram_cases", "color_histogram_cases", "image_gradient_cases",
    "rgb_to_hue_cases", "add_gate_cases", "exp_gate_cases", "gate_cases", "log_gate_cases", "matmul_gate_cases",
    "max_gate_cases", "mul_gate_cases", "pow_gate_cases", "relu_gate_cases", "sigmoid_gate_cases",
    "sum_gate_cases", "tanh_gate_cases", "knn_distance_cases", "knn_label_cases", "affine_cases", "elu_cases",
    "leaky_relu_cases", "maxout_cases", "relu_cases", "score_loss_cases", "sigmoid_cases",
    "softmax_score_loss_cases", "svm_score_loss_cases", "tanh_cases", "linear_predict_cases",
    "linear_train_cases", "svm_cases", "adagrad_cases", "adagrad_extra_cases", "adam_cases", "optim_cases",
    "rmsprop_cases", "sgd_momentum_cases", "exponential_decay_cases", "l1_regularization_cases",
    "step_decay_cases", "softmax_cases",
]
