"""Image features from before deep learning: a colour (hue) or intensity histogram and the
histogram of oriented gradients (HOG) of Dalal and Triggs (2005).

Your tasks (``features.ipynb``), each checked right after you write it:
- ``rgb_to_hue``: the hue of every pixel, a number in [0, 1);
- ``color_histogram``: per image, the fraction of its pixels in each hue bin (colour
  images) or intensity bin (grayscale images);
- ``image_gradients``: the horizontal and vertical derivatives of grayscale images;
- ``cell_orientation_histogram``: the gradient-orientation histogram of a cell (or of
  many cells at once): magnitude-weighted votes into unsigned orientation bins;
- ``block_normalize``: HOG's L2-Hys normalization of overlapping blocks of cells.

The given module ``cs231n_lib/feature_tools.py`` puts the last three together into a full
HOG descriptor and concatenates it with the colour histogram. The conventions (gradient
filter, angle range, bin edges, block layout) are those of scikit-image's
``skimage.feature.hog``, so your HOG equals the field's standard implementation.

Write every function without Python loops over images, pixels or cells: the notebook runs
them on 12,000 images.
"""
import numpy as np


def rgb_to_hue(images):
    """The hue of every pixel of RGB images, as a fraction of a full turn in [0, 1).

    Hue is the angle of a colour on the colour hexagon: red is 0, yellow 1/6, green 2/6,
    cyan 3/6, blue 4/6, magenta 5/6, and back to red at 1. With M the largest and m the
    smallest of a pixel's (R, G, B) values and delta = M - m:

        h6 = (G - B) / delta          if R is the largest,
        h6 = 2 + (B - R) / delta      if G is the largest,
        h6 = 4 + (R - G) / delta      if B is the largest,
        hue = (h6 / 6) mod 1          (so a negative h6 wraps around to just below 1).

    When two channels share the largest value the formulas agree, so any of them may be
    used. Gray pixels (R = G = B, delta = 0) have no hue; by convention their hue is 0.
    Avoid dividing by zero (numpy would warn): divide by delta only where delta > 0.
    This is the hue channel of ``skimage.color.rgb2hsv``.

    Inputs:
    - images: A numpy array of shape (..., 3): RGB values in the last axis, e.g. (N, H, W, 3)
      with pixel values 0..255. Any non-negative scale works: the hue does not depend on it.

    Returns:
    - hue: A float64 numpy array of shape (...) (the input's shape without the last axis),
      values in [0, 1).
    """
    hue = None
    ### BEGIN SOLUTION
    rgb = np.asarray(images, dtype=np.float64)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    largest = np.maximum(np.maximum(r, g), b)      # elementwise on the channels: faster than max(axis=-1)
    delta = largest - np.minimum(np.minimum(r, g), b)
    safe_delta = np.where(delta > 0, delta, 1.0)
    h6 = np.where(r == largest, (g - b) / safe_delta,
                  np.where(g == largest, 2.0 + (b - r) / safe_delta, 4.0 + (r - g) / safe_delta))
    hue = np.where(delta > 0, (h6 / 6.0) % 1.0, 0.0)
    hue = np.minimum(hue, np.nextafter(1.0, 0.0))  # (-tiny) % 1 rounds to 1.0: keep [0, 1)
    ### END SOLUTION
    return hue


