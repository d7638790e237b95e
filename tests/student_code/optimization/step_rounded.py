"""round() instead of floor."""

PATH = "optimization.step_decay"
EXPECT = ["rounded"]


def step_decay(learning_rate, epoch, drop=0.5, epochs_per_drop=10):
    lr = None
    lr = learning_rate * drop ** round(epoch / epochs_per_drop)
    return lr
