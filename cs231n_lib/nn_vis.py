"""Pictures for the neural-network notebooks: activation functions and their local
gradients, gradient magnitude per layer, dead units during training, optimizer paths on
a 2-D loss surface, accuracy curves, the hidden-size x regularization grid and the
first layer's weights as images.

Given code: nothing here is a student task. Every function draws one new figure with a
title, labelled axes (with units where there are any) and returns the matplotlib ``Figure``.
"""
import matplotlib.pyplot as plt
import numpy as np

from .figures import describe, series_phrase
from .palette import CATEGORY_COLORS, CLASS_CMAP
from .vis import accuracy_colorbar, annotated_heatmap, color_range


def plot_activation_functions(x, curves, title="Activation functions and their local gradients"):
    """Draw each activation function (left) and its local gradient d out / d x (right).

    Inputs:
    - x: A numpy array of shape (P,): the input values (pre-activations) on the x axis.
    - curves: A dict mapping a name (e.g. "sigmoid") to a pair ``(out, dout_dx)`` of
      numpy arrays of shape (P,): the function's values at x and its local gradient at x.
    - title: The figure title.

    Returns the matplotlib Figure.
    """
    fig, (ax_f, ax_g) = plt.subplots(1, 2, figsize=(11, 4))
    for name, (out, grad) in curves.items():
        ax_f.plot(x, out, label=name)
        ax_g.plot(x, grad, label=name)
    ax_f.set_title("f(x)")
    ax_f.set_xlabel("input x (pre-activation, no unit)")
    ax_f.set_ylabel("output f(x)")
    ax_g.set_title("local gradient df/dx")
    ax_g.set_xlabel("input x (pre-activation, no unit)")
    ax_g.set_ylabel("df/dx")
    for ax in (ax_f, ax_g):
        ax.axhline(0, color="grey", lw=0.5)
        ax.axvline(0, color="grey", lw=0.5)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    parts = [f"{name}: f(x) from {np.min(out):.3g} to {np.max(out):.3g}, largest df/dx {np.max(grad):.3g}, "
             f"df/dx at x = {x[0]:g} is {grad[0]:.2g} and at x = {x[-1]:g} is {grad[-1]:.2g}"
             for name, (out, grad) in curves.items()]
    return describe(fig, f"{title}, for x from {x[0]:g} to {x[-1]:g}. " + "; ".join(parts) + ".")


def plot_gradient_magnitudes(magnitudes, layer_names, title="Gradient magnitude reaching each layer",
                             ylabel="mean |dL/dW| (log scale)"):
    """Grouped bar chart of a gradient magnitude per layer, one group of bars per layer and
    one colour per network (e.g. per activation function), on a log scale.

    Inputs:
    - magnitudes: A dict mapping a network's name to a sequence of positive floats, one per
      layer, in the order of ``layer_names``.
    - layer_names: A list of layer names (e.g. ["W1 (first)", "W2", "W3 (last)"]).
    - title, ylabel: Texts of the figure.

    Returns the matplotlib Figure.
    """
    names = list(magnitudes)
    num_layers = len(layer_names)
    width = 0.8 / max(len(names), 1)
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * num_layers + 3), 4))
    positions = np.arange(num_layers)
    for i, name in enumerate(names):
        values = np.maximum(np.asarray(magnitudes[name], dtype=np.float64), 1e-30)
        ax.bar(positions + (i - (len(names) - 1) / 2) * width, values, width, label=name)
    ax.set_yscale("log")
    ax.set_xticks(positions)
    ax.set_xticklabels(layer_names)
    ax.set_xlabel("layer (input side on the left)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    parts = [f"{name}: " + ", ".join(f"{layer} {value:.2g}" for layer, value in zip(layer_names, magnitudes[name]))
             for name in names]
    return describe(fig, f"{title} (bars, log scale, input side first). " + "; ".join(parts) + ".")


def plot_dead_units(fractions, title="Dead hidden units during training", xlabel="training iteration", every=1):
    """Fraction of hidden units that output 0 for every example of a probe set, over training.

    Inputs:
    - fractions: A dict mapping a name (e.g. "relu, lr 1e-2") to a sequence of fractions in
      0..1, one per measurement: the first before training, then one every ``every`` iterations.
    - title, xlabel: Texts of the figure.
    - every: The number of iterations between two measurements.

    Returns the matplotlib Figure.
    """
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, values in fractions.items():
        values = 100.0 * np.asarray(values, dtype=np.float64)
        ax.plot(every * np.arange(len(values)), values, label=name)
    ax.set_ylim(-2, 102)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("dead hidden units (% of the layer)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    parts = [f"{name}: {100 * values[0]:.0f} % dead at the start, {100 * values[-1]:.0f} % after "
             f"{every * (len(values) - 1)} iterations" for name, values in fractions.items()]
    return describe(fig, f"{title}. " + "; ".join(parts) + ".")


