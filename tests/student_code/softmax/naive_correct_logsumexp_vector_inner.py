"""One loop over the examples, the class loop vectorized with np.outer; log-sum-exp loss.

Verdict (hand check): per example d loss / d W = outer(X[i], p - onehot(y[i])); averaged, plus
2 * reg * W; agrees with the numerical gradient and with the formula's loss."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_naive"
EXPECT = "correct"


def softmax_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    loss = 0.0
    dW = np.zeros_like(W)
    N = X.shape[0]
    for i in range(N):
        f = X[i] @ W
        f = f - f.max()
        lse = np.log(np.sum(np.exp(f)))
        loss += lse - f[y[i]]
        p = np.exp(f - lse)
        p[y[i]] -= 1
        dW += np.outer(X[i], p)
    loss /= N
    dW /= N
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    return loss, dW
