"""Normalizes and clips, but stops there."""
import numpy as np

PATH = "features.block_normalize"
EXPECT = ["not_renormalized"]


def block_normalize(cell_histograms, cells_per_block=2, eps=1e-5):
    cell_histograms = np.asarray(cell_histograms, dtype=np.float64)
    k = cells_per_block
    if cell_histograms.ndim != 4 or not (1 <= k <= min(cell_histograms.shape[1:3])):
        raise ValueError(f"cell_histograms must have shape (N, n_rows, n_cols, B) with n_rows, n_cols >= "
                         f"cells_per_block = {k}; got {cell_histograms.shape}")
    blocks = None
    windows = np.lib.stride_tricks.sliding_window_view(cell_histograms, (k, k), axis=(1, 2))
    blocks = np.moveaxis(windows, 3, 5)
    blocks = blocks / np.sqrt(np.sum(blocks ** 2, axis=(3, 4, 5), keepdims=True) + eps ** 2)
    blocks = np.minimum(blocks, 0.2)
    return blocks
