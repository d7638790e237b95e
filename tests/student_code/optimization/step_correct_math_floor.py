"""math.floor of the ratio and pow."""
import math

PATH = "optimization.step_decay"
EXPECT = "correct"


def step_decay(learning_rate, epoch, drop=0.5, epochs_per_drop=10):
    lr = None
    lr = learning_rate * pow(drop, math.floor(epoch / epochs_per_drop))
    return lr
