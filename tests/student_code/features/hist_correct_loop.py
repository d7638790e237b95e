"""One np.bincount per image in a loop over the images."""
import numpy as np

PATH = "features.color_histogram"
EXPECT = "correct"


def color_histogram(images, num_bins=10):
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(f"images must have shape (N, H, W, 1) or (N, H, W, 3), got {images.shape}")
    hist = None
    N = images.shape[0]
    hist = np.zeros((N, num_bins))
    for i in range(N):
        if images.shape[-1] == 3:
            v = rgb_to_hue(images[i]).ravel()
        else:
            v = images[i, :, :, 0].ravel() / 256.0
        b = np.clip((v * num_bins).astype(int), 0, num_bins - 1)
        hist[i] = np.bincount(b, minlength=num_bins) / v.size
    return hist
