"""The exponent is not floored."""

PATH = "optimization.step_decay"
EXPECT = ["no_floor"]


def step_decay(learning_rate, epoch, drop=0.5, epochs_per_drop=10):
    lr = None
    lr = learning_rate * drop ** (epoch / epochs_per_drop)
    return lr
