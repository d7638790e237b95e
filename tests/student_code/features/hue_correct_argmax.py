"""argmax picks the largest channel; np.select chooses the formula; np.divide only where delta > 0."""
import numpy as np

PATH = "features.rgb_to_hue"
EXPECT = "correct"


def rgb_to_hue(images):
    hue = None
    rgb = np.asarray(images, dtype=np.float64)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    largest = rgb.max(axis=-1)
    delta = largest - rgb.min(axis=-1)
    which = rgb.argmax(axis=-1)
    numerator = np.select([which == 0, which == 1], [g - b, b - r], r - g)
    offset = np.select([which == 0, which == 1], [0.0, 2.0], 4.0)
    ratio = np.divide(numerator, delta, out=np.zeros_like(delta), where=delta > 0)
    hue = ((offset + ratio) / 6.0) % 1.0
    hue[delta == 0] = 0.0
    return hue
