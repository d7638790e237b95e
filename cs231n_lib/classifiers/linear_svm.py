"""The multiclass SVM (hinge) loss, naive and vectorized.

Student tasks: the bodies of ``svm_loss_naive`` (with loops) and
``svm_loss_vectorized`` (no loops). The input check is given.
"""
import numpy as np

from .input_checks import check_loss_inputs


def svm_loss_naive(W, X, y, reg):
    """
    Structured SVM loss function, naive implementation (with loops).

    Inputs have dimension D, there are C classes, and we operate on minibatches
    of N examples.

    Inputs:
    - W: A numpy array of shape (D, C) containing weights.
    - X: A numpy array of shape (N, D) containing a minibatch of data.
    - y: A numpy array of shape (N,) containing training labels; y[i] = c means
      that X[i] has label c, where 0 <= c < C.
    - reg: (float) regularization strength.

    The loss is
        L = (1/N) sum_i sum_{j != y[i]} max(0, s_ij - s_{i,y[i]} + 1)  +  reg * sum(W * W)
    with scores s = X W and margin delta = 1. A margin of exactly 0 counts as
    inactive (it adds nothing to the gradient). Every entry of W is regularized:
    if the caller uses the bias trick (a column of ones in X, so the last row of W
    holds the biases), the biases are regularized too; the kit's convention is that
    biases kept separately are not regularized.

    Returns a tuple of:
    - loss as single float
    - gradient with respect to weights W; an array of same shape as W
      (the regularization adds 2 * reg * W)
    """
    check_loss_inputs(W, X, y)
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    loss = 0.0
    num_classes = W.shape[1]
    num_train = X.shape[0]
    #############################################################################
    # TODO:                                                                     #
    # Compute the loss and its gradient with explicit loops over the examples   #
    # and the classes. Average over the examples (divide by N), then add the    #
    # regularization reg * np.sum(W * W) to the loss and 2 * reg * W to dW.     #
    #############################################################################
    ### BEGIN SOLUTION
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]

    # Right now the loss is a sum over all training examples, but we want it
    # to be an average instead so we divide by num_train.
    loss /= num_train
    dW /= num_train

    # Add regularization to the loss and its gradient.
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    ### END SOLUTION
    return loss, dW


def svm_loss_vectorized(W, X, y, reg):
    """
    Structured SVM loss function, vectorized implementation (no loops).

    Inputs and outputs are the same as svm_loss_naive, and so are the values:
    the loss and the gradient must agree with svm_loss_naive to rounding.
    """
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros(W.shape)  # initialize the gradient as zero
    #############################################################################
    # TODO:                                                                     #
    # Implement a vectorized version of the structured SVM loss and gradient.   #
    # Compute the scores with one matrix product, the margins of all examples   #
    # at once, and the gradient with one more matrix product (X.T @ something   #
    # of shape (N, C)).                                                         #
    #############################################################################
    ### BEGIN SOLUTION
    num_train = X.shape[0]
    rows = np.arange(num_train)
    scores = X @ W                                           # (N, C)
    correct_class_scores = scores[rows, y][:, None]          # (N, 1)
    margins = np.maximum(0.0, scores - correct_class_scores + 1.0)
    margins[rows, y] = 0.0                                   # the correct class adds no loss
    loss = np.sum(margins) / num_train + reg * np.sum(W * W)

    # d loss_i / d s_ij is 1 for each active margin j; the correct class gets
    # minus the number of active margins.
    dscores = (margins > 0).astype(np.float64)
    dscores[rows, y] = -np.sum(dscores, axis=1)
    dscores /= num_train
    dW = X.T @ dscores + 2 * reg * W
    ### END SOLUTION
    return loss, dW
