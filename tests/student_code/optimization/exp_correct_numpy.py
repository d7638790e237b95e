"""np.exp, converted to a Python float."""
import numpy as np

PATH = "optimization.exponential_decay"
EXPECT = "correct"


def exponential_decay(learning_rate, epoch, k=0.1):
    lr = None
    lr = float(learning_rate * np.exp(-k * epoch))
    return lr
