"""Feature pipelines built from your functions in ``cs231n_lib/features.py``: the full HOG
descriptor, the combined HOG + colour-histogram feature vector, its standardization, and a
small bag of visual words (patches, k-means, word histograms).

Given code: nothing here is a student task. Every function takes a batch of images and
is vectorized over it (no Python loop over images), so extracting the features of 12,000
images takes seconds.
"""
import time

import numpy as np

from . import features

# ITU-R BT.709 luma weights, those of skimage.color.rgb2gray.
GRAY_WEIGHTS = np.array([0.2125, 0.7154, 0.0721])


def to_grayscale(images):
    """Grayscale versions of images.

    Inputs:
    - images: A numpy array of shape (N, H, W, C), C = 1 or 3, pixel values 0..255.

    Returns:
    - gray: A float64 array of shape (N, H, W): the single channel, or the weighted sum
      0.2125 R + 0.7154 G + 0.0721 B of a colour image (values 0..255).
    """
    images = np.asarray(images, dtype=np.float64)
    if images.shape[-1] == 1:
        return images[..., 0]
    return images @ GRAY_WEIGHTS


def split_into_cells(values, pixels_per_cell):
    """Cut each image of a batch into square cells, dropping the pixels that do not fill a
    whole cell at the bottom and the right (as skimage's hog does).

    Inputs:
    - values: A numpy array of shape (N, H, W) (e.g. the x derivatives of N images).
    - pixels_per_cell: The side c of a cell, in pixels.

    Returns:
    - cells: A numpy array of shape (N, H // c, W // c, c, c): cells[n, i, j] is the cell
      values[n, i*c:(i+1)*c, j*c:(j+1)*c].
    """
    N, H, W = values.shape
    c = pixels_per_cell
    rows, cols = H // c, W // c
    cropped = values[:, :rows * c, :cols * c]
    return cropped.reshape(N, rows, c, cols, c).transpose(0, 1, 3, 2, 4)


def hog_cell_histograms(images, pixels_per_cell=8, num_bins=9):
    """The orientation histogram of every cell of every image (HOG before block normalization).

    Inputs:
    - images: A numpy array of shape (N, H, W, C) (pixel values 0..255) or (N, H, W) (grayscale).
    - pixels_per_cell: The side of a cell, in pixels.
    - num_bins: The number of unsigned orientation bins over [0, 180) degrees.

    Returns:
    - hist: A float64 array of shape (N, H // c, W // c, num_bins) (sums of gradient magnitudes).
    """
    gray = images if np.ndim(images) == 3 else to_grayscale(images)
    gx, gy = features.image_gradients(gray)
    return features.cell_orientation_histogram(split_into_cells(gx, pixels_per_cell),
                                               split_into_cells(gy, pixels_per_cell), num_bins)


def hog_features(images, pixels_per_cell=8, cells_per_block=2, num_bins=9):
    """The HOG descriptor of each image: cell histograms, L2-Hys block normalization, flattened.

    For one grayscale image this equals ``skimage.feature.hog(image, orientations=num_bins,
    pixels_per_cell=(c, c), cells_per_block=(k, k), block_norm='L2-Hys', feature_vector=True)``
    (the tests check it).

    Inputs:
    - images: A numpy array of shape (N, H, W, C) (pixel values 0..255) or (N, H, W).
    - pixels_per_cell, cells_per_block, num_bins: As in ``skimage.feature.hog``.

    Returns:
    - hog: A float64 array of shape (N, D) with D = (rows - k + 1) * (cols - k + 1) * k * k * num_bins,
      rows = H // c and cols = W // c.
    """
    cells = hog_cell_histograms(images, pixels_per_cell, num_bins)
    blocks = features.block_normalize(cells, cells_per_block)
    return blocks.reshape(len(blocks), -1)


