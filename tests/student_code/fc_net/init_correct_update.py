"""One dict update with keyword arguments (evaluated left to right: W1 before W2)."""
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

    self.params.update(
        W1=rng.normal(loc=0.0, scale=weight_scale, size=(input_dim, hidden_dim)).astype(dtype),
        b1=np.zeros(hidden_dim, dtype=dtype),
        W2=rng.normal(loc=0.0, scale=weight_scale, size=(hidden_dim, num_classes)).astype(dtype),
        b2=np.zeros(num_classes, dtype=dtype),
    )
