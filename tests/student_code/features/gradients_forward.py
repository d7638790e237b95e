"""np.diff: the next pixel minus this one."""
import numpy as np

PATH = "features.image_gradients"
EXPECT = ["forward_difference"]


def image_gradients(images):
    images = np.asarray(images, dtype=np.float64)
    gx, gy = None, None
    gx = np.zeros_like(images)
    gy = np.zeros_like(images)
    gx[:, :, :-1] = np.diff(images, axis=2)
    gy[:, :-1, :] = np.diff(images, axis=1)
    return gx, gy
