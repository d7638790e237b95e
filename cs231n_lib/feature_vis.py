"""Pictures for the features notebook: a feature transform that makes data linearly
separable, images beside their colour or intensity histograms, class-average histograms,
image gradients, HOG glyphs, visual words and word histograms, and the accuracy comparison
of classifiers on features versus raw pixels.

Given code: nothing here is a student task. Every function draws one new figure with a
title and labelled axes (with units where there are any) and returns the matplotlib ``Figure``.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import hsv_to_rgb

from .figures import describe, series_phrase
from .palette import OKABE_ITO


def _show_image(ax, image, title=""):
    """Draw one image of shape (H, W, C) with pixel values 0..255 (C = 1: grayscale)."""
    image = np.clip(np.asarray(image, dtype=np.float64) / 255.0, 0, 1)
    if image.shape[-1] == 1:
        ax.imshow(image[..., 0], cmap="gray", vmin=0, vmax=1)
    else:
        ax.imshow(image)
    ax.set_title(title, fontsize=9)
    ax.axis("off")


def plot_feature_transform(points, labels, transformed, accuracies, names=("x", "y"), new_names=("r", "theta"),
                           title="A feature transform can make the classes linearly separable"):
    """Scatter the same labelled 2-D points before (left) and after (right) a feature transform.

    Inputs:
    - points: A numpy array of shape (N, 2): the original coordinates.
    - labels: A numpy array of shape (N,) of integer classes.
    - transformed: A numpy array of shape (N, 2): the features of the same points.
    - accuracies: A pair (accuracy on points, accuracy on transformed) of a linear classifier.
    - names, new_names: The axis names of the two spaces.

    Returns the matplotlib Figure.
    """
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, data, (xn, yn), acc, space in zip(axes, (points, transformed), (names, new_names), accuracies,
                                              ("raw coordinates", "features")):
        for c in np.unique(labels):
            ax.scatter(data[labels == c, 0], data[labels == c, 1], s=8, label=f"class {c}")
        ax.set_xlabel(xn)
        ax.set_ylabel(yn)
        ax.set_title(f"{space}: linear classifier {acc:.0%} accurate", fontsize=10)
        ax.legend(fontsize=8, loc="upper right")
        ax.grid(alpha=0.3)
    fig.suptitle(title)
    fig.tight_layout()
    return describe(fig, f"{title}: the same {len(points)} points of {len(np.unique(labels))} classes, coloured by "
                         f"class, in ({names[0]}, {names[1]}) on the left and in ({new_names[0]}, {new_names[1]}) on "
                         f"the right; a linear classifier gets {accuracies[0]:.0%} of them right on the left and "
                         f"{accuracies[1]:.0%} on the right.")


def _bin_colors(num_bins, kind):
    centres = (np.arange(num_bins) + 0.5) / num_bins
    if kind == "hue":
        return hsv_to_rgb(np.stack([centres, np.ones(num_bins), np.ones(num_bins)], axis=1))
    return np.repeat(centres[:, None], 3, axis=1)


def show_color_histograms(images, histograms, kind, hues=None, titles=None,
                          title="What the colour histogram sees"):
    """Each image beside its histogram; for colour images also the hue of every pixel.

    Inputs:
    - images: A numpy array of shape (M, H, W, C), pixel values 0..255.
    - histograms: A numpy array of shape (M, B): the fraction of pixels in each bin.
    - kind: "hue" (bins of hue in [0, 1)) or "intensity" (bins of gray level 0..255).
    - hues: Optional numpy array of shape (M, H, W), the hue of each pixel in [0, 1), drawn
      as a picture in full saturation (gray pixels, which have no hue, drawn gray).
    - titles: Optional list of M image titles (e.g. the class names).

    Returns the matplotlib Figure.
    """
    M, B = histograms.shape
    ncols = 3 if hues is not None else 2
    fig, axes = plt.subplots(M, ncols, figsize=(3.2 * ncols, 2.0 * M), squeeze=False,
                             gridspec_kw={"width_ratios": [1] * (ncols - 1) + [1.8]})
    colors = _bin_colors(B, kind)
    edges = np.arange(B + 1) / B
    for i in range(M):
        _show_image(axes[i, 0], images[i], titles[i] if titles else "")
        if hues is not None:
            rgb = np.asarray(images[i], dtype=np.float64)
            gray = rgb.max(axis=-1) == rgb.min(axis=-1)
            picture = hsv_to_rgb(np.stack([hues[i], np.ones_like(hues[i]), np.ones_like(hues[i])], axis=-1))
            picture[gray] = 0.5
            axes[i, 1].imshow(picture)
            axes[i, 1].set_title("hue of each pixel (gray: no hue)", fontsize=9)
            axes[i, 1].axis("off")
        ax = axes[i, -1]
        ax.bar(edges[:-1], histograms[i], width=1.0 / B, align="edge", color=colors, edgecolor="black", lw=0.5)
        ax.set_xlim(0, 1)
        ax.set_ylabel("fraction of pixels", fontsize=8)
        if kind == "hue":
            ax.set_xlabel("hue (fraction of a turn: 0 red, 1/3 green, 2/3 blue)", fontsize=8)
        else:
            ax.set_xlabel("gray level / 256 (0 black, 1 white)", fontsize=8)
        ax.tick_params(labelsize=7)
    fig.suptitle(title)
    fig.tight_layout()
    names_of = [str(t) for t in titles] if titles is not None else [f"image {i + 1}" for i in range(M)]
    peaks = "; ".join(f"{name}: fullest bin {int(np.argmax(h)) + 1} of {B} ({np.max(h):.0%} of the pixels)"
                      for name, h in zip(names_of, histograms))
    return describe(fig, f"{title}: {M} images, each beside its {kind} histogram of {B} bins"
                         + (" and a picture of the hue of every pixel" if hues is not None else "") + f". {peaks}.")


def plot_class_histograms(histograms, labels, class_names, kind, title="Average histogram of each class"):
    """Heat map of the mean histogram of each class (rows: classes, columns: bins).

    Inputs:
    - histograms: A numpy array of shape (N, B).
    - labels: A numpy array of shape (N,) of classes in 0..C-1.
    - class_names: A list of the C class names.
    - kind: "hue" or "intensity" (for the axis label).

    Returns the matplotlib Figure.
    """
    C, B = len(class_names), histograms.shape[1]
    means = np.stack([histograms[labels == c].mean(axis=0) for c in range(C)])
    fig, ax = plt.subplots(figsize=(7, 0.35 * C + 1.8))
    im = ax.imshow(means, cmap="viridis", aspect="auto", extent=(0, 1, C - 0.5, -0.5))
    ax.set_yticks(range(C))
    ax.set_yticklabels(class_names, fontsize=8)
    ax.set_xlabel("hue (fraction of a turn)" if kind == "hue" else "gray level / 256")
    ax.set_ylabel("class")
    fig.colorbar(im, ax=ax, label="mean fraction of pixels")
    ax.set_title(title)
    fig.tight_layout()
    peaks = "; ".join(f"{name} peaks in bin {int(np.argmax(m)) + 1} ({np.max(m):.0%})" for name, m in zip(class_names, means))
    return describe(fig, f"{title}: a heat map, one row per class ({C} classes), one column per {kind} bin ({B} bins), "
                         f"brighter for a larger mean fraction of pixels. {peaks}.")


def show_gradients(images, gx, gy, titles=None, title="Image gradients: magnitude and orientation"):
    """Each grayscale image, its gradient magnitude and its gradient orientation.

    The orientation picture shows the unsigned angle (0..180 degrees) as a colour and the
    magnitude as brightness, so flat regions are black.

    Inputs:
    - images: A numpy array of shape (M, H, W), gray levels 0..255.
    - gx, gy: numpy arrays of shape (M, H, W): the derivatives along x (right) and y (down).
    - titles: Optional list of M image titles.

    Returns the matplotlib Figure.
    """
    M = len(images)
    magnitude = np.hypot(gx, gy)
    angle = np.rad2deg(np.arctan2(gy, gx)) % 180
    fig, axes = plt.subplots(M, 3, figsize=(8, 2.5 * M), squeeze=False)
    for i in range(M):
        axes[i, 0].imshow(images[i], cmap="gray", vmin=0, vmax=255)
        axes[i, 0].set_title(titles[i] if titles else "image", fontsize=9)
        im = axes[i, 1].imshow(magnitude[i], cmap="magma")
        axes[i, 1].set_title("gradient magnitude", fontsize=9)
        fig.colorbar(im, ax=axes[i, 1], fraction=0.046, label="gray levels")
        brightness = magnitude[i] / max(magnitude[i].max(), 1e-12)
        picture = hsv_to_rgb(np.stack([angle[i] / 180, np.ones_like(brightness), brightness], axis=-1))
        axes[i, 2].imshow(picture)
        axes[i, 2].set_title("orientation (colour: 0..180 degrees)", fontsize=9)
        for ax in axes[i]:
            ax.axis("off")
    fig.suptitle(title)
    fig.tight_layout()
    names_of = [str(t) for t in titles] if titles is not None else [f"image {i + 1}" for i in range(M)]
    parts = "; ".join(f"{name}: largest gradient magnitude {magnitude[i].max():.3g}, "
                      f"{np.mean(magnitude[i] < 0.05 * max(magnitude[i].max(), 1e-12)):.0%} of the pixels nearly flat"
                      for i, name in enumerate(names_of))
    return describe(fig, f"{title}: {M} grayscale images, each with its gradient magnitude (bright at edges) and its "
                         f"gradient orientation (colour: angle 0 to 180 degrees, brightness: magnitude). {parts}.")


def _hog_glyph_segments(cell_histograms, pixels_per_cell):
    """Line segments (and their strengths) of the HOG glyphs of one image: for each cell and
    orientation bin, a segment through the cell centre along the edge direction, which is
    perpendicular to the gradient direction of the bin's middle angle."""
    rows, cols, B = cell_histograms.shape
    c = pixels_per_cell
    middle = np.deg2rad((np.arange(B) + 0.5) * 180.0 / B)
    edge_dx, edge_dy = -np.sin(middle), np.cos(middle)   # gradient (cos, sin) turned by 90 degrees
    half = 0.45 * c
    segments, strengths = [], []
    for i in range(rows):
        for j in range(cols):
            cy, cx = i * c + c / 2 - 0.5, j * c + c / 2 - 0.5
            for b in range(B):
                segments.append([(cx - half * edge_dx[b], cy - half * edge_dy[b]),
                                 (cx + half * edge_dx[b], cy + half * edge_dy[b])])
                strengths.append(cell_histograms[i, j, b])
    return segments, np.asarray(strengths)


