"""One-hot comparison with every bin number, averaged over the pixels."""
import numpy as np

PATH = "features.color_histogram"
EXPECT = "correct"


def color_histogram(images, num_bins=10):
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(f"images must have shape (N, H, W, 1) or (N, H, W, 3), got {images.shape}")
    hist = None
    N = len(images)
    if images.shape[-1] == 3:
        values = rgb_to_hue(images)
    else:
        values = images[..., 0] / 256
    bins = np.floor(values * num_bins).astype(int).clip(max=num_bins - 1).reshape(N, -1)
    hist = (bins[:, :, None] == np.arange(num_bins)).mean(axis=1)
    return hist
