"""weight_scale * rng.standard_normal(...) (the same draws as rng.normal(0, weight_scale))."""
import numpy as np

PATH = "classifiers.fc_net.TwoLayerNet.__init__"
EXPECT = "correct"


def __init__(
    self,
    input_dim,
    hidden_dim,
    num_classes,
    weight_scale=1e-3,
    reg=0.0,
    activation="relu",
    seed=None,
    dtype=np.float64,
):
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {activation!r}: choose one of {', '.join(ACTIVATIONS)}"
        )
    self.params = {}
    self.reg = reg
    self.activation = activation
    self.dtype = np.dtype(dtype)
    rng = np.random.default_rng(seed)

    self.params["W1"] = (weight_scale * rng.standard_normal((input_dim, hidden_dim))).astype(dtype)
    self.params["b1"] = np.zeros(hidden_dim).astype(dtype)
    self.params["W2"] = (weight_scale * rng.standard_normal((hidden_dim, num_classes))).astype(dtype)
    self.params["b2"] = np.zeros(num_classes).astype(dtype)