def show_hog(images, cell_histograms, pixels_per_cell, titles=None,
             title="HOG: the orientation histogram of every cell, drawn as edge glyphs"):
    """Each image beside its HOG glyphs: in every cell, one line per orientation bin along the
    edge direction of that bin, brighter for a larger value of the bin (brightness: the square
    root of the bin's value relative to the image's largest bin).

    Inputs:
    - images: A numpy array of shape (M, H, W, C) or (M, H, W), pixel values 0..255.
    - cell_histograms: A numpy array of shape (M, rows, cols, B): the cell histograms.
    - pixels_per_cell: The side of a cell, in pixels.
    - titles: Optional list of M image titles.

    Returns the matplotlib Figure.
    """
    M = len(images)
    fig, axes = plt.subplots(M, 2, figsize=(6, 3 * M), squeeze=False)
    for i in range(M):
        image = images[i] if images[i].ndim == 3 else images[i][..., None]
        _show_image(axes[i, 0], image, titles[i] if titles else "image")
        H, W = image.shape[:2]
        segments, strengths = _hog_glyph_segments(cell_histograms[i], pixels_per_cell)
        rel = np.sqrt(strengths / max(strengths.max(), 1e-12))   # square root: weak edges stay visible
        ax = axes[i, 1]
        ax.set_facecolor("black")
        ax.add_collection(LineCollection(segments, colors=np.stack([rel] * 3 + [np.ones_like(rel)], axis=1),
                                         linewidths=1.5))
        rows, cols = cell_histograms[i].shape[:2]
        for k in range(1, rows):
            ax.axhline(k * pixels_per_cell - 0.5, color="#333333", lw=0.5)
        for k in range(1, cols):
            ax.axvline(k * pixels_per_cell - 0.5, color="#333333", lw=0.5)
        ax.set_xlim(-0.5, W - 0.5)
        ax.set_ylim(H - 0.5, -0.5)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"HOG glyphs, cells of {pixels_per_cell}x{pixels_per_cell} pixels", fontsize=9)
    fig.suptitle(title)
    fig.tight_layout()
    return describe(fig, f"{title}: {M} images, each beside a grid of {cell_histograms.shape[1]} x "
                         f"{cell_histograms.shape[2]} cells of {pixels_per_cell} x {pixels_per_cell} pixels; in each cell one "
                         f"line per orientation bin ({cell_histograms.shape[-1]} bins) along the edge direction, brighter "
                         f"where the edges of that direction are stronger.")


