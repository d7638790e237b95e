"""Samples right, but steps uphill."""
import numpy as np

PATH = "classifiers.linear_classifier.LinearClassifier.train"
EXPECT = ["uphill_step"]


def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100,
          batch_size=200, verbose=False, seed=None):
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

        idx = rng.choice(num_train, batch_size, replace=True)
        X_batch = X[idx]
        y_batch = y[idx]

        # evaluate loss and gradient
        loss, grad = self.loss(X_batch, y_batch, reg)
        loss_history.append(float(loss))

        # perform parameter update
        self.W += learning_rate * grad

        if verbose and it % 100 == 0:
            print(f"iteration {it} / {num_iters}: loss {loss:f}")

    return loss_history