def hog_settings(image_shape):
    """HOG settings for an image size: cells of a quarter of the image side (7 pixels for
    28 x 28 Fashion-MNIST, 8 pixels for 32 x 32 CIFAR-10, so a 4 x 4 grid of cells either
    way), blocks of 2 x 2 cells, 9 orientation bins: 3 x 3 blocks x 36 = 324 numbers."""
    return {"pixels_per_cell": image_shape[0] // 4, "cells_per_block": 2, "num_bins": 9}


def extract_features(images, color_bins=10, batch_size=2000, **hog_kwargs):
    """The feature vector of each image: its HOG descriptor followed by its colour (hue) or
    intensity histogram (``features.color_histogram``).

    Inputs:
    - images: A numpy array of shape (N, H, W, C), pixel values 0..255 (not mean-subtracted).
    - color_bins: The number of bins of the colour or intensity histogram.
    - batch_size: Images per batch (bounds the memory used; the work is vectorized per batch).
    - hog_kwargs: pixels_per_cell, cells_per_block, num_bins (default: ``hog_settings``).

    Returns:
    - feats: A float64 array of shape (N, D_hog + color_bins).
    """
    settings = {**hog_settings(images.shape[1:]), **hog_kwargs}
    out = []
    for start in range(0, len(images), batch_size):
        batch = images[start:start + batch_size]
        out.append(np.hstack([hog_features(batch, **settings), features.color_histogram(batch, color_bins)]))
    return np.vstack(out)


def timed(f, *args, **kwargs):
    """``(f(*args, **kwargs), seconds)``: the result and the wall-clock time it took."""
    start = time.perf_counter()
    result = f(*args, **kwargs)
    return result, time.perf_counter() - start


class Standardizer:
    """Per-dimension standardization fitted on the training features only:
    ``(x - mean) / std``, so that every feature dimension has mean 0 and standard deviation 1
    on the training set (dimensions that never vary keep std 1, i.e. are only centred)."""

    def fit(self, X):
        """Learn the mean and standard deviation of each column of X, shape (N, D). Returns self."""
        self.mean = X.mean(axis=0)
        std = X.std(axis=0)
        self.std = np.where(std > 1e-12, std, 1.0)
        return self

    def transform(self, X):
        """Standardize X, shape (M, D), with the training statistics."""
        return (X - self.mean) / self.std


# --------------------------------------------------------------------------- bag of visual words

def extract_patches(images, patch_size, stride):
    """Every patch of ``patch_size x patch_size`` pixels on a grid with the given stride.

    Inputs:
    - images: A numpy array of shape (N, H, W, C).
    - patch_size: The side p of a patch, in pixels.
    - stride: The step between the top-left corners of neighbouring patches, in pixels.

    Returns:
    - patches: An array of shape (N, P, p * p * C) (float32 for float32 images, else float64):
      the P patches of each image, each flattened, in row-major order of their positions.
    """
    images = np.asarray(images)
    if images.dtype != np.float32:
        images = images.astype(np.float64)
    windows = np.lib.stride_tricks.sliding_window_view(images, (patch_size, patch_size), axis=(1, 2))
    windows = windows[:, ::stride, ::stride]               # (N, rows, cols, C, p, p)
    N, rows, cols = windows.shape[:3]
    return np.moveaxis(windows, 3, 5).reshape(N, rows * cols, -1)


def random_patches(images, patch_size, num_patches, seed=0):
    """``num_patches`` patches of ``patch_size x patch_size`` pixels at random images and positions.

    Inputs:
    - images: A numpy array of shape (N, H, W, C).
    - patch_size: The side p of a patch, in pixels.
    - num_patches: How many patches to cut.
    - seed: Seed of the random choice (an int or a np.random.Generator).

    Returns:
    - patches: A float64 array of shape (num_patches, p * p * C), each patch flattened.
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    N, H, W, C = images.shape
    n = rng.integers(0, N, num_patches)
    top = rng.integers(0, H - patch_size + 1, num_patches)
    left = rng.integers(0, W - patch_size + 1, num_patches)
    offsets = np.arange(patch_size)
    rows = (top[:, None] + offsets)[:, :, None]              # (num_patches, p, 1)
    cols = (left[:, None] + offsets)[:, None, :]             # (num_patches, 1, p)
    patches = np.asarray(images)[n[:, None, None], rows, cols]   # (num_patches, p, p, C)
    return patches.reshape(num_patches, -1).astype(np.float64)


def normalize_patches(patches, noise=10.0):
    """Contrast-normalize patches (Coates, Lee and Ng, 2011): subtract each patch's mean and
    divide by ``sqrt(variance + noise)``, so that k-means clusters shapes, not brightness.
    The constant ``noise`` (in squared pixel units) keeps nearly flat patches from being blown up.

    Inputs:
    - patches: A numpy array of shape (..., D).

    Returns an array of the same shape.
    """
    centred = patches - patches.mean(axis=-1, keepdims=True)
    return centred / np.sqrt(np.mean(centred * centred, axis=-1, keepdims=True) + noise)


def nearest_centers(X, centers):
    """For each row of X, shape (N, D), the index of its nearest row of centers, shape (K, D),
    and the squared distance to it.

    Uses the no-loop formula of the kNN assignment, ``|x - c|^2 = |x|^2 - 2 x.c + |c|^2``; the
    term ``|x|^2`` is the same for every center, so the nearest one is found without it.

    Returns a tuple of:
    - nearest: An int64 array of shape (N,).
    - squared_distance: A float array of shape (N,).
    """
    partial = (centers * centers).sum(axis=1) - 2.0 * (X @ centers.T)     # (N, K): |c|^2 - 2 x.c
    nearest = partial.argmin(axis=1)
    squared = np.maximum(partial[np.arange(len(X)), nearest] + (X * X).sum(axis=1), 0.0)
    return nearest, squared


def kmeans(X, num_clusters, num_iters=20, seed=0):
    """Lloyd's k-means: alternate assigning each point to its nearest center and moving each
    center to the mean of its points.

    The centers start at ``num_clusters`` distinct points of X drawn at random (seeded). A
    center that loses all its points is moved to a random point, so none stays empty.

    Inputs:
    - X: A numpy array of shape (N, D), N >= num_clusters.
    - num_clusters: The number K of clusters.
    - num_iters: The number of assignment + update rounds.
    - seed: Seed of the initial choice (an int or a np.random.Generator).

    Returns a tuple of:
    - centers: A float64 array of shape (K, D).
    - assignments: An int64 array of shape (N,): the nearest center of each point.
    - inertia: A list of num_iters floats: the mean squared distance of the points to their
      centers after each assignment (it never increases).
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    X = np.asarray(X, dtype=np.float64)
    centers = X[rng.choice(len(X), num_clusters, replace=False)].copy()
    inertia = []
    for _ in range(num_iters):
        assignments, squared = nearest_centers(X, centers)
        inertia.append(float(squared.mean()))
        counts = np.bincount(assignments, minlength=num_clusters)
        members = np.zeros((num_clusters, len(X)))
        members[assignments, np.arange(len(X))] = 1.0
        sums = members @ X                                   # (K, D): the sum of each cluster's points
        empty = counts == 0
        centers = np.where(empty[:, None], X[rng.integers(0, len(X), num_clusters)], sums / np.maximum(counts, 1)[:, None])
    assignments = nearest_centers(X, centers)[0]
    return centers, assignments, inertia


def bag_of_words(images, words, patch_size, stride, batch_size=1000):
    """The bag-of-visual-words histogram of each image: the fraction of its patches whose
    nearest word (k-means center of normalized patches) is each word.

    Inputs:
    - images: A numpy array of shape (N, H, W, C), pixel values 0..255.
    - words: A numpy array of shape (K, p * p * C): the visual words (``kmeans`` centers).
    - patch_size, stride: As in ``extract_patches`` (the same as for learning the words).

    Returns:
    - hist: A float64 array of shape (N, K); each row sums to 1.
    """
    out = []
    K = len(words)
    words = np.asarray(words, dtype=np.float32)  # single precision: finding the nearest word needs no more
    for start in range(0, len(images), batch_size):
        batch = np.asarray(images[start:start + batch_size], dtype=np.float32)
        patches = normalize_patches(extract_patches(batch, patch_size, stride))
        n, P, D = patches.shape
        nearest = nearest_centers(patches.reshape(n * P, D), words)[0].reshape(n, P)
        labels = (np.arange(n)[:, None] * K + nearest).ravel()
        out.append(np.bincount(labels, minlength=n * K).reshape(n, K) / P)
    return np.vstack(out)
