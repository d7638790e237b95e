"""Epochs counted from 1."""

PATH = "optimization.step_decay"
EXPECT = ["counted_from_epoch_1"]


def step_decay(learning_rate, epoch, drop=0.5, epochs_per_drop=10):
    lr = None
    lr = learning_rate * drop ** ((epoch - 1) // epochs_per_drop)
    return lr
