"""The per-epoch factor exp(-k) raised to the epoch."""
import math

PATH = "optimization.exponential_decay"
EXPECT = "correct"


def exponential_decay(learning_rate, epoch, k=0.1):
    lr = None
    lr = learning_rate * math.exp(-k) ** epoch
    return lr
