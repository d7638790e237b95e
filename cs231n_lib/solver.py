"""The Solver: trains a classification model with minibatch gradient descent.

Given code (not a student task), written to be read. A Solver works with any model
that has
- ``model.params``: a dictionary mapping parameter names to numpy arrays;
- ``model.loss(X, y)``: returns ``(loss, grads)`` with one gradient per parameter
  (``grads`` has the keys of ``model.params``), and ``model.loss(X)`` returns the
  class scores of shape (N, C).

Example::

    data = {"X_train": ..., "y_train": ..., "X_val": ..., "y_val": ...}
    model = TwoLayerNet(input_dim, hidden_dim, num_classes, weight_scale=1e-2, reg=1e-3)
    solver = Solver(model, data, update_rule="sgd_momentum",
                    optim_config={"learning_rate": 1e-3}, lr_decay=0.95,
                    num_epochs=10, batch_size=200, seed=0)
    solver.train()
    # model.params now holds the parameters with the best validation accuracy;
    # solver.loss_history, solver.train_acc_history and solver.val_acc_history
    # hold the curves to plot.

One epoch is one pass over the training set in a random order (a fresh shuffle each
epoch), in minibatches of ``batch_size`` examples; the last, incomplete minibatch of an
epoch is skipped, so an epoch has ``max(1, num_train // batch_size)`` iterations.
After each epoch the Solver measures the training accuracy (on a random subset of
``num_train_samples`` training examples) and the validation accuracy, keeps a copy of
the parameters if the validation accuracy is the best so far, and multiplies the
learning rate by ``lr_decay``.
"""
import numpy as np

from . import optim
from .notebook_utils import progress