def color_histogram(images, num_bins=10):
    """Per image, the fraction of its pixels in each of ``num_bins`` equal bins of hue
    (colour images) or intensity (grayscale images).

    Each pixel gets a value v in [0, 1):
    - colour images (C = 3): its hue, ``rgb_to_hue``;
    - grayscale images (C = 1): its intensity divided by 256 (pixel values 0..255, so the
      256 gray levels are split into equal bins).
    Pixel n falls into bin ``floor(v * num_bins)``; bin b holds b / num_bins <= v < (b + 1) / num_bins.
    Clip the bin index to num_bins - 1, so that a value of exactly 1 (an intensity of 256 or
    more) lands in the last bin. Each row of the result sums to 1.

    Count without a loop over images: give each image its own range of bin numbers
    (``image_index * num_bins + bin``) and count them all with one ``np.bincount``.

    Inputs:
    - images: A numpy array of shape (N, H, W, C) with C = 3 (RGB) or C = 1 (grayscale),
      pixel values 0..255 (not mean-subtracted).
    - num_bins: The number of bins B.

    Returns:
    - hist: A float64 numpy array of shape (N, B): hist[i, b] is the fraction of the pixels
      of image i that fall into bin b.
    """
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(f"images must have shape (N, H, W, 1) or (N, H, W, 3), got {images.shape}")
    hist = None
    ### BEGIN SOLUTION
    N = images.shape[0]
    values = rgb_to_hue(images) if images.shape[-1] == 3 else images[..., 0] / 256.0
    bins = np.minimum(np.floor(values * num_bins).astype(np.int64), num_bins - 1).reshape(N, -1)
    labels = (np.arange(N)[:, None] * num_bins + bins).ravel()
    counts = np.bincount(labels, minlength=N * num_bins).reshape(N, num_bins)
    hist = counts / bins.shape[1]
    ### END SOLUTION
    return hist


def image_gradients(images):
    """Horizontal and vertical derivatives of grayscale images, by centred differences
    with the filter [-1, 0, 1] (Dalal and Triggs' choice, and scikit-image's):

        gx[n, r, c] = images[n, r, c + 1] - images[n, r, c - 1]   (along a row: x, to the right)
        gy[n, r, c] = images[n, r + 1, c] - images[n, r - 1, c]   (along a column: y, downwards)

    There is no division by 2. On the border, where a neighbour is missing, the derivative
    across that border is 0: gx is 0 in the first and last column, gy in the first and
    last row. Use slicing, not loops.

    Inputs:
    - images: A numpy array of shape (N, H, W): N grayscale images.

    Returns a tuple of:
    - gx: A float64 numpy array of shape (N, H, W), the derivative along x (columns)
    - gy: A float64 numpy array of shape (N, H, W), the derivative along y (rows, downwards)
    """
    images = np.asarray(images, dtype=np.float64)
    gx, gy = None, None
    ### BEGIN SOLUTION
    gx = np.zeros_like(images)
    gy = np.zeros_like(images)
    gx[:, :, 1:-1] = images[:, :, 2:] - images[:, :, :-2]
    gy[:, 1:-1, :] = images[:, 2:, :] - images[:, :-2, :]
    ### END SOLUTION
    return gx, gy


def cell_orientation_histogram(gx, gy, num_bins=9):
    """The gradient-orientation histogram of a cell of pixels, or of many cells at once.

    Each pixel votes for the orientation bin of its gradient with a weight equal to the
    gradient's magnitude ``sqrt(gx**2 + gy**2)``. Orientations are **unsigned**: a gradient
    and its opposite (a dark-to-light edge and a light-to-dark edge along the same line)
    count as the same orientation, so angles live in [0, 180) degrees:

        angle = np.rad2deg(np.arctan2(gy, gx)) % 180          (degrees, in [0, 180))
        bin = floor(angle / (180 / num_bins))                 (clip to num_bins - 1)

    Bin b holds the angles b * 180 / B <= angle < (b + 1) * 180 / B: with B = 9, bin 0 is
    [0, 20) degrees, bin 1 is [20, 40), ..., bin 8 is [160, 180). An angle exactly on an
    edge goes to the bin above it (0 to bin 0, 20 to bin 1). Each vote goes entirely into
    one bin (no interpolation between bins), and the histogram is the plain sum of the
    votes (not divided by the number of pixels). This is scikit-image's convention
    (``skimage.feature.hog`` divides its cell histograms by the cell's area in addition).

    Vectorize over all cells: flatten the leading axes, give each cell its own range of
    bin numbers and count with one ``np.bincount(..., weights=magnitude)``.

    Inputs:
    - gx: A numpy array of shape (..., h, w): the x derivatives of the pixels of each cell,
      e.g. (h, w) for one cell or (N, n_rows, n_cols, h, w) for all cells of N images.
    - gy: A numpy array of the same shape: the y derivatives (y pointing down the rows).
    - num_bins: The number of orientation bins B.

    Returns:
    - hist: A float64 numpy array of shape (..., B): the leading axes of gx, with the
      pixel axes (h, w) replaced by the B bins.
    """
    gx = np.asarray(gx, dtype=np.float64)
    gy = np.asarray(gy, dtype=np.float64)
    if gx.shape != gy.shape or gx.ndim < 2:
        raise ValueError(f"gx and gy must have the same shape (..., h, w); got {gx.shape} and {gy.shape}")
    hist = None
    ### BEGIN SOLUTION
    leading = gx.shape[:-2]
    num_cells = int(np.prod(leading, dtype=np.int64))
    magnitude = np.hypot(gx, gy).reshape(num_cells, -1)
    angle = np.rad2deg(np.arctan2(gy, gx)) % 180
    bins = np.minimum(np.floor(angle / (180 / num_bins)).astype(np.int64), num_bins - 1)
    labels = np.arange(num_cells)[:, None] * num_bins + bins.reshape(num_cells, -1)
    hist = np.bincount(labels.ravel(), weights=magnitude.ravel(), minlength=num_cells * num_bins)
    hist = hist.reshape(*leading, num_bins)
    ### END SOLUTION
    return hist


