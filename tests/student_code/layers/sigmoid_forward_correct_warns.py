"""The textbook 1 / (1 + exp(-x)): right values (exp(1000) = inf gives 1 / inf = 0), but numpy
warns about the overflow at x = -1000. The hidden cases accept it; the docstring's stability
advice is about the warning and about other formulas that give NaN."""
import numpy as np

PATH = "layers.sigmoid_forward"
EXPECT = "correct"


def sigmoid_forward(x):
    out = None
    out = 1 / (1 + np.exp(-x))
    cache = out
    return out, cache
