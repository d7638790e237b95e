"""Divides by the largest channel (the saturation's denominator) instead of the chroma."""
import numpy as np

PATH = "features.rgb_to_hue"
EXPECT = ["divided_by_max"]


def rgb_to_hue(images):
    hue = None
    rgb = np.asarray(images, dtype=np.float64)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    mx = np.max(rgb, axis=-1)
    mn = np.min(rgb, axis=-1)
    gray = mx == mn
    m = np.where(gray, 1.0, mx)
    h6 = np.where(r == mx, (g - b) / m, np.where(g == mx, 2 + (b - r) / m, 4 + (r - g) / m))
    hue = np.where(gray, 0.0, (h6 / 6) % 1)
    return hue
