"""CS231n's fc_net.py style: weight_scale * np.random.randn."""
import numpy as np

PATH = "classifiers.fc_net.TwoLayerNet.__init__"
EXPECT = ["global_rng"]


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

    self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)
    self.params["b1"] = np.zeros(hidden_dim)
    self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)
    self.params["b2"] = np.zeros(num_classes)
