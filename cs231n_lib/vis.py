"""Pictures for the notebooks: image grids, weight templates, loss curves, the k
cross-validation plot and the learning-rate x regularization grid.

Given code: nothing here is a student task. Every ``show_*`` and ``plot_*`` function draws
one new figure with a title and labelled axes, and returns the matplotlib ``Figure``; the
heat-map helpers at the end are shared with ``nn_vis``.
"""
import matplotlib.pyplot as plt
import numpy as np

from .figures import describe, series_phrase
from .palette import OKABE_ITO, SEQUENTIAL_CMAP


def _to_unit_range(img):
    """Rescale one image to 0..1 for display (a constant image becomes mid-grey)."""
    img = np.asarray(img, dtype=np.float64)
    lo, hi = img.min(), img.max()
    if hi - lo < 1e-12:
        return np.full_like(img, 0.5)
    return (img - lo) / (hi - lo)


def _show(ax, img):
    """Draw an (H, W, 1) or (H, W, 3) image already in 0..1 (or 0..255 if uint8)."""
    if img.ndim == 3 and img.shape[-1] == 1:
        img = img[..., 0]
    ax.imshow(img, cmap="gray" if img.ndim == 2 else None, interpolation="nearest")
    ax.axis("off")


def show_image_grid(X, y, class_names, samples_per_class=7, title="Examples of each class", seed=0):
    """Show ``samples_per_class`` random images of every class, one column per class.

    Inputs:
    - X: A numpy array of shape (N, H, W, C) with C = 1 or 3 (any value range: each image
      is rescaled to 0..1 for display, so mean-subtracted data shows fine).
    - y: A numpy array of shape (N,) with labels in 0..len(class_names)-1.
    - class_names: A list of the class names.
    - samples_per_class: Rows of the grid.
    - seed: Seed for picking the examples.

    Returns the matplotlib Figure.
    """
    rng = np.random.default_rng(seed)
    num_classes = len(class_names)
    fig, axes = plt.subplots(samples_per_class, num_classes,
                             figsize=(1.1 * num_classes, 1.1 * samples_per_class + 0.6), squeeze=False)
    for c, name in enumerate(class_names):
        idxs = np.flatnonzero(y == c)
        chosen = rng.choice(idxs, min(samples_per_class, len(idxs)), replace=False) if len(idxs) else []
        for row in range(samples_per_class):
            ax = axes[row, c]
            ax.axis("off")
            if row < len(chosen):
                _show(ax, _to_unit_range(X[chosen[row]]))
        axes[0, c].set_title(name, fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return describe(fig, f"{title}: a grid of images, one column for each of the {num_classes} classes "
                         f"({', '.join(map(str, class_names))}), up to {samples_per_class} random examples in each.")


def show_class_templates(W, image_shape, class_names, title="Learned weights as class templates"):
    """Show each class's weight column as an image.

    Inputs:
    - W: A numpy array of shape (D, C) or (D + 1, C); with D + 1 rows the last row is the
      bias (bias trick) and is dropped. D = H * W_img * channels of ``image_shape``.
    - image_shape: (H, W_img, channels) with channels 1 or 3.
    - class_names: A list of C class names.

    All templates share one 0..255 scale, so brighter means a larger weight.
    Returns the matplotlib Figure.
    """
    D = int(np.prod(image_shape))
    W = np.asarray(W, dtype=np.float64)[:D]
    w_min, w_max = W.min(), W.max()
    scaled = 255.0 * (W - w_min) / max(w_max - w_min, 1e-12)
    num_classes = W.shape[1]
    fig, axes = plt.subplots(1, num_classes, figsize=(1.3 * num_classes, 2.0), squeeze=False)
    for c in range(num_classes):
        ax = axes[0, c]
        _show(ax, scaled[:, c].reshape(image_shape).astype(np.uint8))
        ax.set_title(class_names[c], fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return describe(fig, f"{title}: the weights of each of the {num_classes} classes "
                         f"({', '.join(map(str, class_names))}) drawn as an image of shape {tuple(image_shape)}; "
                         f"bright pixels are large weights (the shared scale runs from {w_min:.3g} to {w_max:.3g}).")


def plot_loss_curves(histories, title="Training loss", xlabel="iteration", ylabel="loss"):
    """Plot several loss histories on one set of axes.

    Inputs:
    - histories: A dict {name: sequence of loss values, one per iteration}.

    Returns the matplotlib Figure.
    """
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, history in histories.items():
        ax.plot(np.arange(len(history)), history, label=str(name), linewidth=1)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    if len(histories) > 1:
        ax.legend()
    fig.tight_layout()
    curves = "; ".join(series_phrase(f"{name} {ylabel}" if len(histories) > 1 else ylabel, history, xlabel)
                       for name, history in histories.items())
    return describe(fig, f"{title}: {curves}.")


def plot_loss_curve(loss_history, title="Training loss", xlabel="iteration", ylabel="loss"):
    """Plot one loss history (a sequence, one value per iteration). Returns the Figure."""
    return plot_loss_curves({"loss": loss_history}, title=title, xlabel=xlabel, ylabel=ylabel)


def plot_cross_validation(k_choices, k_to_accuracies, title="Cross-validation on k"):
    """Scatter each fold's accuracy for every k, and the mean with standard-deviation bars.

    Inputs:
    - k_choices: A sequence of the k values tried.
    - k_to_accuracies: A dict {k: list of accuracies (fractions 0..1), one per fold}.

    Returns the matplotlib Figure.
    """
    fig, ax = plt.subplots(figsize=(7, 4))
    for k in k_choices:
        accs = 100.0 * np.asarray(k_to_accuracies[k])
        ax.scatter([k] * len(accs), accs, color=OKABE_ITO["blue"], alpha=0.5, s=15)
    means = np.array([100.0 * np.mean(k_to_accuracies[k]) for k in k_choices])
    stds = np.array([100.0 * np.std(k_to_accuracies[k]) for k in k_choices])
    ax.errorbar(k_choices, means, yerr=stds, color=OKABE_ITO["vermillion"], capsize=3, label="mean ± std over folds")
    ax.scatter([], [], color=OKABE_ITO["blue"], alpha=0.5, s=15, label="one fold")
    ax.set_title(title)
    ax.set_xlabel("k (number of neighbours)")
    ax.set_ylabel("validation accuracy (%)")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    best = int(np.argmax(means))
    return describe(fig, f"{title}: mean validation accuracy over the folds for k = "
                         f"{', '.join(str(k) for k in k_choices)}: "
                         f"{', '.join(f'{m:.1f} %' for m in means)}; the best mean is {means[best]:.1f} % "
                         f"(standard deviation {stds[best]:.1f}) at k = {k_choices[best]}.",
                    summary=f"best mean validation accuracy {means[best]:.1f} % at k = {k_choices[best]} "
                            f"(over {len(k_to_accuracies[k_choices[best]])} folds)")


def plot_hyperparameter_grid(results, title="Learning rate x regularization search"):
    """Show training and validation accuracy of every (learning rate, reg) pair tried.

    Inputs:
    - results: A dict {(learning_rate, reg): (train_accuracy, val_accuracy)}, accuracies
      as fractions 0..1. Pairs of the grid that are missing stay empty.

    Draws two heat maps (one column per learning rate, one row per reg, the accuracy in %
    written in each cell, same colours in both) and frames the best validation accuracy in red.
    Returns the matplotlib Figure.
    """
    lrs = sorted({float(k[0]) for k in results})
    regs = sorted({float(k[1]) for k in results})
    grids = np.full((2, len(regs), len(lrs)), np.nan)
    for (lr, reg), accuracies in results.items():
        grids[:, regs.index(float(reg)), lrs.index(float(lr))] = 100.0 * np.asarray(accuracies, dtype=np.float64)
    best_lr, best_reg = max(results, key=lambda k: results[k][1])
    best = (regs.index(float(best_reg)), lrs.index(float(best_lr)))
    vmin, vmax = color_range(grids)
    fig, axes = plt.subplots(1, 2, figsize=(max(9.0, 2.4 * len(lrs) + 5.0), max(3.6, 0.7 * len(regs) + 2.4)))
    for i, (ax, which) in enumerate(zip(axes, ["training", "validation"])):
        image = annotated_heatmap(ax, grids[i], vmin, vmax, highlight=best)
        ax.set_xticks(range(len(lrs)))
        ax.set_xticklabels([f"{lr:g}" for lr in lrs])
        ax.set_yticks(range(len(regs)))
        ax.set_yticklabels([f"{reg:g}" for reg in regs])
        ax.set_xlabel("learning rate")
        ax.set_ylabel("regularization strength reg")
        ax.set_title(f"{which} accuracy (%)")
        accuracy_colorbar(fig, image, ax, f"{which} accuracy (%)")
    fig.suptitle(f"{title}\n(red frame: best validation accuracy {grids[1][best]:.1f} % at "
                 f"learning rate {best_lr:g}, reg {best_reg:g})")
    fig.tight_layout()
    worst_lr, worst_reg = min(results, key=lambda k: results[k][1])
    return describe(fig, f"{title}: two heat maps of training and validation accuracy for {len(results)} pairs of "
                         f"{len(lrs)} learning rates ({', '.join(f'{v:g}' for v in lrs)}) and {len(regs)} "
                         f"regularization strengths ({', '.join(f'{v:g}' for v in regs)}). The best validation "
                         f"accuracy is {grids[1][best]:.1f} % at learning rate {best_lr:g}, reg {best_reg:g} "
                         f"(training {grids[0][best]:.1f} %); the worst is {100 * results[(worst_lr, worst_reg)][1]:.1f} % "
                         f"at learning rate {worst_lr:g}, reg {worst_reg:g}.",
                    summary=f"best validation accuracy {grids[1][best]:.1f} % at learning rate {best_lr:g}, "
                            f"reg {best_reg:g}")


# ----------------------------------------------------------------------------- shared by the heat maps

def color_range(values, min_span=1.0):
    """(vmin, vmax) of the finite ``values`` for a colour scale, at least ``min_span`` wide
    (so that accuracies that differ by 0.01 points are not painted as opposites)."""
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return 0.0, min_span
    lo, hi = float(finite.min()), float(finite.max())
    if hi - lo < min_span:
        middle = (lo + hi) / 2
        lo, hi = middle - min_span / 2, middle + min_span / 2
    return lo, hi


def annotated_heatmap(ax, grid, vmin, vmax, highlight=None, fmt="{:.1f}", cmap=SEQUENTIAL_CMAP):
    """Draw ``grid`` (rows bottom to top) as coloured cells with their value written in each;
    NaN cells stay empty; ``highlight`` = (row, column) gets a red frame. Returns the image."""
    image = ax.imshow(grid, origin="lower", cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    colormap = plt.get_cmap(cmap)
    for row in range(grid.shape[0]):
        for col in range(grid.shape[1]):
            value = grid[row, col]
            if np.isfinite(value):
                shade = colormap((value - vmin) / max(vmax - vmin, 1e-12))
                dark = 0.299 * shade[0] + 0.587 * shade[1] + 0.114 * shade[2] < 0.5
                ax.text(col, row, fmt.format(value), ha="center", va="center", fontsize=9,
                        color="white" if dark else "black")
    if highlight is not None:
        row, col = highlight
        ax.add_patch(plt.Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, edgecolor=OKABE_ITO["vermillion"], linewidth=2.5))
    return image


def accuracy_colorbar(fig, image, ax, label):
    """A colour bar with plain tick labels (no "+1.15e1"-style offset, no scientific notation)."""
    bar = fig.colorbar(image, ax=ax)
    formatter = plt.matplotlib.ticker.ScalarFormatter(useOffset=False)
    formatter.set_scientific(False)
    bar.ax.yaxis.set_major_formatter(formatter)
    bar.set_label(label)
    return bar
