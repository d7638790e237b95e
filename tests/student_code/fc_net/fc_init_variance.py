"""weight_scale read as the variance: standard deviation sqrt(weight_scale)."""
import numpy as np

PATH = "classifiers.fc_net.FullyConnectedNet.__init__"
EXPECT = ["weight_scale_as_variance"]


def __init__(
    self,
    hidden_dims,
    input_dim,
    num_classes,
    weight_scale=1e-2,
    reg=0.0,
    dtype=np.float64,
    seed=None,
    activation="relu",
):
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {activation!r}: choose one of {', '.join(ACTIVATIONS)}"
        )
    hidden_dims = [int(h) for h in hidden_dims]
    if any(h < 1 for h in hidden_dims):
        raise ValueError(f"every hidden layer needs at least one unit, got hidden_dims={hidden_dims}")
    self.hidden_dims = hidden_dims
    self.num_layers = len(hidden_dims) + 1
    self.params = {}
    self.reg = reg
    self.activation = activation
    self.dtype = np.dtype(dtype)
    rng = np.random.default_rng(seed)
    dims = [input_dim] + hidden_dims + [num_classes]
    for i in range(1, self.num_layers + 1):
        self.params[f"W{i}"] = rng.normal(0.0, np.sqrt(weight_scale), size=(dims[i - 1], dims[i])).astype(dtype)
        self.params[f"b{i}"] = np.zeros(dims[i], dtype=dtype)


    names = [f"{kind}{i}" for i in range(1, self.num_layers + 1) for kind in "Wb"]
    if sorted(self.params) != sorted(names):
        raise ValueError(
            f"self.params should hold {', '.join(names)} ({self.num_layers} layers for "
            f"hidden_dims={hidden_dims}), but holds {', '.join(sorted(self.params)) or 'nothing'}"
        )
