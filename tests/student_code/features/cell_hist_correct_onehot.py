"""A one-hot of the bins, weighted by the magnitude, summed over the pixel axes."""
import numpy as np

PATH = "features.cell_orientation_histogram"
EXPECT = "correct"


def cell_orientation_histogram(gx, gy, num_bins=9):
    gx = np.asarray(gx, dtype=np.float64)
    gy = np.asarray(gy, dtype=np.float64)
    if gx.shape != gy.shape or gx.ndim < 2:
        raise ValueError(f"gx and gy must have the same shape (..., h, w); got {gx.shape} and {gy.shape}")
    hist = None
    magnitude = np.sqrt(gx ** 2 + gy ** 2)
    angle = np.degrees(np.arctan2(gy, gx)) % 180
    bins = np.minimum(np.floor(angle / (180 / num_bins)).astype(int), num_bins - 1)
    onehot = bins[..., None] == np.arange(num_bins)
    hist = np.sum(onehot * magnitude[..., None], axis=(-3, -2))
    return hist
