"""Hue in degrees, as colour pickers show it."""
import numpy as np

PATH = "features.rgb_to_hue"
EXPECT = ["degrees"]


def rgb_to_hue(images):
    hue = None
    rgb = np.asarray(images, dtype=np.float64)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    mx = rgb.max(axis=-1)
    delta = mx - rgb.min(axis=-1)
    d = np.where(delta > 0, delta, 1.0)
    h = np.where(r == mx, ((g - b) / d) % 6, np.where(g == mx, (b - r) / d + 2, (r - g) / d + 4))
    hue = np.where(delta > 0, 60.0 * h, 0.0)
    return hue
