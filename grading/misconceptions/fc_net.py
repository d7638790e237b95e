"""Misconceptions of ``classifiers/fc_net.py``: ``__init__`` and ``loss`` of ``TwoLayerNet`` and of
``FullyConnectedNet``."""
import numpy as np

from .base import lazy, mistakes_of

_T = "classifiers.fc_net.TwoLayerNet."
INIT, LOSS = _T + "__init__", _T + "loss"
_F = "classifiers.fc_net.FullyConnectedNet."
FC_INIT, FC_LOSS = _F + "__init__", _F + "loss"


def __init__(self, input_dim, hidden_dim, num_classes, weight_scale=1e-3, reg=0.0, activation="relu", seed=None,
             dtype=np.float64, *, mistakes=frozenset()):
    m = mistakes
    if activation not in lazy("classifiers.fc_net").ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}")
    self.params = {}
    self.reg = reg
    self.activation = activation
    self.dtype = np.dtype(dtype)
    rng = np.random.default_rng(seed)

    scale = 1.0 if "weight_scale_missing" in m else weight_scale

    def draw(shape):
        if "global_rng" in m:
            return scale * np.random.randn(*shape)
        return rng.normal(0.0, scale, size=shape)

    shapes = {"W1": (input_dim, hidden_dim), "b1": (hidden_dim,), "W2": (hidden_dim, num_classes),
              "b2": (num_classes,)}
    order = ["W2", "W1"] if "w2_drawn_first" in m else ["W1", "W2"]
    if "random_biases" in m:
        order = ["W1", "b1", "W2", "b2"] if order[0] == "W1" else ["W2", "b2", "W1", "b1"]
    for name in order:
        self.params[name] = draw(shapes[name]).astype(dtype)
    for name in ("b1", "b2"):
        if name not in self.params:
            self.params[name] = np.zeros(shapes[name], dtype=dtype)
    self.params = {k: self.params[k] for k in ("W1", "b1", "W2", "b2")}


def loss(self, X, y=None, *, mistakes=frozenset()):
    m = mistakes
    F = lazy("classifiers.fc_net")
    X = np.asarray(X, dtype=self.dtype)
    act_name = "relu" if "always_relu" in m else self.activation
    act_forward, act_backward = F.ACTIVATIONS[act_name]
    W1, b1, W2, b2 = (self.params[k] for k in ("W1", "b1", "W2", "b2"))
    hidden_in, cache_1 = F.affine_forward(X, W1, b1)
    if "activation_missing" in m:
        hidden, cache_act = hidden_in, None
    else:
        hidden, cache_act = act_forward(hidden_in)
    scores, cache_2 = F.affine_forward(hidden, W2, b2)
    if "activation_on_scores" in m:
        scores, cache_out = act_forward(scores)
    if y is None:
        return scores

    grads = {}
    data_loss, dscores = F.softmax_loss(scores, y)
    weights = W1 * W1, W2 * W2
    reg_loss = self.reg * (np.sum(weights[0]) + (0.0 if "reg_w2_missing" in m else np.sum(weights[1])))
    if "reg_on_biases" in m:
        reg_loss = reg_loss + self.reg * (np.sum(b1 * b1) + np.sum(b2 * b2))
    if "half_reg" in m:
        reg_loss = 0.5 * reg_loss
    if "reg_loss_missing" in m:
        reg_loss = 0.0
    loss = 0 if "loss_overwritten" in m else data_loss + reg_loss   # the given line's 0
    if "activation_on_scores" in m:
        dscores = act_backward(dscores, cache_out)
    dhidden, grads["W2"], grads["b2"] = F.affine_backward(dscores, cache_2)
    if "activation_missing" in m or "hidden_grad_not_masked" in m:
        dhidden_in = dhidden
    else:
        dhidden_in = act_backward(dhidden, cache_act)
    grads["W1"] = X.reshape(X.shape[0], -1).T @ dhidden_in
    grads["b1"] = dhidden_in.sum(axis=0)
    factor = 1 if ("half_reg" in m or "reg_grad_not_doubled" in m) else 2
    if "reg_grad_missing" not in m:
        if "reg_w2_missing" not in m:
            grads["W2"] += factor * self.reg * W2
        grads["W1"] += factor * self.reg * W1
        if "reg_on_biases" in m:
            grads["b2"] = grads["b2"] + factor * self.reg * b2
            grads["b1"] = grads["b1"] + factor * self.reg * b1
    return loss, grads


