"""Counts the current epoch as completed."""
import math

PATH = "optimization.step_decay"
EXPECT = ["one_epoch_early"]


def step_decay(learning_rate, epoch, drop=0.5, epochs_per_drop=10):
    lr = None
    lr = learning_rate * drop ** math.floor((epoch + 1) / epochs_per_drop)
    return lr
