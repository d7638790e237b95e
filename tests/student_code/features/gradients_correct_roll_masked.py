"""np.roll for the neighbours, then the wrapped-around border set to 0."""
import numpy as np

PATH = "features.image_gradients"
EXPECT = "correct"


def image_gradients(images):
    images = np.asarray(images, dtype=np.float64)
    gx, gy = None, None
    gx = np.roll(images, -1, axis=2) - np.roll(images, 1, axis=2)
    gy = np.roll(images, -1, axis=1) - np.roll(images, 1, axis=1)
    gx[:, :, [0, -1]] = 0
    gy[:, [0, -1], :] = 0
    return gx, gy
