"""The sign of the exponent lost."""
import math

PATH = "optimization.exponential_decay"
EXPECT = ["growing"]


def exponential_decay(learning_rate, epoch, k=0.1):
    lr = None
    lr = learning_rate * math.exp(k * epoch)
    return lr
