"""Votes weighted by the squared magnitude (no square root)."""
import numpy as np

PATH = "features.cell_orientation_histogram"
EXPECT = ["magnitude_squared"]


def cell_orientation_histogram(gx, gy, num_bins=9):
    gx = np.asarray(gx, dtype=np.float64)
    gy = np.asarray(gy, dtype=np.float64)
    if gx.shape != gy.shape or gx.ndim < 2:
        raise ValueError(f"gx and gy must have the same shape (..., h, w); got {gx.shape} and {gy.shape}")
    hist = None
    leading = gx.shape[:-2]
    num_cells = int(np.prod(leading, dtype=np.int64))
    magnitude = gx ** 2 + gy ** 2
    angle = np.rad2deg(np.arctan2(gy, gx)) % 180
    bins = np.minimum(np.floor(angle / (180 / num_bins)).astype(np.int64), num_bins - 1)
    labels = np.arange(num_cells)[:, None] * num_bins + bins.reshape(num_cells, -1)
    hist = np.bincount(labels.ravel(), weights=magnitude.reshape(num_cells, -1).ravel(), minlength=num_cells * num_bins)
    hist = hist.reshape(*leading, num_bins)
    return hist