def plot_accuracy_curves(histories, title="Classification accuracy during training", xlabel="epoch"):
    """Training and validation accuracy per epoch for one or several runs.

    Inputs:
    - histories: A dict mapping a run's name to a pair ``(train_acc, val_acc)`` of
      sequences of accuracies in 0..1 (e.g. ``solver.train_acc_history``,
      ``solver.val_acc_history``). Training is drawn dashed, validation solid.
    - title, xlabel: Texts of the figure.

    Returns the matplotlib Figure.
    """
    fig, ax = plt.subplots(figsize=(7, 4))
    for i, (name, (train_acc, val_acc)) in enumerate(histories.items()):
        color = f"C{i % 10}"
        ax.plot(100.0 * np.asarray(train_acc), "--", color=color, label=f"{name} train")
        ax.plot(100.0 * np.asarray(val_acc), "-o", color=color, markersize=3, label=f"{name} val")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("accuracy (%)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    parts = [f"{name}: training accuracy {100 * train_acc[-1]:.1f} %, validation accuracy from "
             f"{100 * val_acc[0]:.1f} % to {100 * val_acc[-1]:.1f} % (best {100 * max(val_acc):.1f} %) over "
             f"{len(val_acc)} {xlabel}s" for name, (train_acc, val_acc) in histories.items() if len(val_acc)]
    return describe(fig, f"{title}. " + ("; ".join(parts) or "no accuracy recorded") + ".")


def plot_loss_histories(histories, title="Training loss", xlabel="iteration", smooth=1, log_scale=False):
    """Loss curves of several runs on one plot, optionally smoothed by a running mean.

    Inputs:
    - histories: A dict mapping a run's name to a sequence of losses, one per iteration.
    - smooth: Width of the running mean in iterations (1: raw curve; the raw curve is then
      drawn faintly behind the smoothed one).
    - log_scale: If True, the loss axis is logarithmic.

    Returns the matplotlib Figure.
    """
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i, (name, losses) in enumerate(histories.items()):
        losses = np.asarray(losses, dtype=np.float64)
        color = f"C{i % 10}"
        if smooth > 1 and losses.size >= smooth:
            ax.plot(losses, color=color, alpha=0.2)
            kernel = np.ones(smooth) / smooth
            smoothed = np.convolve(losses, kernel, mode="valid")
            ax.plot(np.arange(smooth - 1, losses.size), smoothed, color=color, label=name)
        else:
            ax.plot(losses, color=color, label=name)
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss (cross-entropy, nats)" + (" (log scale)" if log_scale else ""))
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    parts = [series_phrase(f"the loss of {name}", losses, xlabel) for name, losses in histories.items()]
    return describe(fig, f"{title}. " + "; ".join(parts) + ".")


