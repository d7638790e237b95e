"""One drop once the first period is over."""

PATH = "optimization.step_decay"
EXPECT = ["dropped_once"]


def step_decay(learning_rate, epoch, drop=0.5, epochs_per_drop=10):
    lr = None
    lr = learning_rate
    if epoch >= epochs_per_drop:
        lr = learning_rate * drop
    return lr
