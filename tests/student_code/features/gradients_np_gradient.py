"""np.gradient along the row and column axes."""
import numpy as np

PATH = "features.image_gradients"
EXPECT = ["np_gradient"]


def image_gradients(images):
    images = np.asarray(images, dtype=np.float64)
    gx, gy = None, None
    gy, gx = np.gradient(images, axis=(1, 2))
    return gx, gy
