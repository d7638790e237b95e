"""Hidden cases of ``features.py``: hue, colour histograms, image gradients, HOG cells and blocks."""
import numpy as np

from .base import Case, drawn, seeded_rng


def _power_of_two(rng, low=-3, high=3):
    """A scale 2**k (k != 0) that keeps every ratio, tie and angle exact in floating point; 1 without a draw."""
    return 1.0 if rng is None else float(2.0 ** rng.choice([k for k in range(low, high + 1) if k != 0]))


def _shuffled_pixels(rng, images):
    """``images`` (..., 3) with their pixels in another order (the same set of colours); as is without a draw."""
    if rng is None:
        return images
    flat = images.reshape(-1, images.shape[-1])
    return flat[rng.permutation(len(flat))].reshape(images.shape)


def _rgb_from_hue(hue, saturation, value):
    """RGB values (0..value) of pixels with the given hue in [0, 1), saturation and value
    (the standard HSV -> RGB formula), so that cases can place hues away from bin edges."""
    h6 = hue * 6.0
    sector = np.floor(h6).astype(int) % 6
    f = h6 - np.floor(h6)
    p, q, t = value * (1 - saturation), value * (1 - saturation * f), value * (1 - saturation * (1 - f))
    table = [(value, t, p), (q, value, p), (p, value, t), (p, q, value), (t, p, value), (value, p, q)]
    rgb = np.zeros(hue.shape + (3,))
    for s, (r, g, b) in enumerate(table):
        mask = sector == s
        rgb[mask] = np.stack([np.broadcast_to(r, hue.shape)[mask], np.broadcast_to(g, hue.shape)[mask],
                              np.broadcast_to(b, hue.shape)[mask]], axis=-1)
    return rgb


def rgb_to_hue_cases() -> list:
    rng = seeded_rng(201)
    pure = np.array([[[[255, 0, 0], [255, 255, 0], [0, 255, 0]], [[0, 255, 255], [0, 0, 255], [255, 0, 255]],
                      [[0, 0, 0], [128, 128, 128], [255, 255, 255]]]], dtype=np.float64)
    ties = np.array([[250, 250, 10], [10, 250, 250], [250, 10, 250], [7, 7, 3], [3, 7, 7], [7, 3, 7]], dtype=np.float64)
    just_below_red = np.array([[200.0, 10.0, 11.0], [200.0, 11.0, 10.0], [1.0, 0.0, 0.0], [1e-9, 0.0, 1e-9]])
    jitter = drawn(202)         # hue does not change with the scale: pixels scaled by 2**k and shuffled
    pure = _shuffled_pixels(jitter, pure * _power_of_two(jitter))
    ties = _shuffled_pixels(jitter, ties * _power_of_two(jitter))
    just_below_red = _shuffled_pixels(jitter, just_below_red * _power_of_two(jitter))
    return [
        Case("N=1 image of 3x3 pure colours, gray, black and white (ties: hue 0 for no colour)", {"images": pure}),
        Case("N=2 random images 4x5, values 0..1 (scale does not matter)", {"images": rng.random((2, 4, 5, 3))}),
        Case("integer pixels where two channels tie for the largest value (shape (6, 3), no image axes)",
             {"images": ties}),
        Case("reds just below and above hue 0 (wrap-around to just below 1), and tiny values",
             {"images": just_below_red}),
        Case("very large values (about 1e6)", {"images": 1e6 * rng.random((1, 3, 3, 3))}),
    ]


def color_histogram_cases() -> list:
    rng = seeded_rng(211)
    out = []
    # colour: hues at bin centres +- 30 % of a bin, so that no reasonable hue formula changes a bin
    for seed, (N, H, W, B) in enumerate([(1, 2, 2, 6), (3, 4, 5, 10), (2, 3, 3, 4)]):
        rng = seeded_rng(212 + seed)
        bins = rng.integers(0, B, size=(N, H, W))
        hue = (bins + 0.5 + rng.uniform(-0.3, 0.3, size=bins.shape)) / B
        rgb = _rgb_from_hue(hue, rng.uniform(0.3, 1.0, bins.shape), rng.uniform(60, 255, bins.shape))
        out.append(Case(f"colour, N={N}, {H}x{W} pixels, {B} hue bins", {"images": rgb, "num_bins": B}))
    jitter = drawn(217)
    gray_pixels = np.array([[[200, 50, 100], [128, 128, 128]], [[0, 0, 0], [255, 0, 0]]], dtype=np.float64)[None]
    gray_pixels = _shuffled_pixels(jitter, gray_pixels * _power_of_two(jitter, -2, -1))
    out.append(Case("colour with gray and black pixels (hue 0, bin 0), 3 bins", {"images": gray_pixels, "num_bins": 3}))
    edges = np.array([0, 63, 64, 127, 128, 191, 192, 255, 255, 32], dtype=np.float64)
    edges = (edges if jitter is None else jitter.permutation(edges)).reshape(1, 2, 5, 1)
    out.append(Case("grayscale, N=1, gray levels exactly on the bin edges 64, 128, 192 and 255, 4 bins",
                    {"images": edges, "num_bins": 4}))
    rng = seeded_rng(216)
    out.append(Case("grayscale, N=4, random gray levels 0..255, 10 bins (not a divisor of 256)",
                    {"images": rng.integers(0, 256, size=(4, 6, 7, 1)).astype(np.float64), "num_bins": 10}))
    out.append(Case("grayscale, 1 bin: every pixel in it",
                    {"images": rng.integers(0, 256, size=(2, 3, 3, 1)).astype(np.float64), "num_bins": 1}))
    return out