def plot_cell_histogram(histogram, title="Orientation histogram of one cell"):
    """Bar chart of one cell's orientation histogram over [0, 180) degrees (bin edges 0,
    180/B, ..., 180), each bar coloured like the orientation pictures.

    Inputs:
    - histogram: A numpy array of shape (B,): the summed gradient magnitudes per bin.

    Returns the matplotlib Figure.
    """
    B = len(histogram)
    width = 180.0 / B
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar(np.arange(B) * width, histogram, width=width, align="edge", edgecolor="black",
           color=hsv_to_rgb(np.stack([(np.arange(B) + 0.5) / B, np.ones(B), np.ones(B)], axis=1)))
    ax.set_xlim(0, 180)
    ax.set_xticks(np.arange(B + 1) * width)
    ax.set_xlabel("gradient orientation (degrees, unsigned)")
    ax.set_ylabel("sum of gradient magnitudes")
    ax.set_title(title)
    fig.tight_layout()
    top = int(np.argmax(histogram))
    return describe(fig, f"{title}: {B} bars over 0 to 180 degrees; the tallest is {top * width:.0f} to "
                         f"{(top + 1) * width:.0f} degrees ({histogram[top]:.3g}, "
                         f"{histogram[top] / max(float(np.sum(histogram)), 1e-12):.0%} of the cell's total).")