def fc_init(self, hidden_dims, input_dim, num_classes, weight_scale=1e-2, reg=0.0, dtype=np.float64, seed=None,
            activation="relu", *, mistakes=frozenset()):
    m = mistakes
    if activation not in lazy("classifiers.fc_net").ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}")
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

    dims = [int(input_dim)] + hidden_dims + ([] if "output_layer_missing" in m else [int(num_classes)])
    last = self.num_layers if "loop_one_layer_short" in m else self.num_layers + 1
    for i in range(1, last):
        fan_in, fan_out = dims[i - 1], dims[i]
        shape = (fan_out, fan_in) if "weights_transposed" in m else (fan_in, fan_out)
        if "he_initialization" in m:
            scale = np.sqrt(2.0 / fan_in)
        elif "weight_scale_as_variance" in m:
            scale = np.sqrt(weight_scale)
        elif "weight_scale_missing" in m:
            scale = 1.0
        else:
            scale = weight_scale
        if "global_rng" in m:
            W = scale * np.random.randn(*shape)
        else:
            W = rng.normal(0.0, scale, size=shape)
        self.params[f"W{i}"] = W.astype(dtype)
        if "random_biases" in m:
            self.params[f"b{i}"] = rng.normal(0.0, scale, size=fan_out).astype(dtype)
        else:
            self.params[f"b{i}"] = np.zeros(fan_out, dtype=dtype)
    names = [f"{kind}{i}" for i in range(1, self.num_layers + 1) for kind in "Wb"]
    if sorted(self.params) != sorted(names):
        raise ValueError(f"self.params should hold {', '.join(names)}")


def fc_loss(self, X, y=None, *, mistakes=frozenset()):
    m = mistakes
    F = lazy("classifiers.fc_net")
    X = np.asarray(X, dtype=self.dtype)
    act_forward, act_backward = F.ACTIVATIONS["relu" if "always_relu" in m else self.activation]
    L = self.num_layers
    last_activated = L if "activation_on_scores" in m else (L - 1 if "last_hidden_activation_missing" not in m
                                                             else L - 2)
    if "activation_missing" in m:
        last_activated = 0
    caches = []
    out = X
    for i in range(1, L + 1):
        out, affine_cache = F.affine_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
        act_cache = None
        if i <= last_activated:
            out, act_cache = act_forward(out)
        caches.append((affine_cache, act_cache))
    scores = out
    if y is None:
        return scores

    grads = {}
    data_loss, dout = F.softmax_loss(scores, y)
    weights = [self.params[f"W{i}"] for i in range(1, L + 1)]
    biases = [self.params[f"b{i}"] for i in range(1, L + 1)]
    penalized = weights[-1:] if "reg_last_layer_only" in m else weights
    if "reg_last_w_missing" in m:
        penalized = weights[:-1]
    if "reg_on_biases" in m:
        penalized = penalized + biases
    reg_loss = self.reg * sum(np.sum(W * W) for W in penalized)
    if "half_reg" in m:
        reg_loss = 0.5 * reg_loss
    if "reg_loss_missing" in m:
        reg_loss = 0.0
    loss = 0.0 if "loss_overwritten" in m else data_loss + reg_loss   # the given line's 0.0
    factor = 1 if ("half_reg" in m or "reg_grad_not_doubled" in m) else 2
    if "reg_grad_missing" in m:
        factor = 0
    for i in range(L, 0, -1):
        affine_cache, act_cache = caches[i - 1]
        if act_cache is not None and "hidden_grad_not_masked" not in m:
            dout = act_backward(dout, act_cache)
        if i > 1:
            dout, dW, db = F.affine_backward(dout, affine_cache)
        else:
            dW = X.reshape(X.shape[0], -1).T @ dout
            db = dout.sum(axis=0)
        unpenalized = "reg_last_w_missing" in m and i == L
        grads[f"W{i}"] = dW + (0 if unpenalized else factor) * self.reg * weights[i - 1]
        grads[f"b{i}"] = db + factor * self.reg * biases[i - 1] if "reg_on_biases" in m else db
    return loss, grads


