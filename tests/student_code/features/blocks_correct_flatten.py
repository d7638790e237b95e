"""Each block flattened to one vector, normalized along the last axis, reshaped back."""
import numpy as np

PATH = "features.block_normalize"
EXPECT = "correct"


def block_normalize(cell_histograms, cells_per_block=2, eps=1e-5):
    cell_histograms = np.asarray(cell_histograms, dtype=np.float64)
    k = cells_per_block
    if cell_histograms.ndim != 4 or not (1 <= k <= min(cell_histograms.shape[1:3])):
        raise ValueError(f"cell_histograms must have shape (N, n_rows, n_cols, B) with n_rows, n_cols >= "
                         f"cells_per_block = {k}; got {cell_histograms.shape}")
    blocks = None
    windows = np.lib.stride_tricks.sliding_window_view(cell_histograms, (k, k), axis=(1, 2))
    windows = windows.transpose(0, 1, 2, 4, 5, 3)
    shape = windows.shape
    v = windows.reshape(shape[0], shape[1], shape[2], -1)
    v = v / np.sqrt((v ** 2).sum(-1, keepdims=True) + eps ** 2)
    v = np.clip(v, None, 0.2)
    v = v / np.sqrt((v ** 2).sum(-1, keepdims=True) + eps ** 2)
    blocks = v.reshape(shape)
    return blocks
