"""A linear classifier trained by minibatch stochastic gradient descent.

Student tasks: the minibatch sampling and the weight update in
``LinearClassifier.train``, and the body of ``LinearClassifier.predict``.
The subclasses ``LinearSVM`` and ``Softmax`` plug in the vectorized losses.
"""
import numpy as np

from .input_checks import check_training_data
from .linear_svm import svm_loss_vectorized
from .softmax import softmax_loss_vectorized


class LinearClassifier:
    """A linear classifier: scores = X @ W, one column of W per class."""

    def __init__(self):
        self.W = None

    def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100,
              batch_size=200, verbose=False, seed=None):
        """
        Train this linear classifier using stochastic gradient descent.

        Inputs:
        - X: A numpy array of shape (N, D) containing training data; there are N
          training samples each of dimension D.
        - y: A numpy array of shape (N,) containing training labels; y[i] = c
          means that X[i] has label 0 <= c < C for C classes.
        - learning_rate: (float) learning rate for optimization.
        - reg: (float) regularization strength (the loss adds reg * np.sum(W * W)).
        - num_iters: (integer) number of steps to take when optimizing.
        - batch_size: (integer) number of training examples to use at each step.
        - verbose: (boolean) If true, print progress during optimization.
        - seed: (int or None) seed of the generator rng = np.random.default_rng(seed)
          that initializes W (on the first call) and samples the minibatches.

        W is created on the first call as 0.001 * rng.standard_normal((D, C)),
        float64, with C = max(y) + 1; later calls continue from the current W.

        Each step samples batch_size indices WITH replacement as
        rng.choice(N, batch_size, replace=True), evaluates self.loss on that
        minibatch, and updates W in place: W -= learning_rate * grad.

        Outputs:
        A list containing the value of the loss function at each training iteration
        (the loss of the minibatch before that iteration's update).
        """
        X, y = check_training_data(X, y)
        X = X.astype(np.float64)
        if batch_size < 1 or num_iters < 0:
            raise ValueError(f"need batch_size >= 1 and num_iters >= 0, got batch_size={batch_size}, num_iters={num_iters}")
        num_train, dim = X.shape
        num_classes = int(np.max(y)) + 1  # assume y takes values 0...K-1 where K is number of classes
        rng = np.random.default_rng(seed)
        if self.W is None:
            # lazily initialize W
            self.W = 0.001 * rng.standard_normal((dim, num_classes))
        elif self.W.shape[0] != dim or self.W.shape[1] < num_classes:
            raise ValueError(
                f"this classifier already has W of shape {self.W.shape}, which does not fit X {X.shape} "
                f"with {num_classes} classes; create a new classifier to train on this data"
            )

        # Run stochastic gradient descent to optimize W
        loss_history = []
        for it in range(num_iters):
            X_batch = None
            y_batch = None

            #########################################################################
            # TODO:                                                                 #
            # Sample batch_size elements from the training data and their           #
            # corresponding labels to use in this round of gradient descent.        #
            # Store the data in X_batch and their corresponding labels in           #
            # y_batch; after sampling X_batch should have shape (batch_size, dim)   #
            # and y_batch should have shape (batch_size,)                           #
            #                                                                       #
            # Hint: Use rng.choice(num_train, batch_size, replace=True) to generate #
            # indices. Sampling with replacement is faster than sampling without    #
            # replacement.                                                          #
            #########################################################################
            ### BEGIN SOLUTION
            idx = rng.choice(num_train, batch_size, replace=True)
            X_batch = X[idx]
            y_batch = y[idx]
            ### END SOLUTION

            # evaluate loss and gradient
            loss, grad = self.loss(X_batch, y_batch, reg)
            loss_history.append(float(loss))

            # perform parameter update
            #########################################################################
            # TODO:                                                                 #
            # Update the weights using the gradient and the learning rate.          #
            #########################################################################
            ### BEGIN SOLUTION
            self.W -= learning_rate * grad
            ### END SOLUTION

            if verbose and it % 100 == 0:
                print(f"iteration {it} / {num_iters}: loss {loss:f}")

        return loss_history

    def predict(self, X):
        """
        Use the trained weights of this linear classifier to predict labels for
        data points.

        Inputs:
        - X: A numpy array of shape (N, D) containing training data; there are N
          training samples each of dimension D.

        Returns:
        - y_pred: Predicted labels for the data in X. y_pred is a 1-dimensional
          array of length N, and each element is an integer giving the predicted
          class (the index of the largest score; ties go to the smaller class).
        """
        if self.W is None:
            raise RuntimeError("This classifier has no weights yet: call train(X_train, y_train) first.")
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.W.shape[0]:
            raise ValueError(f"X must have shape (N, {self.W.shape[0]}) to match W {self.W.shape}, got {X.shape}")
        y_pred = np.zeros(X.shape[0], dtype=np.int64)
        ###########################################################################
        # TODO:                                                                   #
        # Implement this method. Store the predicted labels in y_pred.            #
        ###########################################################################
        ### BEGIN SOLUTION
        scores = X @ self.W
        y_pred = np.argmax(scores, axis=1)
        ### END SOLUTION
        return y_pred

    def loss(self, X_batch, y_batch, reg):
        """
        Compute the loss function and its derivative.
        Subclasses will override this.

        Inputs:
        - X_batch: A numpy array of shape (N, D) containing a minibatch of N
          data points; each point has dimension D.
        - y_batch: A numpy array of shape (N,) containing labels for the minibatch.
        - reg: (float) regularization strength.

        Returns: A tuple containing:
        - loss as a single float
        - gradient with respect to self.W; an array of the same shape as W
        """
        raise NotImplementedError(
            "LinearClassifier is abstract: use LinearSVM or Softmax, or subclass it and define loss()."
        )


class LinearSVM(LinearClassifier):
    """A subclass that uses the Multiclass SVM loss function."""

    def loss(self, X_batch, y_batch, reg):
        return svm_loss_vectorized(self.W, X_batch, y_batch, reg)


class Softmax(LinearClassifier):
    """A subclass that uses the Softmax + Cross-entropy loss function."""

    def loss(self, X_batch, y_batch, reg):
        return softmax_loss_vectorized(self.W, X_batch, y_batch, reg)
