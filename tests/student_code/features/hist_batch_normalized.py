"""Normalizes by the sum of the whole array."""
import numpy as np

PATH = "features.color_histogram"
EXPECT = ["normalized_over_batch"]


def color_histogram(images, num_bins=10):
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(f"images must have shape (N, H, W, 1) or (N, H, W, 3), got {images.shape}")
    hist = None
    N = images.shape[0]
    values = rgb_to_hue(images) if images.shape[-1] == 3 else images[..., 0] / 256.0
    bins = np.minimum((values * num_bins).astype(np.int64), num_bins - 1).reshape(N, -1)
    labels = bins + num_bins * np.arange(N)[:, None]
    counts = np.bincount(labels.ravel(), minlength=N * num_bins).reshape(N, num_bins)
    hist = counts / counts.sum()
    return hist
