"""Misconceptions of ``features.py``: the hue, the colour histogram and the pieces of HOG
(image gradients, cell orientation histograms, block normalization)."""
import numpy as np

from .base import lazy, mistakes_of

P = "features."
HUE, COLOR_HIST, GRADIENTS, CELL_HIST, BLOCKS = (P + n for n in (
    "rgb_to_hue", "color_histogram", "image_gradients", "cell_orientation_histogram", "block_normalize"))


# --------------------------------------------------------------------------- rgb_to_hue

def rgb_to_hue(images, *, mistakes=frozenset()):
    m = mistakes
    rgb = np.asarray(images, dtype=np.float64)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    largest = np.maximum(np.maximum(r, g), b)
    delta = largest - np.minimum(np.minimum(r, g), b)
    denominator = largest if "divided_by_max" in m else delta
    if "gray_pixels_nan" in m:
        safe = denominator                       # 0 / 0 = NaN where R = G = B
    else:
        safe = np.where(delta > 0, denominator, 1.0)
    h6 = np.where(r == largest, (g - b) / safe,
                  np.where(g == largest, 2.0 + (b - r) / safe, 4.0 + (r - g) / safe))
    if "degrees" in m:
        turn, hue = 360.0, 60.0 * h6
    elif "not_divided_by_6" in m:
        turn, hue = 6.0, h6
    else:
        turn, hue = 1.0, h6 / 6.0
    if "not_wrapped" not in m:
        hue = np.minimum(hue % turn, np.nextafter(turn, 0.0))
    if "gray_pixels_nan" not in m:
        hue = np.where(delta > 0, hue, 0.0)
    return hue


# --------------------------------------------------------------------------- color_histogram

