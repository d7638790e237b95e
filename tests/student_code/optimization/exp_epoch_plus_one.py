"""Epochs counted from 1."""
import math

PATH = "optimization.exponential_decay"
EXPECT = ["epoch_plus_one"]


def exponential_decay(learning_rate, epoch, k=0.1):
    lr = None
    lr = learning_rate * math.exp(-k * (epoch + 1))
    return lr
