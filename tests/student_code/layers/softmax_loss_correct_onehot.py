"""logsumexp by hand (max plus log of the shifted sum), a one-hot matrix for the gradient."""
import numpy as np

PATH = "layers.softmax_loss"
EXPECT = "correct"


def softmax_loss(x, y):
    loss, dx = None, None
    N, C = x.shape
    m = x.max(axis=1)
    lse = m + np.log(np.exp(x - m[:, None]).sum(axis=1))
    loss = np.mean(lse - x[np.arange(N), y])
    probs = np.exp(x - lse[:, None])
    onehot = np.eye(C)[y]
    dx = (probs - onehot) / N
    return loss, dx
