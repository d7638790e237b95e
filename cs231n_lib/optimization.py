"""Lecture 3's optimization, for linear classifiers (``optimization.ipynb``).

Student tasks: the learning-rate schedules ``step_decay`` and ``exponential_decay``, and the
L1 penalty ``l1_regularization``. Given: ``minibatch_gradient_descent``, the training loop
the notebook's experiments share (any batch size, a schedule, a record of the loss against
the examples seen and the time spent). The update rules of neural networks (momentum,
Adam, ...) are in ``optim.py``, in the neural-networks assignment.
"""
import math
import time

import numpy as np


def step_decay(learning_rate, epoch, drop=0.5, epochs_per_drop=10):
    """Step decay: multiply the learning rate by ``drop`` every ``epochs_per_drop`` epochs.

    ``lr = learning_rate * drop ** floor(epoch / epochs_per_drop)``, so the learning rate is
    constant for ``epochs_per_drop`` epochs, then drops at once (epoch 0 to
    epochs_per_drop - 1: learning_rate; from epoch epochs_per_drop: learning_rate * drop; ...).

    Inputs:
    - learning_rate: The initial learning rate (a positive float).
    - epoch: The number of the current epoch (an int >= 0; 0 is the first epoch).
    - drop: The factor applied at every drop (a float in (0, 1]).
    - epochs_per_drop: The number of epochs between two drops (an int >= 1).

    Returns:
    - lr: The learning rate for this epoch, a Python float.
    """
    lr = None
    ### BEGIN SOLUTION
    lr = float(learning_rate * drop ** (epoch // epochs_per_drop))
    ### END SOLUTION
    return lr


def exponential_decay(learning_rate, epoch, k=0.1):
    """Exponential decay: ``lr = learning_rate * exp(-k * epoch)``.

    The learning rate shrinks by the same factor ``exp(-k)`` from each epoch to the next
    (for k = 0.1, by about 10 % per epoch).

    Inputs:
    - learning_rate: The initial learning rate (a positive float).
    - epoch: The number of the current epoch (an int >= 0; epoch 0 uses learning_rate).
    - k: The decay rate per epoch (a float >= 0; k = 0 keeps the learning rate constant).

    Returns:
    - lr: The learning rate for this epoch, a Python float.
    """
    lr = None
    ### BEGIN SOLUTION
    lr = float(learning_rate * math.exp(-k * epoch))
    ### END SOLUTION
    return lr


def l1_regularization(W, reg):
    """The L1 penalty ``reg * sum(|W|)`` and its gradient.

    Every entry of W is penalized (with the bias trick, the bias row too: the same
    convention as the L2 term ``reg * np.sum(W * W)`` of the losses). |w| has a kink at
    w = 0; use the subgradient ``sign(w)``, which is 0 there (``np.sign`` does exactly that).

    Inputs:
    - W: A numpy array of weights, of any shape (e.g. (D, C)).
    - reg: (float) the L1 regularization strength.

    Returns a tuple of:
    - loss: The penalty ``reg * sum(|W|)``, a float.
    - dW: Its gradient with respect to W, ``reg * sign(W)``, an array of W's shape.
    """
    loss, dW = 0.0, np.zeros_like(W)
    ### BEGIN SOLUTION
    loss = float(reg * np.sum(np.abs(W)))
    dW = reg * np.sign(W)
    ### END SOLUTION
    return loss, dW


def minibatch_gradient_descent(loss_fn, W0, X, y, learning_rate, batch_size, num_examples,
                               lr_schedule=None, eval_fn=None, num_evals=30, seed=0):
    """Train W by gradient descent on minibatches; record the loss against examples and time.

    Given code. Each step draws ``batch_size`` training examples at random (with
    replacement, as ``LinearClassifier.train`` does) and takes ``W -= lr * dW``. With
    ``batch_size >= N`` every step uses the whole training set in order: full-batch
    gradient descent. Training stops after ``num_examples`` examples have been seen in all.

    Inputs:
    - loss_fn: A function ``loss_fn(W, X_batch, y_batch) -> (loss, dW)``.
    - W0: The initial weights, an array of shape (D, C) (not modified).
    - X: Training data of shape (N, D); y: labels of shape (N,).
    - learning_rate: The learning rate, used when lr_schedule is None.
    - batch_size: Number of examples per step (>= N: full batch).
    - num_examples: The training budget, in examples seen (N of them make one epoch).
    - lr_schedule: None, or a function ``lr_schedule(epoch) -> lr`` of the number of
      completed epochs (an int, ``examples_seen // N``), e.g.
      ``lambda epoch: step_decay(1e-3, epoch, 0.5, 2)``.
    - eval_fn: None, or a function ``eval_fn(W) -> float`` (e.g. the loss on a fixed set of
      training images) measured at ``num_evals + 1`` moments spread over the training,
      the first before any step. Its time is not counted as training time.
    - seed: Seed of the minibatch sampling.

    Returns a dict of numpy arrays:
    - W: the final weights;
    - examples, seconds, evals: at each evaluation, the examples seen so far, the training
      time so far (seconds, without the evaluations) and eval_fn(W) (empty without eval_fn);
    - losses, lrs: the minibatch loss and the learning rate of every step.
    """
    X, y = np.asarray(X), np.asarray(y)
    N = X.shape[0]
    full_batch = batch_size >= N
    step_size = N if full_batch else int(batch_size)
    num_steps = max(1, int(math.ceil(num_examples / step_size)))
    eval_steps = set(np.linspace(0, num_steps, num_evals + 1).round().astype(int).tolist())
    rng = np.random.default_rng(seed)
    W = np.array(W0, dtype=np.float64, copy=True)
    record = {"examples": [], "seconds": [], "evals": [], "losses": [], "lrs": []}
    seen, seconds = 0, 0.0

    def evaluate():
        if eval_fn is not None:
            record["examples"].append(seen)
            record["seconds"].append(seconds)
            record["evals"].append(float(eval_fn(W)))

    for step in range(num_steps):
        if step in eval_steps:
            evaluate()
        start = time.perf_counter()
        lr = learning_rate if lr_schedule is None else lr_schedule(seen // N)
        if full_batch:
            X_batch, y_batch = X, y
        else:
            idx = rng.choice(N, step_size, replace=True)
            X_batch, y_batch = X[idx], y[idx]
        loss, dW = loss_fn(W, X_batch, y_batch)
        W -= lr * dW
        seconds += time.perf_counter() - start
        seen += step_size
        record["losses"].append(float(loss))
        record["lrs"].append(float(lr))
    evaluate()
    out = {key: np.array(value) for key, value in record.items()}
    out["W"] = W
    return out