def color_histogram(images, num_bins=10, *, mistakes=frozenset()):
    m = mistakes
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(f"images must have shape (N, H, W, 1) or (N, H, W, 3), got {images.shape}")
    N = images.shape[0]
    colour = images.shape[-1] == 3
    levels = 255.0 if "divided_by_255" in m else 256.0
    gray = images[..., 0].reshape(N, -1)
    values = lazy("features").rgb_to_hue(images).reshape(N, -1) if colour else gray / levels
    if "range_from_data" in m:
        counts = np.stack([np.histogram(v, bins=num_bins)[0] for v in values])
    else:
        if "integer_bin_width" in m and not colour:
            scaled = gray / (int(levels) // num_bins)      # 256 // num_bins: a bin width in whole gray levels
        else:
            scaled = values * num_bins
        index = np.round(scaled) if "round_not_floor" in m else np.floor(scaled)
        bins = np.minimum(index.astype(np.int64), num_bins - 1)
        labels = (np.arange(N)[:, None] * num_bins + bins).ravel()
        counts = np.bincount(labels, minlength=N * num_bins).reshape(N, num_bins)
    if "counts_not_fractions" in m:
        return counts
    if "normalized_over_batch" in m:
        return counts / counts.sum()
    return counts / values.shape[1]


# --------------------------------------------------------------------------- image_gradients

def image_gradients(images, *, mistakes=frozenset()):
    m = mistakes
    images = np.asarray(images, dtype=np.float64)
    if "np_gradient" in m:
        gx, gy = np.gradient(images, axis=2), np.gradient(images, axis=1)
    elif "roll_wraps_borders" in m:
        gx = np.roll(images, -1, axis=2) - np.roll(images, 1, axis=2)
        gy = np.roll(images, -1, axis=1) - np.roll(images, 1, axis=1)
    else:
        gx = np.zeros_like(images)
        gy = np.zeros_like(images)
        if "forward_difference" in m:
            gx[:, :, :-1] = images[:, :, 1:] - images[:, :, :-1]
            gy[:, :-1, :] = images[:, 1:, :] - images[:, :-1, :]
        else:
            gx[:, :, 1:-1] = images[:, :, 2:] - images[:, :, :-2]
            gy[:, 1:-1, :] = images[:, 2:, :] - images[:, :-2, :]
    if "halved" in m:
        gx, gy = gx / 2, gy / 2
    if "filter_flipped" in m:
        gx, gy = -gx, -gy
    if "y_pointing_up" in m:
        gy = -gy
    if "x_y_swapped" in m:
        gx, gy = gy, gx
    return gx, gy


# --------------------------------------------------------------------------- cell_orientation_histogram

def cell_orientation_histogram(gx, gy, num_bins=9, *, mistakes=frozenset()):
    m = mistakes
    gx = np.asarray(gx, dtype=np.float64)
    gy = np.asarray(gy, dtype=np.float64)
    if gx.shape != gy.shape or gx.ndim < 2:
        raise ValueError(f"gx and gy must have the same shape (..., h, w); got {gx.shape} and {gy.shape}")
    leading = gx.shape[:-2]
    num_cells = int(np.prod(leading, dtype=np.int64))
    if "no_magnitude_weighting" in m:
        magnitude = np.ones_like(gx)
    elif "magnitude_squared" in m:
        magnitude = gx * gx + gy * gy
    else:
        magnitude = np.hypot(gx, gy)
    magnitude = magnitude.reshape(num_cells, -1)
    y = -gy if "y_pointing_up" in m else gy
    raw = np.arctan(y / gx) if "arctan_of_ratio" in m else np.arctan2(y, gx)
    turn = 360 if "signed" in m else 180
    angle = (raw if "radians_not_degrees" in m else np.rad2deg(raw)) % turn
    width = turn / num_bins
    if "edge_to_bin_below" in m:
        index = np.maximum(np.ceil(angle / width) - 1, 0)
    else:
        index = np.floor(angle / width)
    bins = np.minimum(index.astype(np.int64), num_bins - 1)
    labels = np.arange(num_cells)[:, None] * num_bins + bins.reshape(num_cells, -1)
    hist = np.bincount(labels.ravel(), weights=magnitude.ravel(), minlength=num_cells * num_bins)
    if "divided_by_cell_area" in m:
        hist = hist / (gx.shape[-2] * gx.shape[-1])
    return hist.reshape(*leading, num_bins)


# --------------------------------------------------------------------------- block_normalize

def block_normalize(cell_histograms, cells_per_block=2, eps=1e-5, *, mistakes=frozenset()):
    m = mistakes
    cell_histograms = np.asarray(cell_histograms, dtype=np.float64)
    k = cells_per_block
    if cell_histograms.ndim != 4 or not (1 <= k <= min(cell_histograms.shape[1:3])):
        raise ValueError(f"cell_histograms must have shape (N, n_rows, n_cols, B) with n_rows, n_cols >= "
                         f"cells_per_block = {k}; got {cell_histograms.shape}")
    if "non_overlapping_blocks" in m:
        N, rows, cols, B = cell_histograms.shape
        grid = cell_histograms[:, :rows // k * k, :cols // k * k]
        blocks = grid.reshape(N, rows // k, k, cols // k, k, B).transpose(0, 1, 3, 2, 4, 5)
    else:
        blocks = np.lib.stride_tricks.sliding_window_view(cell_histograms, (k, k), axis=(1, 2))
        if "window_axes_last" not in m:
            blocks = np.moveaxis(blocks, 3, 5)
    axes = (5,) if "normalized_per_cell" in m else (3, 4, 5)
    if "window_axes_last" in m and "normalized_per_cell" in m:
        axes = (3,)

    def normalized(v):
        if "l1_norm" in m:
            return v / (np.sum(np.abs(v), axis=axes, keepdims=True) + eps)
        total = np.sum(v ** 2, axis=axes, keepdims=True)
        if "eps_missing" in m:
            return v / np.sqrt(total)
        if "eps_outside_sqrt" in m:
            return v / (np.sqrt(total) + eps)
        if "eps_not_squared" in m:
            return v / np.sqrt(total + eps)
        return v / np.sqrt(total + eps ** 2)

    blocks = normalized(blocks)
    if "no_clip" not in m:
        blocks = np.minimum(blocks, 0.2)
        if "not_renormalized" not in m:
            blocks = normalized(blocks)
    return blocks


WRONG_VERSIONS = {HUE: rgb_to_hue, COLOR_HIST: color_histogram, GRADIENTS: image_gradients,
                  CELL_HIST: cell_orientation_histogram, BLOCKS: block_normalize}

# --------------------------------------------------------------------------- the records

_TURN = '"The hue of every pixel of RGB images, as a fraction of a full turn in [0, 1)." (rgb_to_hue)'
_WRAP = '"hue = (h6 / 6) mod 1 (so a negative h6 wraps around to just below 1)." (rgb_to_hue)'
_DELTA = ('"With M the largest and m the smallest of a pixel\'s (R, G, B) values and delta = M - m: h6 = (G - B) / '
          'delta" (rgb_to_hue)')
_GRAY = ('"Gray pixels (R = G = B, delta = 0) have no hue; by convention their hue is 0. Avoid dividing by zero '
         '(numpy would warn): divide by delta only where delta > 0." (rgb_to_hue)')

_INTENSITY = '"grayscale images (C = 1): its intensity divided by 256" (color_histogram)'
_FLOOR = '"Pixel n falls into bin floor(v * num_bins); bin b holds b / num_bins <= v < (b + 1) / num_bins." ' \
         '(color_histogram)'
_FRACTION = ('"Each row of the result sums to 1. ... hist[i, b] is the fraction of the pixels of image i that '
             'fall into bin b." (color_histogram)')

_FILTER = ('"gx[n, r, c] = images[n, r, c + 1] - images[n, r, c - 1] (along a row: x, to the right) gy[n, r, c] = '
           'images[n, r + 1, c] - images[n, r - 1, c] (along a column: y, downwards)" (image_gradients)')
_NO_HALF = '"There is no division by 2." (image_gradients)'
_BORDER = ('"On the border, where a neighbour is missing, the derivative across that border is 0: gx is 0 in the '
           'first and last column, gy in the first and last row." (image_gradients)')

_ANGLE = ('"angle = np.rad2deg(np.arctan2(gy, gx)) % 180 (degrees, in [0, 180)) bin = floor(angle / (180 / '
          'num_bins))" (cell_orientation_histogram)')
_UNSIGNED = ('"Orientations are **unsigned**: a gradient and its opposite ... count as the same orientation, so '
             'angles live in [0, 180) degrees" (cell_orientation_histogram)')
_VOTE = ('"Each pixel votes for the orientation bin of its gradient with a weight equal to the gradient\'s '
         'magnitude sqrt(gx**2 + gy**2)." (cell_orientation_histogram)')
_EDGE = '"An angle exactly on an edge goes to the bin above it (0 to bin 0, 20 to bin 1)." ' \
        '(cell_orientation_histogram)'
_SUM = ('"the histogram is the plain sum of the votes (not divided by the number of pixels)." '
        '(cell_orientation_histogram)')
_Y_DOWN = '"gy: A numpy array of the same shape: the y derivatives (y pointing down the rows)." ' \
          '(cell_orientation_histogram)'

_L2HYS = ('"v = v / sqrt(sum(v ** 2) + eps ** 2) (L2 normalization) v = minimum(v, 0.2) (clip: no single large '
          'gradient dominates) v = v / sqrt(sum(v ** 2) + eps ** 2) (normalize again)" (block_normalize)')
_BLOCK = ('"For each block v (all the values of its cells\' histograms together):" (block_normalize)')
_EPS = '"eps: The small constant that keeps an all-zero block from dividing by zero." (block_normalize)'
_STRIDE = ('"blocks start at every cell position where they fit (a stride of one cell), so neighbouring blocks '
           'overlap" (block_normalize)')
_SHAPE = ('"blocks: A float64 numpy array of shape (N, n_rows - k + 1, n_cols - k + 1, k, k, B)" '
          '(block_normalize)')

MISCONCEPTIONS = (
    mistakes_of(
        HUE,
        ("not_wrapped", "the hue is not wrapped into [0, 1) (reds with B > G get a negative hue)",
         "When R is the largest and B > G, h6 = (G - B) / delta is negative: take (h6 / 6) % 1 so that such reds "
         "get a hue just below 1, not below 0.", _WRAP, "", ("hue",)),
        ("degrees", "the hue in degrees (0..360) instead of a fraction of a turn",
         "The kit's hue is a fraction of a full turn in [0, 1): use (h6 / 6) % 1, not 60 * h6 degrees (divide "
         "your angle by 360).", _TURN, "", ("hue",)),
        ("not_divided_by_6", "h6 (0..6) returned without dividing by 6",
         "h6 counts sixths of a turn (red 0, yellow 1, ..., magenta 5): the hue is (h6 / 6) % 1, a number in "
         "[0, 1).", _WRAP, "", ("hue",)),
        ("gray_pixels_nan", "gray pixels (R = G = B) get NaN, not 0",
         "For a gray pixel delta = 0, and (G - B) / delta is 0 / 0 = NaN: divide only where delta > 0 (e.g. by "
         "np.where(delta > 0, delta, 1)) and set the hue of gray pixels to 0.", _GRAY, "", ("hue",)),
        ("divided_by_max", "divided by the largest channel M instead of delta = M - m",
         "The hue formulas divide by delta = M - m (the chroma), not by M (dividing by M is the saturation's "
         "formula): h6 = (G - B) / delta when R is the largest.", _DELTA, "", ("hue",)),
    )
    + mistakes_of(
        COLOR_HIST,
        ("divided_by_255", "gray levels divided by 255 instead of 256",
         "The 256 gray levels 0..255 are split into equal bins, so v = intensity / 256 (then bin floor(v * "
         "num_bins)); dividing by 255, or np.histogram with range=(0, 255), moves the bin edges by a fraction "
         "of a gray level.", _INTENSITY, "", ("hist",)),
        ("integer_bin_width", "an integer bin width 256 // num_bins for the gray levels",
         "With 10 bins a bin is 25.6 gray levels wide: 256 // num_bins = 25 rounds it down, so the last bins "
         "collect too many levels. Compute floor(intensity / 256 * num_bins) instead.", _FLOOR, "", ("hist",)),
        ("round_not_floor", "the bin index rounded instead of floored",
         "Bin b holds b / num_bins <= v < (b + 1) / num_bins, so the index is np.floor(v * num_bins) (or an "
         "integer cast of a non-negative number), not np.round: rounding puts the upper half of each bin into "
         "the next bin.", _FLOOR, "", ("hist",)),
        ("range_from_data", "bins spread over each image's own [min, max] (np.histogram's default range)",
         "np.histogram(v, bins=num_bins) spreads the bins between the smallest and largest value of each image, "
         "so bin b means something else for every image: the bins are fixed, b / num_bins <= v < (b + 1) / "
         "num_bins (np.histogram needs range=(0, 1)).", _FLOOR, "", ("hist",)),
        ("counts_not_fractions", "pixel counts instead of fractions",
         "hist[i, b] is the fraction of image i's pixels in bin b: divide the counts by the number of pixels "
         "per image (H * W), so each row sums to 1.", _FRACTION, "", ("hist",)),
        ("normalized_over_batch", "divided by the pixel count of the whole batch, not of each image",
         "Each image's row sums to 1: divide its counts by its own number of pixels (H * W), not by the total "
         "over all N images (counts / counts.sum()).", _FRACTION, "", ("hist",)),
    )
    + mistakes_of(
        GRADIENTS,
        ("halved", "the centred difference divided by 2",
         "The kit's filter is [-1, 0, 1] with no division by 2 (np.gradient divides by 2; HOG does not): gx = "
         "right - left.", _NO_HALF, "", ("gx", "gy")),
        ("np_gradient", "np.gradient: halved differences and one-sided differences on the border",
         "np.gradient divides by 2 and fills the border with one-sided differences (and fails on an axis of "
         "length 1); the kit's border derivative is 0 and there is no division by 2: use slicing, gx[:, :, 1:-1] "
         "= images[:, :, 2:] - images[:, :, :-2].", _BORDER, "", ("gx", "gy")),
        ("forward_difference", "a forward difference (next - this) instead of the centred one",
         "The filter is centred: gx[n, r, c] = images[n, r, c + 1] - images[n, r, c - 1], not images[n, r, c + 1] "
         "- images[n, r, c] (that is the filter [-1, 1], shifted by half a pixel).", _FILTER, "", ("gx", "gy")),
        ("roll_wraps_borders", "np.roll: the border wraps around to the other side",
         "np.roll makes the first and last columns neighbours, so the border gets a difference across the whole "
         "image; the kit's derivative across the border is 0: compute the interior by slicing and leave the "
         "border at 0.", _BORDER, "", ("gx", "gy")),
        ("filter_flipped", "left - right instead of right - left (a convolution flips the filter)",
         "gx is the value to the right minus the value to the left (and gy below minus above). A convolution "
         "with [-1, 0, 1] flips the filter and gives the opposite sign.", _FILTER, "", ("gx", "gy")),
        ("y_pointing_up", "gy computed with y pointing up (row above minus row below)",
         "y points down the rows, as the row index does: gy[n, r, c] = images[n, r + 1, c] - images[n, r - 1, c].",
         _FILTER, "", ("gy",)),
        ("x_y_swapped", "gx and gy swapped (x is along a row, across the columns)",
         "x runs along a row (the column index c, axis 2) and y down a column (the row index r, axis 1): gx "
         "differences neighbouring columns, gy neighbouring rows.", _FILTER, "", ("gx", "gy")),
    )
    + mistakes_of(
        CELL_HIST,
        ("signed", "signed orientations over 0..360 degrees",
         "HOG's orientations are unsigned: a gradient and its opposite fall into the same bin, so take the angle "
         "% 180 and split [0, 180) into num_bins bins (not % 360).", _UNSIGNED, "", ("hist",)),
        ("no_magnitude_weighting", "every pixel votes 1 (no magnitude weighting)",
         "Each pixel's vote is weighted by its gradient magnitude: np.bincount(labels, weights=magnitude, ...), "
         "so strong edges count more than noise.", _VOTE, "", ("hist",)),
        ("magnitude_squared", "votes weighted by gx**2 + gy**2 (the square root is missing)",
         "The vote's weight is the magnitude sqrt(gx**2 + gy**2) (np.hypot(gx, gy)), not its square.", _VOTE, "",
         ("hist",)),
        ("edge_to_bin_below", "an angle exactly on a bin edge goes to the bin below",
         "Bins are closed on the left: an angle exactly on an edge belongs to the bin above it, bin = "
         "floor(angle / (180 / num_bins)) (not ceil(...) - 1).", _EDGE, "", ("hist",)),
        ("y_pointing_up", "the angle computed with y pointing up (arctan2(-gy, gx))",
         "gy is already measured downwards (the kit's convention, and scikit-image's): use np.arctan2(gy, gx) as "
         "it is, without flipping gy.", _Y_DOWN, "", ("hist",)),
        ("radians_not_degrees", "the angle left in radians (np.rad2deg missing)",
         "np.arctan2 gives radians: convert with np.rad2deg before taking % 180 and dividing by the bin width "
         "180 / num_bins, or nearly every pixel lands in the first or last bin.", _ANGLE, "", ("hist",)),
        ("arctan_of_ratio", "np.arctan(gy / gx): 0 / 0 at a pixel without gradient",
         "np.arctan(gy / gx) gives the same unsigned angle except where gx = gy = 0: there 0 / 0 is NaN, whose "
         "integer bin index is a huge negative number (np.bincount raises). Use np.arctan2(gy, gx), which is "
         "defined everywhere.", _ANGLE, "", ("hist",)),
        ("divided_by_cell_area", "the histogram divided by the number of pixels in the cell",
         "You divided each cell's histogram by its number of pixels (scikit-image's hog does); this kit's cell "
         "histogram is the plain sum of the votes: drop the division by h * w.", _SUM,
         "scikit-image's skimage.feature.hog (cell histograms divided by the cell's area)", ("hist",)),
    )
    + mistakes_of(
        BLOCKS,
        ("no_clip", "plain L2 normalization: no clip at 0.2 and no second normalization",
         "L2-Hys clips the normalized values at 0.2 (so no single strong gradient dominates) and normalizes "
         "again: v = np.minimum(v / norm, 0.2), then divide by the new norm.", _L2HYS, "", ("blocks",)),
        ("not_renormalized", "clipped at 0.2 but not normalized again",
         "After the clip the block's norm is below 1: normalize a second time, v / sqrt(sum(v ** 2) + eps ** 2).",
         _L2HYS, "", ("blocks",)),
        ("l1_norm", "divided by the L1 norm (sum of |v|) instead of the L2 norm",
         "L2-Hys divides by the Euclidean norm sqrt(sum(v ** 2) + eps ** 2), not by sum(|v|).", _L2HYS, "",
         ("blocks",)),
        ("normalized_per_cell", "each cell normalized by its own norm instead of the whole block's",
         "The norm is taken over the whole block, all k x k cells' histograms together (sum over the axes "
         "(3, 4, 5) of the blocks), not over each cell's histogram alone.", _BLOCK, "", ("blocks",)),
        ("eps_missing", "no eps in the norm: an all-zero block gives 0 / 0 = NaN",
         "Add eps ** 2 under the square root, sqrt(sum(v ** 2) + eps ** 2), so that a block without any gradient "
         "stays 0 instead of NaN.", _EPS, "", ("blocks",)),
        ("eps_outside_sqrt", "eps added after the square root (norm + eps)",
         "The kit's (and scikit-image's) norm is sqrt(sum(v ** 2) + eps ** 2): eps squared, under the root, not "
         "sqrt(sum(v ** 2)) + eps.", _L2HYS, "", ("blocks",)),
        ("eps_not_squared", "eps under the square root without squaring it",
         "Under the root it is eps ** 2 (1e-10 for eps = 1e-5), not eps: sqrt(sum(v ** 2) + eps ** 2).", _L2HYS,
         "", ("blocks",)),
        ("non_overlapping_blocks", "non-overlapping blocks (a stride of k cells instead of one)",
         "Blocks start at every cell position where they fit, so they overlap: n_rows - k + 1 by n_cols - k + 1 "
         "blocks (np.lib.stride_tricks.sliding_window_view), not n_rows // k by n_cols // k.", _STRIDE, "",
         ("blocks",)),
        ("window_axes_last", "the window axes left last: shape (..., B, k, k) instead of (..., k, k, B)",
         "sliding_window_view puts the two window axes at the end, after the bins: move them before the bin "
         "axis (np.moveaxis(windows, 3, 5)) so that blocks[n, i, j] is (k, k, B).", _SHAPE, "", ("blocks",)),
    )
)

EXCLUSIVE = {
    # one line scales the hue; dividing by M is the saturation's denominator, for gray pixels 0 / 0 as well
    HUE: [{"degrees", "not_divided_by_6"}],
    # np.histogram replaces the whole binning; one line divides the counts
    COLOR_HIST: [{"range_from_data", "divided_by_255", "integer_bin_width", "round_not_floor"},
                 {"counts_not_fractions", "normalized_over_batch"}],
    # one expression computes the difference; one sign is flipped
    GRADIENTS: [{"halved", "np_gradient", "forward_difference", "roll_wraps_borders"},
                {"filter_flipped", "y_pointing_up"}],
    # one line weights the votes; without degrees the edges are elsewhere anyway
    CELL_HIST: [{"no_magnitude_weighting", "magnitude_squared"}, {"radians_not_degrees", "edge_to_bin_below"},
                {"radians_not_degrees", "signed"}],
    # one line computes the norm; without the clip nothing is normalized again; one line cuts the blocks
    BLOCKS: [{"l1_norm", "eps_missing", "eps_outside_sqrt", "eps_not_squared"}, {"no_clip", "not_renormalized"},
             {"non_overlapping_blocks", "window_axes_last"}],
}