WRONG_VERSIONS = {INIT: __init__, LOSS: loss, FC_INIT: fc_init, FC_LOSS: fc_loss}

_INIT_RULE = ('"Draw the weights from a normal distribution with mean 0 and standard deviation weight_scale, using '
              'the generator ``rng`` below, W1 first and then W2: ``rng.normal(0.0, weight_scale, size=(D, H))``. '
              'The biases are zeros." (TwoLayerNet.__init__)')
_ARCH = '"The architecture is affine - activation - affine - softmax" (TwoLayerNet)'
_REG = '"the softmax loss averaged over the N examples plus ``reg * (np.sum(W1 * W1) + np.sum(W2 * W2))``" (loss)'
_GRAD = '"the weights\' gradients include ``2 * reg * W``" (TwoLayerNet.loss)'
_W = ("grads.W1", "grads.W2")


def _overwritten(given):
    return ("loss_overwritten", f"the loss is reset to 0 by the given line {given}",
            f"The loss you compute before the given line {given} is overwritten by it, so the function returns "
            "0. Compute the loss after that line (in the TODO below it), or leave the line where it is and move "
            "your loss code under it.", '"- loss: Scalar value giving the loss" (loss)', "", ("loss",))


MISCONCEPTIONS = (
    mistakes_of(
        INIT,
        ("global_rng", "the weights drawn from the global np.random instead of the seeded rng",
         "You used weight_scale * np.random.randn(D, H) (CS231n's fc_net.py); this kit draws from the seeded "
         "generator so that a seed gives the same network: rng.normal(0.0, weight_scale, size=(D, H)).",
         _INIT_RULE, "CS231n assignment 2 fc_net.py (weight_scale * np.random.randn)", ("params",)),
        ("w2_drawn_first", "W2 drawn before W1",
         "The generator gives different numbers to whichever is drawn first: draw W1 first, then W2.",
         _INIT_RULE, "", ("params.W1", "params.W2")),
        ("random_biases", "random biases instead of zeros",
         "The biases start at zero (np.zeros); drawing them also shifts the generator, so W2 changes too.",
         _INIT_RULE, "", ("params",)),
        ("weight_scale_missing", "weights of standard deviation 1 (weight_scale not used)",
         "Scale the weights: their standard deviation is weight_scale, rng.normal(0.0, weight_scale, size=...).",
         _INIT_RULE, "", ("params.W1", "params.W2")),
    )
    + mistakes_of(
        LOSS,
        ("activation_on_scores", "the activation applied to the scores too",
         "The output layer is affine only: scores = act(X W1 + b1) W2 + b2, with no nonlinearity after the "
         "second affine layer (the softmax follows directly).", _ARCH, "", ("scores", "loss", "grads")),
        ("activation_missing", "no activation between the two affine layers",
         "Without the hidden nonlinearity the network is one linear map: apply act_forward to the first "
         "affine layer's output (and act_backward in the backward pass).", _ARCH, "",
         ("scores", "loss", "grads")),
        ("always_relu", "ReLU used whatever self.activation says",
         "Use the activation the network was built with: act_forward, act_backward = "
         "ACTIVATIONS[self.activation] (the given line), not relu_forward / relu_backward directly.",
         '"activation: The nonlinearity of the hidden layer, one of \\"relu\\", \\"sigmoid\\", \\"tanh\\", ..." '
         '(TwoLayerNet.__init__)', "", ("scores", "loss", "grads")),
        ("hidden_grad_not_masked", "the hidden gradient skips the activation's backward",
         "Backpropagate through the activation too: dhidden_in = act_backward(dhidden, cache_act) before "
         "computing dW1 and db1.", '"and the backward functions in the reverse order" (TwoLayerNet.loss)', "",
         ("grads.W1", "grads.b1")),
        ("reg_on_biases", "the biases are regularized",
         "Only the weights are regularized: reg * (np.sum(W1 * W1) + np.sum(W2 * W2)), and b1, b2 get no "
         "2 * reg * b term.", '"biases are not regularized" (TwoLayerNet.__init__, reg)', "",
         ("loss", "grads.b1", "grads.b2")),
        ("half_reg", "0.5 * reg * sum(W**2) with gradient reg * W",
         "You used 0.5 * reg * sum(W**2) with gradient reg * W (CS231n assignment 2's TwoLayerNet asks for the "
         "factor 0.5); this kit uses reg * sum(W**2) and 2 * reg * W: drop the 0.5 and double the gradient term.",
         _REG, "CS231n assignment 2 fc_net.py (\"make sure that your L2 regularization includes a factor of 0.5\")",
         ("loss",) + _W),
        ("reg_loss_missing", "no regularization in the loss",
         "Add reg * (np.sum(W1 * W1) + np.sum(W2 * W2)) to the data loss.", _REG, "", ("loss",)),
        ("reg_grad_missing", "no regularization in the gradients",
         "Add 2 * reg * W1 to grads['W1'] and 2 * reg * W2 to grads['W2'].", _GRAD, "", _W),
        ("reg_grad_not_doubled", "the regularization gradient is reg * W, not 2 * reg * W",
         "The derivative of reg * sum(W * W) is 2 * reg * W.", _GRAD, "", _W),
        ("reg_w2_missing", "W2 is left out of the regularization (loss and gradient)",
         "Your loss is low by exactly reg * np.sum(W2 * W2), and grads['W2'] lacks 2 * reg * W2: both weight "
         "matrices are regularized, reg * (np.sum(W1 * W1) + np.sum(W2 * W2)).", _REG, "", ("loss", "grads.W2")),
        _overwritten("loss, grads = 0, {}"),
    )
)