def block_normalize(cell_histograms, cells_per_block=2, eps=1e-5):
    """HOG's block normalization (L2-Hys) of overlapping blocks of cells.

    A block is a square of ``cells_per_block x cells_per_block`` neighbouring cells; blocks
    start at every cell position where they fit (a stride of one cell), so neighbouring
    blocks overlap and each cell appears in up to ``cells_per_block ** 2`` blocks, each
    time normalized by its own block. For each block v (all the values of its cells'
    histograms together):

        v = v / sqrt(sum(v ** 2) + eps ** 2)     (L2 normalization)
        v = minimum(v, 0.2)                      (clip: no single large gradient dominates)
        v = v / sqrt(sum(v ** 2) + eps ** 2)     (normalize again)

    This is ``skimage.feature.hog``'s ``block_norm='L2-Hys'``. Normalizing by the
    surrounding block makes the descriptor insensitive to local contrast: the same edge
    in a brighter or darker region gives the same values.

    Vectorize over images and blocks: ``np.lib.stride_tricks.sliding_window_view`` gives
    all the blocks at once as a view.

    Inputs:
    - cell_histograms: A numpy array of shape (N, n_rows, n_cols, B): the orientation
      histograms of a grid of n_rows x n_cols cells for each of N images.
    - cells_per_block: The side k of a block, in cells (k <= n_rows and k <= n_cols).
    - eps: The small constant that keeps an all-zero block from dividing by zero.

    Returns:
    - blocks: A float64 numpy array of shape (N, n_rows - k + 1, n_cols - k + 1, k, k, B):
      blocks[n, i, j] holds the normalized histograms of the cells
      ``cell_histograms[n, i:i + k, j:j + k]``, in that order.
    """
    cell_histograms = np.asarray(cell_histograms, dtype=np.float64)
    k = cells_per_block
    if cell_histograms.ndim != 4 or not (1 <= k <= min(cell_histograms.shape[1:3])):
        raise ValueError(f"cell_histograms must have shape (N, n_rows, n_cols, B) with n_rows, n_cols >= "
                         f"cells_per_block = {k}; got {cell_histograms.shape}")
    blocks = None
    ### BEGIN SOLUTION
    windows = np.lib.stride_tricks.sliding_window_view(cell_histograms, (k, k), axis=(1, 2))
    blocks = np.moveaxis(windows, 3, 5)  # (N, i, j, B, k, k) -> (N, i, j, k, k, B)
    norms = np.sqrt(np.sum(blocks ** 2, axis=(3, 4, 5), keepdims=True) + eps ** 2)
    blocks = np.minimum(blocks / norms, 0.2)
    norms = np.sqrt(np.sum(blocks ** 2, axis=(3, 4, 5), keepdims=True) + eps ** 2)
    blocks = blocks / norms
    ### END SOLUTION
    return blocks
