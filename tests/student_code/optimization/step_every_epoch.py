"""drop applied every epoch."""

PATH = "optimization.step_decay"
EXPECT = ["drop_every_epoch"]


def step_decay(learning_rate, epoch, drop=0.5, epochs_per_drop=10):
    lr = None
    lr = learning_rate * drop ** epoch
    return lr