class Solver:
    """Trains a model with one of the update rules of ``cs231n_lib.optim``.

    Attributes after ``train()``:
    - loss_history: list of the minibatch losses, one per iteration
    - train_acc_history: list of training accuracies, at epoch 0 (before training)
      and after each epoch
    - val_acc_history: list of validation accuracies, at the same moments
    - best_val_acc: the best validation accuracy seen
    - best_params: a copy of the model's parameters at that moment (also put back
      into ``model.params`` at the end of training, unless ``keep_best=False``)
    - epoch: the number of epochs done so far
    """

    def __init__(
        self,
        model,
        data,
        update_rule="sgd",
        optim_config=None,
        lr_decay=1.0,
        batch_size=100,
        num_epochs=10,
        num_train_samples=1000,
        num_val_samples=None,
        print_every=10,
        verbose=True,
        seed=None,
        keep_best=True,
    ):
        """Make a new Solver.

        Required inputs:
        - model: A model object with ``params`` and ``loss`` as described above.
        - data: A dictionary with the training and validation data:
          - "X_train": Array of shape (N_train, d_1, ..., d_k) of training inputs
            (images of shape (N, H, W, C) are fine: the model flattens them)
          - "X_val": Array of shape (N_val, d_1, ..., d_k) of validation inputs
          - "y_train": Array of shape (N_train,) of labels for the training inputs
          - "y_val": Array of shape (N_val,) of labels for the validation inputs
          Other keys (such as X_test) are ignored.

        Optional inputs:
        - update_rule: The name of an update rule in cs231n_lib.optim ("sgd",
          "sgd_momentum", "adagrad", "rmsprop", "adam"), or a function with the same interface,
          ``rule(w, dw, config) -> (next_w, config)``.
        - optim_config: A dictionary of hyperparameters passed to the update rule
          (e.g. {"learning_rate": 1e-3}). Each parameter of the model gets its own
          copy, in which the rule keeps its state (velocity, moments...).
        - lr_decay: The learning rate is multiplied by this factor after each epoch.
        - batch_size: The size of the minibatches used to compute the loss and
          gradient during training.
        - num_epochs: The number of epochs to run for during training.
        - num_train_samples: The number of training examples used to measure the
          training accuracy after each epoch; None uses the whole training set.
        - num_val_samples: The number of validation examples used to measure the
          validation accuracy; None (the default) uses the whole validation set.
        - print_every: Print the training loss every print_every iterations
          (None or 0: only the per-epoch summaries).
        - verbose: If False, print nothing and draw no progress bar.
        - seed: Seed for the shuffling and the subsampling (an int or None).
        - keep_best: If True (the default), put the parameters with the best validation
          accuracy back into the model at the end (early stopping); if False, the model
          keeps the parameters of the last iteration.
        """
        required = ["X_train", "y_train", "X_val", "y_val"]
        missing = [key for key in required if key not in data]
        if missing:
            raise KeyError(f"data is missing {missing}: the Solver needs the keys {required}")
        self.model = model
        self.X_train, self.y_train = data["X_train"], data["y_train"]
        self.X_val, self.y_val = data["X_val"], data["y_val"]

        self.update_rule = self._find_update_rule(update_rule)
        self.optim_config = dict(optim_config or {})
        self.lr_decay = lr_decay
        self.batch_size = batch_size
        self.num_epochs = num_epochs
        self.num_train_samples = num_train_samples
        self.num_val_samples = num_val_samples
        self.print_every = print_every
        self.verbose = verbose
        self.rng = np.random.default_rng(seed)
        self.keep_best = keep_best

        self._reset()

    @staticmethod
    def _find_update_rule(update_rule):
        if callable(update_rule):
            return update_rule
        rules = ["sgd", "sgd_momentum", "adagrad", "rmsprop", "adam"]
        if update_rule not in rules:
            raise ValueError(
                f"unknown update_rule {update_rule!r}: use one of {rules} (the functions of "
                "cs231n_lib.optim) or pass a function rule(w, dw, config) -> (next_w, config)"
            )
        return getattr(optim, update_rule)

    def _reset(self):
        """Set up the book-keeping variables. Called by __init__; do not call it yourself."""
        self.epoch = 0
        self.best_val_acc = 0.0
        self.best_params = {}
        self.loss_history = []
        self.train_acc_history = []
        self.val_acc_history = []
        # One config (hyperparameters and optimizer state) per model parameter.
        self.optim_configs = {name: dict(self.optim_config) for name in self.model.params}

    def _step(self, batch_indices):
        """One gradient update on one minibatch. Called by train(); do not call it yourself."""
        X_batch = self.X_train[batch_indices]
        y_batch = self.y_train[batch_indices]

        loss, grads = self.model.loss(X_batch, y_batch)
        self.loss_history.append(float(loss))

        for name, w in self.model.params.items():
            next_w, next_config = self.update_rule(w, grads[name], self.optim_configs[name])
            self.model.params[name] = next_w
            self.optim_configs[name] = next_config

    def check_accuracy(self, X, y, num_samples=None, batch_size=1000):
        """Accuracy of the model on the data provided.

        Inputs:
        - X: Array of data, of shape (N, d_1, ..., d_k)
        - y: Array of labels, of shape (N,)
        - num_samples: If not None, measure on a random subset of num_samples examples.
        - batch_size: Predict in batches of this size (to bound the memory used).

        Returns:
        - acc: Scalar giving the fraction of examples correctly classified by the model.
        """
        N = X.shape[0]
        if num_samples is not None and N > num_samples:
            subset = self.rng.choice(N, num_samples, replace=False)
            X, y = X[subset], y[subset]
            N = num_samples

        y_pred = []
        for start in range(0, N, batch_size):
            scores = self.model.loss(X[start:start + batch_size])
            y_pred.append(np.argmax(scores, axis=1))
        y_pred = np.concatenate(y_pred)
        return float(np.mean(y_pred == y))

    def _record_accuracies(self):
        """Measure the train and validation accuracies and keep the best parameters."""
        train_acc = self.check_accuracy(self.X_train, self.y_train, num_samples=self.num_train_samples)
        val_acc = self.check_accuracy(self.X_val, self.y_val, num_samples=self.num_val_samples)
        self.train_acc_history.append(train_acc)
        self.val_acc_history.append(val_acc)

        if val_acc > self.best_val_acc or not self.best_params:
            self.best_val_acc = val_acc
            self.best_params = {name: w.copy() for name, w in self.model.params.items()}
        return train_acc, val_acc

    def _log(self, message):
        # The progress bar redraws its line with "\r" on standard output: start our message
        # with "\r", clear the rest of the bar, and end the line, so the two never mix.
        if self.verbose:
            print("\r" + message.ljust(70), flush=True)

    def train(self):
        """Run optimization to train the model."""
        num_train = self.X_train.shape[0]
        batch_size = min(self.batch_size, num_train)
        iterations_per_epoch = max(num_train // batch_size, 1)
        num_iterations = self.num_epochs * iterations_per_epoch

        train_acc, val_acc = self._record_accuracies()
        self._log(f"(Epoch 0 / {self.num_epochs}) train acc: {train_acc:.3f}; val_acc: {val_acc:.3f}")

        iterations = range(num_iterations)
        if self.verbose:
            iterations = progress(iterations, desc="training")
        for t in iterations:
            if t % iterations_per_epoch == 0:  # a new epoch: a new random order
                order = self.rng.permutation(num_train)
            i = t % iterations_per_epoch
            self._step(order[i * batch_size:(i + 1) * batch_size])
            if self.print_every and (t + 1) % self.print_every == 0:
                self._log(f"(Iteration {t + 1} / {num_iterations}) loss: {self.loss_history[-1]:f}")

            if (t + 1) % iterations_per_epoch == 0:  # the end of an epoch
                self.epoch += 1
                for config in self.optim_configs.values():
                    if "learning_rate" in config:
                        config["learning_rate"] *= self.lr_decay
                train_acc, val_acc = self._record_accuracies()
                self._log(
                    f"(Epoch {self.epoch} / {self.num_epochs}) train acc: {train_acc:.3f}; "
                    f"val_acc: {val_acc:.3f}; loss: {self.loss_history[-1]:.4f}"
                )

        # At the end of training, swap the best parameters into the model.
        if self.keep_best:
            for name, w in self.best_params.items():
                self.model.params[name] = w.copy()
