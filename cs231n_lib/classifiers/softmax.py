"""The softmax (cross-entropy) loss, naive and vectorized.

Student tasks: the bodies of ``softmax_loss_naive`` (with loops) and
``softmax_loss_vectorized`` (no loops). The input check is given.
"""
import numpy as np

from .input_checks import check_loss_inputs


def softmax_loss_naive(W, X, y, reg):
    """
    Softmax loss function, naive implementation (with loops).

    Inputs have dimension D, there are C classes, and we operate on minibatches
    of N examples.

    Inputs:
    - W: A numpy array of shape (D, C) containing weights.
    - X: A numpy array of shape (N, D) containing a minibatch of data.
    - y: A numpy array of shape (N,) containing training labels; y[i] = c means
      that X[i] has label c, where 0 <= c < C.
    - reg: (float) regularization strength.

    The loss is
        L = (1/N) sum_i -log( exp(s_{i,y[i]}) / sum_j exp(s_ij) )  +  reg * sum(W * W)
    with scores s = X W. Every entry of W is regularized: if the caller uses the
    bias trick (a column of ones in X), the biases are regularized too; the kit's
    convention is that biases kept separately are not regularized.

    Numerical stability: exp of a score of 1000 overflows. Subtract the largest
    score of each example before exponentiating (this does not change the
    probabilities), and compute -log p_{y[i]} as log(sum_j exp(s_ij)) - s_{i,y[i]}
    on the shifted scores, so that a tiny probability does not round to log(0).
    The result must be finite even for scores around 1e4.

    Returns a tuple of:
    - loss as single float
    - gradient with respect to weights W; an array of same shape as W
      (the regularization adds 2 * reg * W)
    """
    check_loss_inputs(W, X, y)
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = np.zeros(W.shape)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    #############################################################################
    # TODO: Compute the softmax loss and its gradient using explicit loops.     #
    # Store the loss in loss and the gradient in dW. If you are not careful     #
    # here, it is easy to run into numeric instability. Don't forget the        #
    # averaging over N and the regularization!                                  #
    #############################################################################
    ### BEGIN SOLUTION
    for i in range(num_train):
        scores = X[i].dot(W)
        scores = scores - np.max(scores)          # shift for numeric stability
        exp_scores = np.exp(scores)
        sum_exp = np.sum(exp_scores)
        loss += np.log(sum_exp) - scores[y[i]]
        for j in range(num_classes):
            p_j = exp_scores[j] / sum_exp
            dW[:, j] += (p_j - (j == y[i])) * X[i]

    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    ### END SOLUTION
    return loss, dW


def softmax_loss_vectorized(W, X, y, reg):
    """
    Softmax loss function, vectorized version (no loops).

    Inputs and outputs are the same as softmax_loss_naive, and so are the values:
    the loss and the gradient must agree with softmax_loss_naive to rounding.
    """
    check_loss_inputs(W, X, y)
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = np.zeros(W.shape)
    #############################################################################
    # TODO: Compute the softmax loss and its gradient using no explicit loops.  #
    # Store the loss in loss and the gradient in dW. Use one matrix product for #
    # the scores and one (X.T @ something of shape (N, C)) for the gradient.    #
    #############################################################################
    ### BEGIN SOLUTION
    num_train = X.shape[0]
    rows = np.arange(num_train)
    scores = X @ W                                        # (N, C)
    scores -= np.max(scores, axis=1, keepdims=True)       # shift for numeric stability
    exp_scores = np.exp(scores)
    sum_exp = np.sum(exp_scores, axis=1)                  # (N,)
    loss = np.sum(np.log(sum_exp) - scores[rows, y]) / num_train + reg * np.sum(W * W)

    dscores = exp_scores / sum_exp[:, None]               # probabilities p_ij
    dscores[rows, y] -= 1.0
    dscores /= num_train
    dW = X.T @ dscores + 2 * reg * W
    ### END SOLUTION
    return loss, dW
