"""Given helpers: clear errors when the inputs of a classifier or a loss do not fit together.

Shared by the kNN and linear classifiers and by both losses; not a student task.
"""
import numpy as np


def check_training_data(X, y):
    """Raise a ValueError saying what to fix unless X is (N, D) with N >= 1 and y holds
    N integer labels >= 0. Returns X and y as numpy arrays."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (N, D), got shape {X.shape}. "
                         "Flatten images first: X.reshape(X.shape[0], -1).")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X {X.shape}, got {y.shape}")
    if X.shape[0] == 0:
        raise ValueError("cannot train on an empty training set (X has 0 rows)")
    if y.dtype.kind not in "iu" or y.min() < 0:
        raise ValueError(f"y must hold integer labels >= 0, got dtype {y.dtype} with minimum {y.min()}")
    return X, y


def check_loss_inputs(W, X, y):
    """Raise a ValueError saying what to fix unless W (D, C), X (N, D) and y (N,) fit together."""
    if W.ndim != 2 or X.ndim != 2 or y.ndim != 1:
        raise ValueError(f"expected W (D, C), X (N, D), y (N,); got W {W.shape}, X {X.shape}, y {y.shape}")
    if X.shape[1] != W.shape[0]:
        raise ValueError(
            f"X has D={X.shape[1]} columns but W has {W.shape[0]} rows: shapes X {X.shape}, W {W.shape} "
            "(if you used the bias trick, append the column of ones to X and a row to W)"
        )
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y has {y.shape[0]} labels but X has N={X.shape[0]} rows")
    if y.shape[0] == 0:
        raise ValueError("the minibatch is empty (N = 0): the average loss is undefined")
    if y.dtype.kind not in "iu" or y.min() < 0 or y.max() >= W.shape[1]:
        raise ValueError(
            f"y must hold integer labels in 0..{W.shape[1] - 1} (C = W.shape[1]), "
            f"got dtype {y.dtype}, range {y.min()}..{y.max()}"
        )