_FC_INIT_RULE = ('"Draw the weights from a normal distribution with mean 0 and standard deviation weight_scale, '
                 'using the generator rng below, one layer after the other from W1 to WL: rng.normal(0.0, '
                 'weight_scale, size=(d_{i-1}, d_i)). The biases are zeros." (FullyConnectedNet.__init__)')
_FC_LAYERS = ('"The given code below sets self.num_layers = L = len(hidden_dims) + 1 ... Your code: fill '
              'self.params with W1, b1, ..., WL, bL." (FullyConnectedNet.__init__)')
_FC_SHAPES = ('"Wi: weights of layer i (i = 1, ..., L), of shape (d_{i-1}, d_i), where d_0 = input_dim, d_i = '
              'hidden_dims[i - 1] for 1 <= i < L and d_L = num_classes" (FullyConnectedNet)')
_FC_ARCH = '"The last affine layer gives the class scores and has no activation after it." (FullyConnectedNet)'
_FC_LOOP = ('"affine_forward then the activation\'s forward (act_forward below) for layers 1 to L - 1, '
            'affine_forward alone for layer L" (FullyConnectedNet.loss)')
_FC_REG = ('"the softmax loss averaged over the N examples plus reg * np.sum(W * W) for each of W1, ..., WL." '
           '(FullyConnectedNet.loss)')
