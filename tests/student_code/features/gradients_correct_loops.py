"""A loop over the interior columns and one over the interior rows (vectorized over images)."""
import numpy as np

PATH = "features.image_gradients"
EXPECT = "correct"


def image_gradients(images):
    images = np.asarray(images, dtype=np.float64)
    gx, gy = None, None
    N, H, W = images.shape
    gx = np.zeros((N, H, W))
    gy = np.zeros((N, H, W))
    for c in range(1, W - 1):
        gx[:, :, c] = images[:, :, c + 1] - images[:, :, c - 1]
    for r in range(1, H - 1):
        gy[:, r, :] = images[:, r + 1, :] - images[:, r - 1, :]
    return gx, gy
