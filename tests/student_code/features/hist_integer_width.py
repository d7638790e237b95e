"""Gray bins of a whole number of levels: width 256 // num_bins."""
import numpy as np

PATH = "features.color_histogram"
EXPECT = ["integer_bin_width"]


def color_histogram(images, num_bins=10):
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(f"images must have shape (N, H, W, 1) or (N, H, W, 3), got {images.shape}")
    hist = None
    N = images.shape[0]
    if images.shape[-1] == 3:
        bins = np.floor(rgb_to_hue(images) * num_bins).astype(int)
    else:
        width = 256 // num_bins
        bins = (images[..., 0] // width).astype(int)
    bins = np.minimum(bins, num_bins - 1).reshape(N, -1)
    labels = (np.arange(N)[:, None] * num_bins + bins).ravel()
    hist = np.bincount(labels, minlength=N * num_bins).reshape(N, num_bins) / bins.shape[1]
    return hist
