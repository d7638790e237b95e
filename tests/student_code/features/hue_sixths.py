"""h6 wrapped mod 6 but never divided by 6."""
import numpy as np

PATH = "features.rgb_to_hue"
EXPECT = ["not_divided_by_6"]


def rgb_to_hue(images):
    hue = None
    rgb = np.asarray(images, dtype=np.float64)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    mx = rgb.max(axis=-1)
    delta = mx - rgb.min(axis=-1)
    d = np.where(delta > 0, delta, 1.0)
    h6 = np.where(r == mx, (g - b) / d, np.where(g == mx, 2 + (b - r) / d, 4 + (r - g) / d))
    hue = np.where(delta > 0, h6 % 6, 0.0)
    return hue
