"""Divides by delta everywhere: gray pixels are 0 / 0."""
import numpy as np

PATH = "features.rgb_to_hue"
EXPECT = ["gray_pixels_nan"]


def rgb_to_hue(images):
    hue = None
    rgb = np.asarray(images, dtype=np.float64)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    mx = np.max(rgb, axis=-1)
    delta = mx - np.min(rgb, axis=-1)
    h6 = np.where(r == mx, (g - b) / delta, np.where(g == mx, 2 + (b - r) / delta, 4 + (r - g) / delta))
    hue = (h6 / 6) % 1
    return hue
