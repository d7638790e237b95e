"""(1 - k) per epoch."""

PATH = "optimization.exponential_decay"
EXPECT = ["one_minus_k"]


def exponential_decay(learning_rate, epoch, k=0.1):
    lr = None
    lr = learning_rate * (1 - k) ** epoch
    return lr
