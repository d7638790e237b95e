"""np.histogram per image with its default range (the data's min and max)."""
import numpy as np

PATH = "features.color_histogram"
EXPECT = ["range_from_data"]


def color_histogram(images, num_bins=10):
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(f"images must have shape (N, H, W, 1) or (N, H, W, 3), got {images.shape}")
    hist = None
    values = rgb_to_hue(images) if images.shape[-1] == 3 else images[..., 0] / 256.0
    rows = []
    for v in values:
        counts, _ = np.histogram(v.ravel(), bins=num_bins)
        rows.append(counts / v.size)
    hist = np.array(rows)
    return hist