def plot_optimizer_paths(f, paths, xlim, ylim, title="Optimizer paths on a 2-D loss surface",
                         resolution=200, levels=30, minimum=None):
    """Contour plot of a function of two parameters with each optimizer's path on it.

    Inputs:
    - f: A function taking two arrays (w1, w2) of the same shape and returning the loss
      there, elementwise (e.g. ``lambda a, b: a**2 + 10 * b**2``).
    - paths: A dict mapping an optimizer's name to a numpy array of shape (T, 2): the
      parameters (w1, w2) after each step, the start first.
    - xlim, ylim: (low, high) ranges of w1 and w2.
    - resolution: Grid points per axis for the contours.
    - levels: Number of contour levels (spaced on a log scale of the loss).
    - minimum: Optional (w1, w2) of the minimum, drawn as a star.

    Returns the matplotlib Figure.
    """
    a = np.linspace(xlim[0], xlim[1], resolution)
    b = np.linspace(ylim[0], ylim[1], resolution)
    A, B = np.meshgrid(a, b)
    Z = np.asarray(f(A, B), dtype=np.float64)
    fig, ax = plt.subplots(figsize=(8, 6))
    z_min = Z.min()
    shifted = Z - z_min + 1e-3
    contour_levels = np.geomspace(shifted.min(), shifted.max(), levels)
    cs = ax.contourf(A, B, shifted, levels=contour_levels, cmap="Greys_r",
                     norm=plt.matplotlib.colors.LogNorm())
    cbar = fig.colorbar(cs, ax=ax)
    cbar.set_label("loss - min loss (log scale)")
    for i, (name, path) in enumerate(paths.items()):
        path = np.asarray(path, dtype=np.float64)
        ax.plot(path[:, 0], path[:, 1], "-o", color=CATEGORY_COLORS[i % len(CATEGORY_COLORS)], markersize=2, lw=1.2,
                label=f"{name} ({len(path) - 1} steps)")
        ax.plot(path[0, 0], path[0, 1], "s", color="black", markersize=6)
    if minimum is not None:
        ax.plot(minimum[0], minimum[1], "*", color="gold", markersize=14, markeredgecolor="black",
                label="minimum")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel("parameter w1")
    ax.set_ylabel("parameter w2")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    parts = []
    for name, path in paths.items():
        path = np.asarray(path, dtype=np.float64)
        end = float(np.asarray(f(path[-1:, 0], path[-1:, 1]))[0])
        parts.append(f"{name} goes from ({path[0, 0]:.3g}, {path[0, 1]:.3g}) to ({path[-1, 0]:.3g}, {path[-1, 1]:.3g}) "
                     f"in {len(path) - 1} steps, ending at loss {end:.3g}")
    where = f"; the minimum is at ({minimum[0]:.3g}, {minimum[1]:.3g})" if minimum is not None else ""
    return describe(fig, f"{title}: contours of the loss over w1 and w2 (lowest loss {z_min:.3g} on the grid{where}). "
                         + "; ".join(parts) + ".")


def plot_size_reg_grid(results, title="Hidden size x regularization strength"):
    """The "do not use the size of the network as a regularizer" picture: validation
    accuracy as a heat map over (hidden size, reg) (left) and as one line per
    regularization strength against the hidden size (right).

    Inputs:
    - results: A dict mapping ``(hidden_size, reg)`` to a validation accuracy in 0..1.
      Every combination of the hidden sizes and regs present should be there.

    Returns the matplotlib Figure.
    """
    sizes = sorted({h for h, _ in results})
    regs = sorted({r for _, r in results})
    grid = np.full((len(regs), len(sizes)), np.nan)
    for (h, r), acc in results.items():
        grid[regs.index(r), sizes.index(h)] = 100.0 * acc
    best_row, best_col = np.unravel_index(np.nanargmax(grid), grid.shape)
    vmin, vmax = color_range(grid)
    fig, (ax_h, ax_l) = plt.subplots(1, 2, figsize=(12, 4.5))
    im = annotated_heatmap(ax_h, grid, vmin, vmax, highlight=(best_row, best_col))
    ax_h.set_xticks(range(len(sizes)))
    ax_h.set_xticklabels([str(h) for h in sizes])
    ax_h.set_yticks(range(len(regs)))
    ax_h.set_yticklabels([f"{r:g}" for r in regs])
    ax_h.set_xlabel("hidden units")
    ax_h.set_ylabel("regularization strength reg")
    ax_h.set_title("validation accuracy (%), best framed in red")
    accuracy_colorbar(fig, im, ax_h, "validation accuracy (%)")
    for i, r in enumerate(regs):
        ax_l.plot(sizes, grid[i], "-o", label=f"reg = {r:g}")
    ax_l.set_xscale("log")
    ax_l.set_xticks(sizes)
    ax_l.set_xticklabels([str(h) for h in sizes])
    ax_l.xaxis.set_minor_formatter(plt.matplotlib.ticker.NullFormatter())  # only the sizes tried
    ax_l.yaxis.get_major_formatter().set_useOffset(False)
    ax_l.set_xlabel("hidden units (log scale)")
    ax_l.set_ylabel("validation accuracy (%)")
    ax_l.set_title("accuracy against network size, one line per reg")
    ax_l.grid(alpha=0.3)
    ax_l.legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    parts = [f"reg {r:g}: " + ", ".join(f"{h} units {grid[i, k]:.1f} %" for k, h in enumerate(sizes))
             for i, r in enumerate(regs)]
    return describe(fig, f"{title}: validation accuracy for {len(sizes)} hidden sizes and {len(regs)} "
                         f"regularization strengths. " + "; ".join(parts) + f". Best: {grid[best_row, best_col]:.1f} % "
                         f"with {sizes[best_col]} units and reg {regs[best_row]:g}.",
                    summary=f"best validation accuracy {grid[best_row, best_col]:.1f} % with {sizes[best_col]} "
                            f"hidden units and reg {regs[best_row]:g}")


