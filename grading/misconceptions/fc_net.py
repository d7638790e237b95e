"""Misconceptions of ``classifiers/fc_net.py``: ``TwoLayerNet.__init__`` and ``TwoLayerNet.loss``."""
import numpy as np

from .base import lazy, mistakes_of

_T = "classifiers.fc_net.TwoLayerNet."
INIT, LOSS = _T + "__init__", _T + "loss"


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
    reg_loss = self.reg * (np.sum(weights[0]) + np.sum(weights[1]))
    if "reg_on_biases" in m:
        reg_loss = reg_loss + self.reg * (np.sum(b1 * b1) + np.sum(b2 * b2))
    if "half_reg" in m:
        reg_loss = 0.5 * reg_loss
    if "reg_loss_missing" in m:
        reg_loss = 0.0
    loss = data_loss + reg_loss
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
        grads["W2"] += factor * self.reg * W2
        grads["W1"] += factor * self.reg * W1
        if "reg_on_biases" in m:
            grads["b2"] = grads["b2"] + factor * self.reg * b2
            grads["b1"] = grads["b1"] + factor * self.reg * b1
    return loss, grads


WRONG_VERSIONS = {INIT: __init__, LOSS: loss}

_INIT_RULE = ('"Draw the weights from a normal distribution with mean 0 and standard deviation weight_scale, using '
              'the generator ``rng`` below, W1 first and then W2: ``rng.normal(0.0, weight_scale, size=(D, H))``. '
              'The biases are zeros." (TwoLayerNet.__init__)')
_ARCH = '"The architecture is affine - activation - affine - softmax" (TwoLayerNet)'
_REG = '"the softmax loss averaged over the N examples plus ``reg * (np.sum(W1 * W1) + np.sum(W2 * W2))``" (loss)'
_GRAD = '"the weights\' gradients include ``2 * reg * W``" (TwoLayerNet.loss)'
_W = ("grads.W1", "grads.W2")

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
    )
)

EXCLUSIVE = {
    INIT: [],
    LOSS: [{"reg_loss_missing", "half_reg"}, {"reg_grad_missing", "half_reg", "reg_grad_not_doubled"},
           {"activation_missing", "always_relu", "hidden_grad_not_masked"}],
}
