"""x taken along axis 1 (the rows) and y along axis 2."""
import numpy as np

PATH = "features.image_gradients"
EXPECT = ["x_y_swapped"]


def image_gradients(images):
    images = np.asarray(images, dtype=np.float64)
    gx, gy = None, None
    gx = np.zeros_like(images)
    gy = np.zeros_like(images)
    gx[:, 1:-1, :] = images[:, 2:, :] - images[:, :-2, :]
    gy[:, :, 1:-1] = images[:, :, 2:] - images[:, :, :-2]
    return gx, gy
