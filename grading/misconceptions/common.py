"""Pieces shared by the loss modules: the regularization mistakes (one set of flags for the
SVM and softmax losses, naive and vectorized) and the averaging mistakes."""
import numpy as np

REG_LOSS_FLAGS = {"reg_loss_missing", "half_reg", "reg_divided_by_N", "reg_added_per_example",
                  "bias_row_not_regularized"}
REG_GRAD_FLAGS = {"reg_grad_missing", "half_reg", "reg_grad_not_doubled", "reg_divided_by_N",
                  "reg_added_per_example", "bias_row_not_regularized"}

# Flags that each rewrite the regularization line of the loss (resp. of the gradient): a
# student writes that line once, so two of them never occur together.
REG_EXCLUSIVE = [REG_LOSS_FLAGS, REG_GRAD_FLAGS]


def regularize(loss, dW, W, reg, num_train, mistakes):
    """``loss + reg * sum(W * W)`` and ``dW + 2 * reg * W`` (the reference's arithmetic when
    no flag is set), with the regularization mistakes of ``mistakes`` applied."""
    Wr = W
    if "bias_row_not_regularized" in mistakes:
        Wr = W.copy()
        Wr[-1] = 0.0
    loss_term = reg * np.sum(Wr * Wr)
    grad_term = 2 * reg * Wr
    if "half_reg" in mistakes:
        loss_term, grad_term = 0.5 * reg * np.sum(Wr * Wr), reg * Wr
    if "reg_grad_not_doubled" in mistakes:
        grad_term = reg * Wr
    if "reg_divided_by_N" in mistakes:
        loss_term, grad_term = loss_term / num_train, grad_term / num_train
    if "reg_added_per_example" in mistakes:
        loss_term, grad_term = loss_term * num_train, grad_term * num_train
    if "reg_loss_missing" in mistakes:
        loss_term = 0.0
    if "reg_grad_missing" in mistakes:
        grad_term = 0.0
    return loss + loss_term, dW + grad_term


def reg_items(loss_rule, grad_rule, bias_rule, average_rule):
    """The averaging and regularization mistakes of a linear loss, as
    ``(flag, name, explanation, contradicts, convention, outputs)`` tuples. The rules are the
    docstring lines each mistake contradicts."""
    return [
        ("loss_not_averaged", "the loss is summed over the examples, not averaged",
         "Your loss is the sum of the per-example losses: divide the data loss by N (the number of examples) "
         "before adding the regularization.", average_rule, "", ("loss",)),
        ("grad_not_averaged", "the gradient is summed over the examples, not averaged",
         "The loss is an average over the N examples, so its gradient is too: divide the data part of dW by N "
         "(before adding 2 * reg * W).", average_rule, "", ("dW",)),
        ("reg_loss_missing", "no regularization in the loss",
         "The loss has no regularization term: add reg * np.sum(W * W) after averaging the data loss.",
         loss_rule, "", ("loss",)),
        ("reg_grad_missing", "no regularization in the gradient",
         "dW lacks the gradient of the regularization: add 2 * reg * W (the derivative of reg * sum(W * W)).",
         grad_rule, "", ("dW",)),
        ("half_reg", "0.5 * reg * sum(W * W) with gradient reg * W",
         "You used 0.5 * reg * sum(W**2) with gradient reg * W (CS231n 2016); this kit uses reg * sum(W**2) and "
         "2 * reg * W: change the loss term to reg * np.sum(W * W) and the gradient term to 2 * reg * W.",
         loss_rule, "CS231n 2016 (assignment 1 starter code: loss += 0.5 * reg * np.sum(W * W))", ("loss", "dW")),
        ("reg_grad_not_doubled", "the regularization gradient is reg * W, not 2 * reg * W",
         "The derivative of reg * sum(W * W) is 2 * reg * W: you add reg * W (the factor 2 is missing).",
         grad_rule, "", ("dW",)),
        ("reg_divided_by_N", "the regularization is divided by N",
         "The regularization is added once, after averaging: reg * sum(W * W) and 2 * reg * W are not divided "
         "by N (add them after the division, not before).", loss_rule, "", ("loss", "dW")),
        ("reg_added_per_example", "the regularization is added once per example (N times)",
         "reg * sum(W * W) belongs to the whole minibatch, not to each example: add it (and 2 * reg * W) once, "
         "outside the loop over examples.", loss_rule, "", ("loss", "dW")),
        ("bias_row_not_regularized", "the last row of W (bias trick) is left out of the regularization",
         "Every entry of W is regularized here, the last row too (with the bias trick it holds the biases): "
         "use reg * np.sum(W * W) and 2 * reg * W on all of W.", bias_rule, "", ("loss", "dW")),
    ]
