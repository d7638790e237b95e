"""k read as a time constant."""
import math

PATH = "optimization.exponential_decay"
EXPECT = ["k_as_time_constant"]


def exponential_decay(learning_rate, epoch, k=0.1):
    lr = None
    lr = learning_rate * math.exp(-epoch / k)
    return lr
