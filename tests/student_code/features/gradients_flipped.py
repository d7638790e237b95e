"""The filter [-1, 0, 1] applied as a convolution: left minus right."""
import numpy as np

PATH = "features.image_gradients"
EXPECT = ["filter_flipped"]


def image_gradients(images):
    images = np.asarray(images, dtype=np.float64)
    gx, gy = None, None
    gx = np.zeros_like(images)
    gy = np.zeros_like(images)
    gx[:, :, 1:-1] = images[:, :, :-2] - images[:, :, 2:]
    gy[:, 1:-1, :] = images[:, :-2, :] - images[:, 2:, :]
    return gx, gy
