"""The drops applied one at a time."""

PATH = "optimization.step_decay"
EXPECT = "correct"


def step_decay(learning_rate, epoch, drop=0.5, epochs_per_drop=10):
    lr = None
    lr = float(learning_rate)
    for _ in range(epoch // epochs_per_drop):
        lr *= drop
    return lr
