"""Plots anyone can read (issue 17): one colour-blind-safe palette everywhere (Okabe–Ito for categories,
viridis for maps), in the plotting modules, the graph drawings and the notebooks' own plotting code."""
import re
from pathlib import Path

import matplotlib as mpl
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
PLOTTING = [ROOT / "cs231n_lib" / n for n in ("vis.py", "nn_vis.py", "feature_vis.py", "graph/draw.py")]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# colour specifications that red-green colour-blind readers cannot tell apart, or rainbow maps
FORBIDDEN = re.compile(r"""tab:(red|green|blue|orange)|cmap=["'](brg|jet|rainbow|hsv|gist_rainbow|RdYlGn)["']|"""
                       r"""color=f?["']C\{|color=["'](red|green|lime)["']|#1a7f37|#c62828""")


def test_importing_the_plots_sets_the_palette():
    from cs231n_lib import palette, vis  # noqa: F401

    assert [c.lower() for c in mpl.rcParams["axes.prop_cycle"].by_key()["color"]] == \
        [c.lower() for c in palette.CATEGORY_COLORS]
    assert mpl.rcParams["image.cmap"] == "viridis"
    assert len(set(palette.CATEGORY_COLORS)) == 8


def test_graph_colours_are_okabe_ito():
    import importlib

    draw = importlib.import_module("cs231n_lib.graph.draw")
    from cs231n_lib.palette import OKABE_ITO

    colours = {draw.VALUE_COLOR, draw.GRAD_COLOR, draw.ACTIVE_COLOR}
    assert colours <= set(OKABE_ITO.values()) and len(colours) == 3


@pytest.mark.parametrize("path", PLOTTING + NOTEBOOKS, ids=lambda p: p.name)
def test_no_colour_pair_that_colour_blind_readers_confuse(path):
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    else:
        text = path.read_text()
    found = [m.group(0) for m in FORBIDDEN.finditer(text)]
    assert not found, f"{path.name}: {found}: use cs231n_lib.palette (Okabe–Ito, viridis)"
    assert not re.search(r"\((green|red)\)", text), f"{path.name}: a text that names colours of the old palette"


def test_every_assignment_ships_the_palette():
    from grading import release
    from grading.assignments import ASSIGNMENTS

    for name in ASSIGNMENTS:
        given, _ = release.shipped_modules(name)
        assert "palette.py" in given, name
