"""Misconceptions of ``classifiers/linear_classifier.py``: ``LinearClassifier.train`` (minibatch
sampling and the update; the loss is the driver's) and ``LinearClassifier.predict``."""
import numpy as np

from .base import lazy, mistakes_of

_L = "classifiers.linear_classifier.LinearClassifier."
TRAIN, PREDICT = _L + "train", _L + "predict"


def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200, verbose=False, seed=None, *,
          mistakes=frozenset()):
    m = mistakes
    X, y = lazy("classifiers.input_checks").check_training_data(X, y)
    X = X.astype(np.float64)
    if batch_size < 1 or num_iters < 0:
        raise ValueError(f"need batch_size >= 1 and num_iters >= 0, got batch_size={batch_size}, num_iters={num_iters}")
    num_train, dim = X.shape
    num_classes = int(np.max(y)) + 1
    rng = np.random.default_rng(seed)
    if self.W is None:
        self.W = 0.001 * rng.standard_normal((dim, num_classes))
    elif self.W.shape[0] != dim or self.W.shape[1] < num_classes:
        raise ValueError(f"this classifier already has W of shape {self.W.shape}, which does not fit X {X.shape}")
    replace = "without_replacement" not in m
    draw = np.random.choice if "global_rng" in m else rng.choice

    loss_history = []
    for it in range(num_iters):
        idx = draw(num_train, batch_size, replace=replace)
        X_batch = X[idx]
        y_batch = y[draw(num_train, batch_size, replace=replace)] if "separate_indices" in m else y[idx]

        loss, grad = self.loss(X_batch, y_batch, reg)
        loss_history.append(float(loss))

        if "uphill_step" in m:
            self.W += learning_rate * grad
        elif "no_learning_rate" in m:
            self.W -= grad
        elif "update_not_stored" in m:
            W = self.W - learning_rate * grad  # noqa: F841  (a local copy: self.W never changes)
        else:
            self.W -= learning_rate * grad
        if verbose and it % 100 == 0:
            print(f"iteration {it} / {num_iters}: loss {loss:f}")
    return loss_history


def predict(self, X, *, mistakes=frozenset()):
    if self.W is None:
        raise RuntimeError("This classifier has no weights yet: call train(X_train, y_train) first.")
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != self.W.shape[0]:
        raise ValueError(f"X must have shape (N, {self.W.shape[0]}) to match W {self.W.shape}, got {X.shape}")
    scores = X @ self.W
    if "wrong_axis" in mistakes:
        return np.argmax(scores, axis=0)
    if "ties_to_larger_class" in mistakes:
        return np.argsort(scores, axis=1, kind="stable")[:, -1]
    return np.argmax(scores, axis=1)


WRONG_VERSIONS = {TRAIN: train, PREDICT: predict}

_SAMPLE = ('"Each step samples batch_size indices WITH replacement as rng.choice(N, batch_size, replace=True)" '
           '(LinearClassifier.train)')
_UPDATE = '"updates W in place: W -= learning_rate * grad" (LinearClassifier.train)'

MISCONCEPTIONS = (
    mistakes_of(
        TRAIN,
        ("global_rng", "minibatches drawn from the global np.random instead of the seeded rng",
         "You sample with np.random.choice (CS231n's starter hint); this kit draws from the generator the "
         "given code creates, rng = np.random.default_rng(seed), so that training is reproducible: use "
         "rng.choice(num_train, batch_size, replace=True).", _SAMPLE,
         "CS231n assignment 1 (hint: \"Use np.random.choice to generate indices\")", ("loss_history", "W")),
        ("without_replacement", "the minibatch is sampled without replacement",
         "You sample without replacement (replace=False), which the CS231n hint allows; this kit samples with "
         "replacement, rng.choice(num_train, batch_size, replace=True), which also works when batch_size > N.",
         _SAMPLE, "CS231n assignment 1 (the hint allows sampling with or without replacement)",
         ("loss_history", "W")),
        ("separate_indices", "X_batch and y_batch come from two different draws",
         "Draw the indices once and use them for both: idx = rng.choice(...); X_batch = X[idx]; y_batch = y[idx]. "
         "Two draws pair examples with other examples' labels.",
         '"Store the data in X_batch and their corresponding labels in y_batch" (LinearClassifier.train, TODO)', "",
         ("loss_history", "W")),
        ("uphill_step", "the update goes uphill (W += learning_rate * grad)",
         "The gradient points uphill: gradient descent subtracts it, self.W -= learning_rate * grad.", _UPDATE, "",
         ("loss_history", "W")),
        ("no_learning_rate", "the update forgets the learning rate",
         "The step is learning_rate * grad, not grad: self.W -= learning_rate * grad.", _UPDATE, "",
         ("loss_history", "W")),
        ("update_not_stored", "the update is assigned to a local variable, self.W never changes",
         "W = self.W - learning_rate * grad makes a new local array; update the classifier's weights: "
         "self.W -= learning_rate * grad.", _UPDATE, "", ("loss_history", "W")),
    )
    + mistakes_of(
        PREDICT,
        ("wrong_axis", "argmax over the examples (axis=0) instead of the classes",
         "scores has one row per example: the predicted class is the argmax along each row, "
         "np.argmax(scores, axis=1) (shape (N,)).",
         '"y_pred is a 1-dimensional array of length N" (LinearClassifier.predict)', "", ("y_pred",)),
        ("ties_to_larger_class", "equal scores go to the larger class",
         "Taking the last index of a sort of the scores picks the larger class among equal scores; the rule is "
         "the smaller class, which np.argmax(scores, axis=1) returns (it picks the first maximum).",
         '"the index of the largest score; ties go to the smaller class" (LinearClassifier.predict)', "",
         ("y_pred",)),
    )
)

EXCLUSIVE = {
    TRAIN: [{"uphill_step", "no_learning_rate", "update_not_stored"}],
    PREDICT: [{"wrong_axis", "ties_to_larger_class"}],
}
