"""Two loops (examples, classes), one-hot written as an if."""
import numpy as np

PATH = "classifiers.softmax.softmax_loss_naive"
EXPECT = "correct"


def softmax_loss_naive(W, X, y, reg):
    check_loss_inputs(W, X, y)
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = np.zeros(W.shape)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = np.dot(X[i], W)
        shifted = scores - scores.max()
        total = 0.0
        for j in range(num_classes):
            total += np.exp(shifted[j])
        loss += -shifted[y[i]] + np.log(total)
        for j in range(num_classes):
            prob = np.exp(shifted[j]) / total
            if j == y[i]:
                dW[:, j] += (prob - 1) * X[i]
            else:
                dW[:, j] += prob * X[i]
    loss /= num_train
    loss += reg * np.sum(np.square(W))
    dW /= num_train
    dW += 2 * reg * W
    return loss, dW
