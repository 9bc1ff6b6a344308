"""One chart style for the whole book.

Charts follow Our World in Data's conventions: a title that states the finding,
a subtitle with measure, scope and period, direct labels instead of legends,
units, and a source line. Colours are the Okabe–Ito palette, which stays
distinguishable with the common colour-vision deficiencies.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot), so nothing is
shown behind the book's back and no global figure state is kept. PNGs carry no
software or date metadata and are byte-stable from run to run.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib
from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
GREY = "#6b6b6b"  # for context and de-emphasised marks; 5.3:1 on white
LIGHT_GREY = "#d9d9d9"
TEXT = "#222222"
TIER_COLOURS = {"reported": PALETTE["blue"], "derived": PALETTE["orange"], "context": GREY}

# Shown at 100 px per inch in the book's column (about 720 px wide).
WIDTH_IN = 7.2
SCREEN_DPI = 100
PNG_DPI = 150

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 10.5,
    "axes.labelsize": 10,
    "axes.edgecolor": GREY,
    "axes.labelcolor": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "text.color": TEXT,
    # Text from the data is drawn literally: a "$" in a name must not start mathtext.
    "text.parse_math": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}
matplotlib.rcParams.update(STYLE)


def wrap(text: str, width_chars: int) -> list[str]:
    return textwrap.wrap(text, width_chars, break_long_words=True) or [""]


def fit(text: str, width: int = 34, lines: int = 2) -> str:
    """A label from the data, wrapped to fit beside a chart: at most ``lines``
    lines of ``width`` characters, the rest cut with an ellipsis. The full text
    is in the data table beside every chart."""
    wrapped = textwrap.wrap(str(text), width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def new_chart(
    title: str,
    subtitle: str,
    source: str,
    *,
    height: float = 4.0,
    nrows: int = 1,
    ncols: int = 1,
    **subplots_kw,
):
    """A figure with the book's frame (title, subtitle, source line) and its axes.

    The title and subtitle sit above the plotting area, the source line below
    it; constrained layout fits the axes (and their labels) into what is left.
    """
    title_lines = wrap(title, int(WIDTH_IN * 8.6))
    subtitle_lines = wrap(subtitle, int(WIDTH_IN * 12.5))
    source_lines = wrap(source, int(WIDTH_IN * 16))
    top_in = 0.14 + 0.25 * len(title_lines) + 0.19 * len(subtitle_lines) + 0.12
    bottom_in = 0.12 + 0.15 * len(source_lines)
    figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    x0 = 0.1 / WIDTH_IN
    for lines, y, va, style in (
        (title_lines, 1 - 0.12 / height, "top", {"fontsize": 13, "fontweight": "bold", "linespacing": 1.15}),
        (subtitle_lines, 1 - (0.16 + 0.25 * len(title_lines)) / height, "top", {"fontsize": 9.5}),
        (source_lines, 0.08 / height, "bottom", {"fontsize": 8}),
    ):
        grey = {} if lines is title_lines else {"color": GREY, "linespacing": 1.2}
        figure.text(x0, y, "\n".join(lines), ha="left", va=va, **style, **grey)
    figure.get_layout_engine().set(rect=(0, bottom_in / height, 1, 1 - (top_in + bottom_in) / height))
    axes = figure.subplots(nrows, ncols, squeeze=True, **subplots_kw)
    return figure, axes


def label_bars(ax, bars, labels: list[str], color: str = TEXT) -> None:
    """Write each bar's value at its end (direct labels instead of an axis)."""
    for bar, label in zip(bars, labels, strict=True):
        y = bar.get_y() + bar.get_height() / 2
        ax.text(bar.get_width(), y, f" {label}", ha="left", va="center", color=color)


def png_bytes(figure: Figure) -> bytes:
    """The figure as PNG, without the metadata that would change between runs."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def display_width(figure: Figure) -> int:
    return round(figure.get_figwidth() * SCREEN_DPI)
