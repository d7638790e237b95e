"""Colours every plot of the kit uses, readable with every common colour-vision deficiency.

Categories (one colour per class, per optimizer, per network): the Okabe–Ito palette (Okabe & Ito 2008,
"Color Universal Design"). Maps of a quantity (distances, accuracies, loss surfaces): viridis, perceptually
uniform and readable in grey. Given code: nothing here is a student task.
"""
import matplotlib as mpl
from matplotlib.colors import ListedColormap

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish green": "#009E73",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "sky blue": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
# The order of the colour cycle: the strongest contrasts on white first, yellow last.
CATEGORY_COLORS = tuple(OKABE_ITO.values())
CLASS_CMAP = ListedColormap(CATEGORY_COLORS, name="okabe_ito")
SEQUENTIAL_CMAP = "viridis"


def use_palette():
    """Make the palette matplotlib's default: the colour cycle (C0, C1, ... and every unstyled line) and
    the colour map of images."""
    mpl.rcParams["axes.prop_cycle"] = mpl.cycler(color=list(CATEGORY_COLORS))
    mpl.rcParams["image.cmap"] = SEQUENTIAL_CMAP


use_palette()
