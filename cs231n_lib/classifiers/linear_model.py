"""A linear classifier as a network with no hidden layer: an affine layer followed by the
softmax or SVM loss, built from the layers of ``cs231n_lib/layers.py`` and trained by the
given ``Solver`` like ``TwoLayerNet``.

Given code: nothing here is a student task (it uses your layers).
"""
import numpy as np

from ..layers import affine_backward, affine_forward, softmax_loss, svm_loss

LOSSES = {"softmax": softmax_loss, "svm": svm_loss}


class LinearModel:
    """``scores = X W + b``, then the softmax (cross-entropy) or multiclass SVM loss.

    It has the Solver's model interface: ``self.params`` maps parameter names to arrays
    - W: weights, of shape (D, C)
    - b: biases, of shape (C,)
    and ``loss(X, y)`` returns ``(loss, grads)``, ``loss(X)`` the class scores.
    """

    def __init__(self, input_dim, num_classes, loss="softmax", weight_scale=1e-3, reg=0.0, seed=None,
                 dtype=np.float64):
        """Initialize a new linear classifier.

        Inputs:
        - input_dim: An integer D giving the size of the input.
        - num_classes: An integer C giving the number of classes.
        - loss: "softmax" or "svm".
        - weight_scale: Standard deviation of the random initial weights.
        - reg: L2 regularization strength: the loss adds ``reg * np.sum(W * W)`` (the bias
          is not regularized).
        - seed: Seed of the random initialization (an int or None).
        - dtype: The numpy dtype of the parameters and of the computation.
        """
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}: choose one of {', '.join(LOSSES)}")
        rng = np.random.default_rng(seed)
        self.loss_name = loss
        self.reg = reg
        self.dtype = np.dtype(dtype)
        self.params = {"W": rng.normal(0.0, weight_scale, size=(input_dim, num_classes)).astype(dtype),
                       "b": np.zeros(num_classes, dtype=dtype)}

    def loss(self, X, y=None):
        """Loss and gradients on a minibatch, or the class scores when y is None.

        Inputs:
        - X: Array of input data of shape (N, d_1, ..., d_k), flattened to (N, D).
        - y: Array of labels, of shape (N,), or None.

        Returns:
        - If y is None: scores, an array of shape (N, C).
        - Else a tuple (loss, grads): the data loss averaged over the N examples plus
          ``reg * np.sum(W * W)``, and a dict with the gradients of "W" (including
          ``2 * reg * W``) and "b".
        """
        X = np.asarray(X, dtype=self.dtype)
        W, b = self.params["W"], self.params["b"]
        scores, cache = affine_forward(X, W, b)
        if y is None:
            return scores
        data_loss, dscores = LOSSES[self.loss_name](scores, y)
        _, dW, db = affine_backward(dscores, cache)
        loss = data_loss + self.reg * np.sum(W * W)
        return loss, {"W": dW + 2 * self.reg * W, "b": db}
