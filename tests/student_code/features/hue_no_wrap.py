"""The masks of Wikipedia's formulas, but the red sector is not taken mod 6."""
import numpy as np

PATH = "features.rgb_to_hue"
EXPECT = ["not_wrapped"]


def rgb_to_hue(images):
    hue = None
    rgb = np.asarray(images).astype(float)
    R, G, B = np.moveaxis(rgb, -1, 0)
    M = np.max(rgb, axis=-1)
    C = M - np.min(rgb, axis=-1)
    h = np.zeros(M.shape)
    colour = C > 0
    red = colour & (M == R)
    green = colour & (M == G) & ~red
    blue = colour & ~red & ~green
    h[red] = (G - B)[red] / C[red]
    h[green] = (B - R)[green] / C[green] + 2
    h[blue] = (R - G)[blue] / C[blue] + 4
    hue = h / 6
    return hue
