"""exp(-k) without the epoch."""
import math

PATH = "optimization.exponential_decay"
EXPECT = ["epoch_missing"]


def exponential_decay(learning_rate, epoch, k=0.1):
    lr = None
    lr = learning_rate * math.exp(-k)
    return lr
