"""Show a figure with a text description, so that everyone can read it: the description is the
image's alt text (what a screen reader says, and what is shown when the image cannot be), and a
one-line summary can be printed under the plot when its point is a number.

Given code: nothing here is a student task. Every plotting function of the kit attaches a
description computed from the values it draws (:func:`describe`); the notebooks show figures with
:func:`show`, which also closes them (so Jupyter does not show them a second time).

Where the description goes (measured, JupyterLab 4.6 and nbconvert 7.17): nbconvert's classic
HTML template reads ``output.metadata["image/png"]["alt"]``, but JupyterLab's PNG renderer and
nbconvert's lab template ignore it. So the figure is published three ways in one output: the PNG
with ``alt`` in its metadata, an HTML ``<img alt="...">`` of the same PNG (what JupyterLab, Colab
and the HTML export show), and the description as the plain-text form (text-only front ends).
"""
import base64
import html
import io
import struct

import matplotlib.pyplot as plt

DESCRIPTION_ATTR = "cs231n_description"
SUMMARY_ATTR = "cs231n_summary"
# The HTML copy holds the picture again (base64); the grader keeps at most 200,000 characters of one
# text output. Above this size the copy is a JPEG (see _html_image); if even that is too large, only
# the PNG (with its alt metadata) is published.
HTML_IMAGE_LIMIT = 150_000
MIN_DPI = 40     # below this, text is unreadable (and matplotlib refuses tiny fonts)
_B64_LINE = 76   # base64 in lines: a browser ignores newlines inside a data: URL


def describe(fig, description, summary=None):
    """Attach a text description (and an optional one-line summary) to ``fig``; returns ``fig``.

    Inputs:
    - fig: A matplotlib Figure.
    - description: What the figure shows, written for a learner who cannot see it, with the
      numbers that matter (e.g. "Training loss falls from 2.30 to 1.45 over 500 iterations").
    - summary: Optional one line printed under the figure by :func:`show`.
    """
    setattr(fig, DESCRIPTION_ATTR, " ".join(str(description).split()))
    setattr(fig, SUMMARY_ATTR, summary)
    return fig


def description_of(fig):
    """The description attached to ``fig`` with :func:`describe`, or None."""
    return getattr(fig, DESCRIPTION_ATTR, None)


def _encode(fig, dpi, kind="png"):
    buffer = io.BytesIO()
    options = {"pil_kwargs": {"quality": 90}} if kind == "jpeg" else {}
    fig.savefig(buffer, format=kind, dpi=dpi, bbox_inches="tight", facecolor="white", **options)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _html_image(fig, png):
    """(mime, base64) of the HTML copy: the PNG itself when small enough; else a JPEG (a large picture,
    e.g. a heat map of noisy values, compresses far better), drawn at a lower resolution if it must be;
    None when even that is too large."""
    if len(png) <= HTML_IMAGE_LIMIT:
        return "image/png", png
    dpi = fig.dpi
    jpeg = _encode(fig, dpi, "jpeg")
    for _ in range(4):
        if len(jpeg) <= HTML_IMAGE_LIMIT or dpi <= MIN_DPI:
            break
        dpi = max(MIN_DPI, dpi * 0.9 * (HTML_IMAGE_LIMIT / len(jpeg)) ** 0.5)
        jpeg = _encode(fig, dpi, "jpeg")
    return ("image/jpeg", jpeg) if len(jpeg) <= HTML_IMAGE_LIMIT else None


def figure_output(fig, description):
    """The display data of ``fig`` as (data, metadata): PNG with alt metadata, an HTML ``<img>``
    with the alt attribute (shown at the PNG's size), and the description as plain text."""
    png = _encode(fig, fig.dpi)
    width, height = struct.unpack(">II", base64.b64decode(png[:32])[16:24])   # the PNG's IHDR
    data = {"image/png": png, "text/plain": description}
    copy = _html_image(fig, png)
    if copy is not None:
        mime, encoded = copy
        lines = "\n".join(encoded[i:i + _B64_LINE] for i in range(0, len(encoded), _B64_LINE))
        data["text/html"] = (f'<img src="data:{mime};base64,{lines}" width="{width}" height="{height}" '
                             f'alt="{html.escape(description)}"/>')
    return data, {"image/png": {"alt": description}}


def _ipython_shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def show(fig=None, description=None, summary=None):
    """Show ``fig`` (default: the current figure) with its description as alt text, print
    ``summary`` under it when given, and close the figure.

    Inputs:
    - fig: A matplotlib Figure, or None for the current one (``plt.gcf()``).
    - description: What the figure shows; by default the one its plotting function attached.
    - summary: One line printed under the figure; by default the one attached, if any.

    Raises ValueError when the figure has no description: every figure of the kit has one.
    """
    fig = plt.gcf() if fig is None else fig
    description = " ".join(str(description or description_of(fig) or "").split())
    if not description:
        plt.close(fig)
        raise ValueError("this figure has no text description: pass one, e.g. show(fig, \"Training loss "
                         "falls from 2.30 to 1.45 over 500 iterations\"), so that a reader who cannot "
                         "see the plot knows what it shows")
    summary = summary if summary is not None else getattr(fig, SUMMARY_ATTR, None)
    shell = _ipython_shell()
    if shell is not None and getattr(shell, "display_pub", None) is not None:
        from IPython.display import publish_display_data
        data, metadata = figure_output(fig, description)
        publish_display_data(data, metadata=metadata)
        plt.close(fig)
    else:   # a script or a terminal: the description in words, then the window
        print(f"[figure] {description}")
        if plt.get_backend().lower() != "agg":
            plt.show()
        plt.close(fig)
    if summary:
        print(summary)


def series_phrase(name, values, unit="iteration"):
    """One phrase about a curve, from its values: "NAME goes from 2.30 to 1.45 over 500
    iterations (lowest 1.40)". Non-finite values (a diverged run) are said, not hidden."""
    values = [float(v) for v in values]
    if not values:
        return f"{name}: no values"
    finite = [v for v in values if v == v and abs(v) != float("inf")]
    text = f"{name} goes from {values[0]:.3g} to {values[-1]:.3g} over {len(values)} {unit}s"
    if finite and len(values) > 2:
        text += f" (lowest {min(finite):.3g}, highest {max(finite):.3g})"
    if len(finite) < len(values):
        text += f"; {len(values) - len(finite)} values are not finite (the run diverged)"
    return text
