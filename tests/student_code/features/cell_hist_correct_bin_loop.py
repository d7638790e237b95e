"""A loop over the bins (not the pixels): the magnitudes of the pixels in each bin, summed."""
import numpy as np

PATH = "features.cell_orientation_histogram"
EXPECT = "correct"


def cell_orientation_histogram(gx, gy, num_bins=9):
    gx = np.asarray(gx, dtype=np.float64)
    gy = np.asarray(gy, dtype=np.float64)
    if gx.shape != gy.shape or gx.ndim < 2:
        raise ValueError(f"gx and gy must have the same shape (..., h, w); got {gx.shape} and {gy.shape}")
    hist = None
    magnitude = np.hypot(gx, gy)
    angle = np.rad2deg(np.arctan2(gy, gx)) % 180
    index = np.clip(np.floor(angle / (180 / num_bins)), 0, num_bins - 1)
    hist = np.zeros(gx.shape[:-2] + (num_bins,))
    for b in range(num_bins):
        hist[..., b] = np.where(index == b, magnitude, 0.0).sum(axis=(-2, -1))
    return hist