def show_visual_words(words, patch_shape, counts=None, ncols=10, title="The visual words: k-means centres of patches"):
    """The k-means centres drawn as image patches in one mosaic (one gray or colour scale for
    all: 0 is middle gray), from the most to the least frequent word when counts are given.

    Inputs:
    - words: A numpy array of shape (K, p * p * C).
    - patch_shape: (p, p, C).
    - counts: Optional numpy array of shape (K,): how many training patches each word has.
    - ncols: Words per row of the mosaic.

    Returns the matplotlib Figure.
    """
    K = len(words)
    p, _, C = patch_shape
    order = np.argsort(-np.asarray(counts), kind="stable") if counts is not None else np.arange(K)
    nrows = int(np.ceil(K / ncols))
    mosaic = np.ones((nrows * (p + 1) + 1, ncols * (p + 1) + 1, 3))   # white lines between the patches
    # One scale for all words (a flat word stays flat gray); the 99th percentile of |value| is white or black.
    scale = max(float(np.percentile(np.abs(words), 99)), 1e-12)
    for slot, k in enumerate(order):
        patch = np.clip(0.5 + 0.5 * words[k].reshape(patch_shape) / scale, 0.0, 1.0)
        r, c = divmod(slot, ncols)
        mosaic[1 + r * (p + 1):1 + r * (p + 1) + p, 1 + c * (p + 1):1 + c * (p + 1) + p] = \
            np.repeat(patch, 3, axis=-1) if C == 1 else patch
    fig, ax = plt.subplots(figsize=(0.55 * ncols + 1, 0.55 * nrows + 1))
    ax.imshow(mosaic, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if counts is not None:
        ax.set_xlabel(f"{p}x{p}-pixel words row by row, from the most frequent ({int(np.max(counts))} patches) "
                      f"to the least frequent ({int(np.min(counts))} patches)", fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    return describe(fig, f"{title}: {K} visual words, each a {p} x {p} patch"
                         + (f", from the most used ({int(np.max(counts))} patches) to the least used ({int(np.min(counts))})"
                            if counts is not None else "") + "; middle gray is 0.")


def show_word_histograms(images, word_histograms, titles=None, title="Bag of visual words: which words each image uses"):
    """Each image beside its histogram of visual words.

    Inputs:
    - images: A numpy array of shape (M, H, W, C), pixel values 0..255.
    - word_histograms: A numpy array of shape (M, K): the fraction of the image's patches
      nearest to each word.

    Returns the matplotlib Figure.
    """
    M, K = word_histograms.shape
    fig, axes = plt.subplots(M, 2, figsize=(9, 1.9 * M), squeeze=False, gridspec_kw={"width_ratios": [1, 4]})
    for i in range(M):
        _show_image(axes[i, 0], images[i], titles[i] if titles else "")
        axes[i, 1].bar(np.arange(K), word_histograms[i], color=OKABE_ITO["blue"])
        axes[i, 1].set_xlim(-0.5, K - 0.5)
        axes[i, 1].set_ylabel("fraction of patches", fontsize=8)
        axes[i, 1].tick_params(labelsize=7)
    axes[-1, 1].set_xlabel("visual word")
    fig.suptitle(title)
    fig.tight_layout()
    names_of = [str(t) for t in titles] if titles is not None else [f"image {i + 1}" for i in range(M)]
    parts = "; ".join(f"{name}: {int(np.sum(h > 0))} of the {K} words used, the most used word "
                      f"{int(np.argmax(h))} ({np.max(h):.0%})" for name, h in zip(names_of, word_histograms))
    return describe(fig, f"{title}: {M} images, each beside its histogram of {K} visual words. {parts}.")


def plot_inertia(inertia, title="k-means: mean squared distance of the patches to their word"):
    """Line plot of the k-means objective after each iteration."""
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot(np.arange(1, len(inertia) + 1), inertia, marker="o", ms=3)
    ax.set_xlabel("iteration")
    ax.set_ylabel("mean squared distance\n(normalized patch units)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return describe(fig, f"{title}: " + series_phrase("the mean squared distance", inertia) + ".")


def plot_accuracy_comparison(results, title="Test accuracy: the same classifiers on features and on raw pixels"):
    """Grouped bars: one group per classifier, one bar per input representation.

    Inputs:
    - results: A dict mapping (classifier name, input name) to an accuracy in [0, 1].

    Returns the matplotlib Figure.
    """
    classifiers = list(dict.fromkeys(k[0] for k in results))
    inputs = list(dict.fromkeys(k[1] for k in results))
    width = 0.8 / len(inputs)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    for j, name in enumerate(inputs):
        xs = np.arange(len(classifiers)) + (j - (len(inputs) - 1) / 2) * width
        values = [results.get((c, name), np.nan) for c in classifiers]
        bars = ax.bar(xs, values, width=width, label=name)
        for x, v in zip(xs, values):
            if np.isfinite(v):
                ax.text(x, v + 0.01, f"{v:.1%}", ha="center", fontsize=8)
        bars.set_label(name)
    ax.set_xticks(np.arange(len(classifiers)))
    ax.set_xticklabels(classifiers)
    ax.set_ylabel("accuracy (fraction of test images)")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    parts = "; ".join(f"{c}: " + ", ".join(f"{i} {results[(c, i)]:.1%}" for i in inputs if (c, i) in results)
                      for c in classifiers)
    return describe(fig, f"{title}: grouped bars of test accuracy. {parts}.")
