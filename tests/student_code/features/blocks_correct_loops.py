"""A loop over the block positions, vectorized over the images."""
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
    N, R, C, B = cell_histograms.shape
    blocks = np.zeros((N, R - k + 1, C - k + 1, k, k, B))
    for i in range(R - k + 1):
        for j in range(C - k + 1):
            v = cell_histograms[:, i:i + k, j:j + k, :]
            v = v / np.sqrt(np.sum(v ** 2, axis=(1, 2, 3), keepdims=True) + eps ** 2)
            v = np.minimum(v, 0.2)
            blocks[:, i, j] = v / np.sqrt(np.sum(v ** 2, axis=(1, 2, 3), keepdims=True) + eps ** 2)
    return blocks