def show_first_layer_weights(W1, image_shape, max_units=64, ncols=16, title="First-layer weights as images"):
    """Show the first layer's weight columns (one per hidden unit) as images.

    Inputs:
    - W1: A numpy array of shape (D, H) with D = prod(image_shape).
    - image_shape: (height, width, channels) with channels 1 or 3.
    - max_units: Show at most this many hidden units (the first ones).
    - ncols: Images per row.

    Each image is rescaled to its own 0..1 range (what matters is the pattern, not the
    scale). Returns the matplotlib Figure.
    """
    W1 = np.asarray(W1, dtype=np.float64)
    D = int(np.prod(image_shape))
    if W1.shape[0] != D:
        raise ValueError(f"W1 has {W1.shape[0]} rows but image_shape {tuple(image_shape)} has {D} pixels: "
                         "pass the (D, H) first-layer weights and the data's image_shape.")
    num = min(max_units, W1.shape[1])
    ncols = min(ncols, num)
    nrows = int(np.ceil(num / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(0.8 * ncols, 0.8 * nrows + 0.6), squeeze=False)
    for k, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if k >= num:
            continue
        img = W1[:, k].reshape(image_shape)
        lo, hi = img.min(), img.max()
        img = (img - lo) / max(hi - lo, 1e-12)
        if img.shape[-1] == 1:
            ax.imshow(img[..., 0], cmap="gray", interpolation="nearest")
        else:
            ax.imshow(img, interpolation="nearest")
    fig.suptitle(f"{title} ({num} of {W1.shape[1]} hidden units)")
    fig.tight_layout()
    return describe(fig, f"{title}: the incoming weights of the first {num} of {W1.shape[1]} hidden units, each "
                         f"drawn as an image of shape {tuple(image_shape)} on its own scale; smooth blobs and edges "
                         f"mean the unit learned a pattern, noise means it did not (weights from {W1.min():.3g} to "
                         f"{W1.max():.3g}).")


def plot_decision_regions(models, X, y, title="Decision regions", resolution=200):
    """Side by side, the class regions of several 2-D classifiers with the data on top.

    Inputs:
    - models: A dict mapping a panel title to a model with ``loss(X)`` returning class
      scores of shape (N, C) for 2-D inputs X of shape (N, 2).
    - X: A numpy array of shape (N, 2), the points to draw.
    - y: A numpy array of shape (N,), their labels (colours).
    - resolution: Number of grid points along each axis.

    Returns the matplotlib Figure.
    """
    pad = 0.1
    xs = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, resolution)
    ys = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, resolution)
    xx, yy = np.meshgrid(xs, ys)
    grid = np.c_[xx.ravel(), yy.ravel()]
    fig, axes = plt.subplots(1, len(models), figsize=(4.2 * len(models), 4.2), squeeze=False)
    for ax, (name, model) in zip(axes[0], models.items()):
        regions = np.argmax(model.loss(grid), axis=1).reshape(xx.shape)
        ax.contourf(xx, yy, regions, levels=np.arange(-0.5, len(CATEGORY_COLORS)), cmap=CLASS_CMAP, alpha=0.3)
        ax.scatter(X[:, 0], X[:, 1], c=np.asarray(CATEGORY_COLORS)[np.asarray(y) % len(CATEGORY_COLORS)], s=14, edgecolors="k", linewidths=0.3)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("$x_1$ (arbitrary units)")
        ax.set_ylabel("$x_2$ (arbitrary units)")
    fig.suptitle(title)
    fig.tight_layout()
    return describe(fig, f"{title}: {len(models)} panels ({'; '.join(map(str, models))}), each showing the class the "
                         f"network predicts at every point of the plane as a coloured region, with the {len(X)} points "
                         f"on top in the colour of their label. " + "; ".join(
                             f"{name}: {np.mean(np.argmax(model.loss(X), axis=1) == np.asarray(y)):.0%} of the points "
                             f"lie in the region of their label" for name, model in models.items()) + ".")
