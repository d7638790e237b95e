"""np.roll without fixing the border."""
import numpy as np

PATH = "features.image_gradients"
EXPECT = ["roll_wraps_borders"]


def image_gradients(images):
    images = np.asarray(images, dtype=np.float64)
    gx, gy = None, None
    gx = np.roll(images, -1, axis=2) - np.roll(images, 1, axis=2)
    gy = np.roll(images, -1, axis=1) - np.roll(images, 1, axis=1)
    return gx, gy