_FC_GRAD = '"the weights\' gradients include 2 * reg * W; the biases\' do not" (FullyConnectedNet.loss)'
_FC_W = tuple(f"grads.W{i}" for i in range(1, 5))  # the deepest hidden case has 4 layers

MISCONCEPTIONS += (
    mistakes_of(
        FC_INIT,
        ("global_rng", "the weights drawn from the global np.random instead of the seeded rng",
         "You used weight_scale * np.random.randn(d_in, d_out) (CS231n's fc_net.py); this kit draws from the "
         "seeded generator so that a seed gives the same network: rng.normal(0.0, weight_scale, size=(d_in, "
         "d_out)).", _FC_INIT_RULE, "CS231n assignment 2 fc_net.py (weight_scale * np.random.randn)", ("params",)),
        ("random_biases", "random biases instead of zeros",
         "The biases start at zero (np.zeros(d_i)); drawing them also shifts the generator, so the later "
         "weights change too.", _FC_INIT_RULE, "", ("params",)),
        ("weight_scale_missing", "weights of standard deviation 1 (weight_scale not used)",
         "Scale the weights: their standard deviation is weight_scale, rng.normal(0.0, weight_scale, size=...).",
         _FC_INIT_RULE, "", ("params",)),
        ("weight_scale_as_variance", "weight_scale used as the variance (standard deviation sqrt(weight_scale))",
         "weight_scale is the standard deviation itself: rng.normal(0.0, weight_scale, ...), not "
         "np.sqrt(weight_scale).", _FC_INIT_RULE, "", ("params",)),
        ("he_initialization", "He initialization sqrt(2 / fan_in) instead of weight_scale",
         "He initialization is a good idea for deep ReLU nets, but this constructor takes the standard deviation "
         "as an argument: use weight_scale for every layer (the caller can pass a good value).", _FC_INIT_RULE,
         "", ("params",)),
        ("weights_transposed", "weights of shape (d_i, d_{i-1}) instead of (d_{i-1}, d_i)",
         "Rows multiply the inputs (X Wi): layer i's weights have shape (fan_in, fan_out) = (d_{i-1}, d_i).",
         _FC_SHAPES, "", ("params",)),
        ("loop_one_layer_short", "the loop creates L - 1 layers (range(1, num_layers))",
         "There are L = len(hidden_dims) + 1 weight matrices, the output layer included: loop over "
         "range(1, self.num_layers + 1).", _FC_LAYERS, "", ("params",)),
        ("output_layer_missing", "the layer sizes lack the output layer (num_classes)",
         "The sizes are d_0 = input_dim, the hidden sizes, and d_L = num_classes: dims = [input_dim] + hidden_dims "
         "+ [num_classes], so the last layer gives the class scores.", _FC_SHAPES, "", ("params",)),
    )
    + mistakes_of(
        FC_LOSS,
        ("activation_on_scores", "the activation applied after the last affine layer too",
         "The last affine layer gives the scores directly: apply the activation after layers 1 to L - 1 only "
         "(if i < L), not after layer L.", _FC_ARCH, "", ("scores", "loss", "grads")),
        ("last_hidden_activation_missing", "no activation after the last hidden layer (off by one: i < L - 1)",
         "Every hidden affine layer, 1 to L - 1, is followed by the activation: the test is i < L (or "
         "i <= L - 1), not i < L - 1.", _FC_LOOP, "", ("scores", "loss", "grads")),
        ("activation_missing", "no activation at all: the network is one linear map",
         "Apply act_forward after each hidden affine layer (and act_backward in the backward pass): without it "
         "any depth collapses into one affine map.", _FC_LOOP, "", ("scores", "loss", "grads")),
        ("always_relu", "ReLU used whatever self.activation says",
         "Use the activation the network was built with: act_forward, act_backward = "
         "ACTIVATIONS[self.activation] (the given line), not relu_forward / relu_backward directly.",
         '"activation: The nonlinearity after every hidden affine layer" (FullyConnectedNet.__init__)', "",
         ("scores", "loss", "grads")),
        ("hidden_grad_not_masked", "the backward pass skips the activations' backward",
         "Backpropagate through each hidden layer's activation too: dout = act_backward(dout, act_cache) before "
         "that layer's affine_backward.", '"run the backward functions in the reverse order" (FullyConnectedNet.loss)',
         "", ("grads",)),
        ("reg_on_biases", "the biases are regularized",
         "Only the weights are regularized: reg * np.sum(W * W) for W1, ..., WL, and the biases' gradients get "
         "no 2 * reg * b term.", _FC_GRAD, "", ("loss", "grads")),
        ("half_reg", "0.5 * reg * sum(W**2) with gradient reg * W",
         "You used 0.5 * reg * sum(W**2) with gradient reg * W (CS231n assignment 2's FullyConnectedNet asks for "
         "the factor 0.5); this kit uses reg * sum(W**2) and 2 * reg * W: drop the 0.5 and double the gradient "
         "term.", _FC_REG,
         "CS231n assignment 2 fc_net.py (\"make sure that your L2 regularization includes a factor of 0.5\")",
         ("loss",) + _FC_W),
        ("reg_last_layer_only", "only the last weight matrix is regularized in the loss",
         "The penalty sums over every layer: reg * (np.sum(W1 * W1) + ... + np.sum(WL * WL)); a reg term added "
         "after the loop with the loop's last W regularizes WL alone.", _FC_REG, "", ("loss",)),
        ("reg_loss_missing", "no regularization in the loss",
         "Add reg * np.sum(W * W) for each of W1, ..., WL to the data loss.", _FC_REG, "", ("loss",)),
        ("reg_last_w_missing", "the last weight matrix WL is left out of the regularization (loss and gradient)",
         "Your loop over the layers stops one short (range(1, self.num_layers)): WL gets no reg * np.sum(WL * WL) "
         "in the loss and no 2 * reg * WL in its gradient. Loop over range(1, self.num_layers + 1).", _FC_REG, "",
         ("loss", "grads")),
        _overwritten("loss, grads = 0.0, {}"),
        ("reg_grad_missing", "no regularization in the gradients",
         "Add 2 * reg * Wi to every grads['Wi'].", _FC_GRAD, "", _FC_W),
        ("reg_grad_not_doubled", "the regularization gradient is reg * W, not 2 * reg * W",
         "The derivative of reg * sum(W * W) is 2 * reg * W.", _FC_GRAD, "", _FC_W),
    )
)

_FC_RAISES = {"loop_one_layer_short", "output_layer_missing"}  # every case raises: nothing else shows
_FC_SCALE = {"weight_scale_missing", "weight_scale_as_variance", "he_initialization"}

EXCLUSIVE = {
    FC_INIT: [{a, b} for a in sorted(_FC_RAISES) for b in
              ("global_rng", "random_biases", "weights_transposed", *sorted(_FC_SCALE), *sorted(_FC_RAISES)) if a != b]
    + [_FC_SCALE],
    FC_LOSS: [{"reg_loss_missing", "half_reg", "reg_last_layer_only", "reg_last_w_missing", "loss_overwritten"},
              {"reg_grad_missing", "half_reg", "reg_grad_not_doubled", "reg_last_w_missing"},
              {"activation_on_scores", "last_hidden_activation_missing", "activation_missing"},
              {"activation_missing", "always_relu"}, {"activation_missing", "hidden_grad_not_masked"}],
    INIT: [],
    LOSS: [{"reg_loss_missing", "half_reg", "reg_w2_missing", "loss_overwritten"},
           {"reg_grad_missing", "half_reg", "reg_grad_not_doubled", "reg_w2_missing"},
           {"activation_missing", "always_relu", "hidden_grad_not_masked"}],
}