def image_gradient_cases() -> list:
    rng = seeded_rng(221)
    return [
        Case("N=1, 3x3 integer image", {"images": rng.integers(0, 256, size=(1, 3, 3)).astype(np.float64)}),
        Case("N=2, 5x4 random image (non-square)", {"images": rng.standard_normal((2, 5, 4))}),
        Case("N=1, a single row 1x6 (gy is 0 everywhere)", {"images": rng.standard_normal((1, 1, 6))}),
        Case("N=3, 2x2 images: no interior pixel, all derivatives 0", {"images": rng.standard_normal((3, 2, 2))}),
        Case("very large values (about 1e8)", {"images": 1e8 * rng.standard_normal((1, 4, 4))}),
    ]


def cell_histogram_cases() -> list:
    out = []
    rng = seeded_rng(231)
    out.append(Case("one cell (h, w) = (3, 4), 9 bins, random gradients of both signs",
                    {"gx": rng.standard_normal((3, 4)), "gy": rng.standard_normal((3, 4)), "num_bins": 9}))
    gx = np.array([[1.0, 0.0, -1.0, 2.0], [0.0, -3.0, 1.0, 0.0]])
    gy = np.array([[0.0, 1.0, 0.0, 0.0], [-2.0, 0.0, 0.0, 0.0]])  # 0, 90, 180, 0 / -90, 180, 0, no gradient
    jitter = drawn(232)             # each pixel's gradient scaled by its own 2**k: the same angles, exactly
    scale = 1.0 if jitter is None else 2.0 ** jitter.integers(-3, 4, gx.shape)
    out.append(Case("angles exactly on bin edges (0, 90, 180 = 0 degrees), 6 bins of 30 degrees, an exact zero",
                    {"gx": gx * scale, "gy": gy * scale, "num_bins": 6}))
    diag, diag_y = np.array([[1.0, -1.0, 1.0, -2.0]]), np.array([[1.0, 1.0, -1.0, -2.0]])
    scale = 1.0 if jitter is None else 2.0 ** jitter.integers(-3, 4, diag.shape)
    out.append(Case("diagonals 45 and 135 degrees on the edges of 4 bins of 45 degrees",
                    {"gx": diag * scale, "gy": diag_y * scale, "num_bins": 4}))
    rng = seeded_rng(234)
    out.append(Case("a batch of cells, shape (2, 3, 2, 2, 2), 9 bins",
                    {"gx": rng.standard_normal((2, 3, 2, 2, 2)), "gy": rng.standard_normal((2, 3, 2, 2, 2)), "num_bins": 9}))
    out.append(Case("1 bin: the total magnitude; cells of 1 pixel, shape (5, 1, 1)",
                    {"gx": rng.standard_normal((5, 1, 1)), "gy": rng.standard_normal((5, 1, 1)), "num_bins": 1}))
    big = rng.integers(-255, 256, size=(4, 4, 3, 3)).astype(np.float64)
    out.append(Case("integer gradients of an 8-bit image (ties on the axes), 12 bins",
                    {"gx": big, "gy": rng.integers(-255, 256, size=(4, 4, 3, 3)).astype(np.float64), "num_bins": 12}))
    return out


def block_normalize_cases() -> list:
    rng = seeded_rng(241)
    spike = np.zeros((1, 2, 2, 3))
    spike[0, 0, 0, 1] = 100.0
    spike[0, 1, 1, 2] = 1.0
    jitter = drawn(242)             # one block: its cells and bins in another order, scaled by 2**k
    if jitter is not None:
        spike = spike[:, :, :, jitter.permutation(3)] * _power_of_two(jitter)
        spike = spike.reshape(1, 4, 3)[:, jitter.permutation(4)].reshape(1, 2, 2, 3)
    return [
        Case("N=1, 2x2 cells, 9 bins, k=2: one block", {"cell_histograms": rng.random((1, 2, 2, 9)), "cells_per_block": 2}),
        Case("N=2, 3x4 cells, 3 bins, k=2: 2x3 overlapping blocks",
             {"cell_histograms": rng.random((2, 3, 4, 3)), "cells_per_block": 2}),
        Case("k=1: each cell its own block", {"cell_histograms": rng.random((1, 2, 3, 4)), "cells_per_block": 1}),
        Case("all-zero histograms: eps keeps them 0", {"cell_histograms": np.zeros((1, 3, 3, 2)), "cells_per_block": 2}),
        Case("one dominant value: the clip at 0.2 changes the result",
             {"cell_histograms": spike, "cells_per_block": 2}),
        Case("k=3 on a 3x3 grid, very large values (about 1e6)",
             {"cell_histograms": 1e6 * rng.random((2, 3, 3, 5)), "cells_per_block": 3}),
    ]
