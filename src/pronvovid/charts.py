"""One chart style for the whole book.

Charts follow Our World in Data's conventions: a title that states the finding,
a subtitle with measure, scope and period, direct labels instead of legends,
units, and a source line. Colours are the Okabe–Ito palette, which stays
distinguishable with the common colour-vision deficiencies.

Phone first: a figure is drawn ``WIDTH_PX`` wide, about the width of the text
column on a 390 px phone, and shown there at close to 1:1 (on a desktop it grows
to at most ``MAX_DISPLAY_PX``). It is written as SVG with its text kept as text,
and no text is smaller than ``MIN_FONT`` (``svg_markup`` raises any smaller
text to it), so every label stays legible on a phone. The title, subtitle and
source line are kept with the figure (``new_chart``) and shown as HTML text
around it (``display.show_chart``), where they wrap to any width.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot), so nothing is
shown behind the book's back and no global figure state is kept. The SVG
carries no date or software metadata and fixed ids: the same figure gives the
same bytes on every run.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import textwrap
import warnings
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure
from matplotlib.text import Text

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

# Phone first. A figure is WIDTH_PX user units wide; user units are CSS px
# when it is shown at 1:1 (72 per inch, matplotlib's SVG unit). The text column
# of a 390 px phone is 342 px wide (measured in Chromium), so the figure shows
# there at 0.95 of its size; on a desktop it grows to at most MAX_DISPLAY_PX (1.5 times,
# its labels then about as large as the body text).
WIDTH_PX = 360
WIDTH_IN = WIDTH_PX / 72
MAX_DISPLAY_PX = 540
# The smallest text in any chart, in user units: 11 * 342/360 ≈ 10.45 CSS px on
# a 390 px phone. svg_markup raises smaller text to it.
MIN_FONT = 11

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 12,
    "axes.titlesize": 12,
    "axes.labelsize": 12,
    "axes.edgecolor": GREY,
    "axes.labelcolor": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "xtick.labelsize": 11.5,
    "ytick.labelsize": 11.5,
    "text.color": TEXT,
    # Text from the data is drawn literally: a "$" in a name must not start mathtext.
    "text.parse_math": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}
matplotlib.rcParams.update(STYLE)

# Deterministic SVG with text kept as text (the reader's browser draws it).
SVG_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "pronvovid", "svg.image_inline": True}


def fit(text: str, width: int = 24, lines: int = 2) -> str:
    """A label from the data, wrapped to fit beside a chart: at most ``lines``
    lines of ``width`` characters, the rest cut with an ellipsis. The full text
    is in the data table beside every chart. At the book's sizes a line of the
    chart's full width holds about 45 characters."""
    wrapped = textwrap.wrap(str(text), width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


@dataclass(frozen=True)
class ChartFrame:
    """What OWID puts around a chart: the finding, the measure/scope/period, the source."""

    title: str
    subtitle: str
    source: str


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
    """A phone-width figure (``WIDTH_IN`` by ``height`` inches) and its axes,
    with the book's frame kept on it for ``display.show_chart``.

    The title, subtitle and source line are not drawn into the figure: they are
    shown as HTML text above and below it, so they wrap to the reader's width
    and keep the reader's font size. Constrained layout fits the axes and their
    labels into the whole figure.
    """
    figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    figure.book_frame = ChartFrame(str(title), str(subtitle), str(source))
    subplots_kw.setdefault("squeeze", True)
    axes = figure.subplots(nrows, ncols, **subplots_kw)
    return figure, axes


def chart_frame(figure: Figure) -> ChartFrame | None:
    """The title, subtitle and source that ``new_chart`` kept on the figure."""
    return getattr(figure, "book_frame", None)


def label_bars(ax, bars, labels: list[str], color: str = TEXT) -> None:
    """Write each bar's value at its end (direct labels instead of an axis)."""
    for bar, label in zip(bars, labels, strict=True):
        y = bar.get_y() + bar.get_height() / 2
        ax.text(bar.get_width(), y, f" {label}", ha="left", va="center", color=color)


def enforce_min_font(figure: Figure, minimum: float = MIN_FONT) -> list[str]:
    """Raise every visible text of the figure smaller than ``minimum`` to it,
    and let free text wrap at the figure's edge; returns the texts that were
    raised (for a notebook author to notice)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "constrained_layout not applied", UserWarning)
        figure.draw_without_rendering()  # creates the tick labels there will be
    # Free text (not tick labels, which constrained layout makes room for)
    # wraps at the figure's edge instead of running off it.
    for text in [*figure.texts, *(t for ax in figure.axes for t in ax.texts)]:
        text.set_wrap(True)
    raised = []
    for text in figure.findobj(Text):
        if text.get_visible() and text.get_text() and text.get_fontsize() < minimum:
            text.set_fontsize(minimum)
            raised.append(text.get_text())
    settle_layout(figure)
    return raised


def settle_layout(figure: Figure, rounds: int = 8) -> None:
    """Draw until constrained layout stops moving the axes (it converges over a
    few draws), so the figure saves the same however often it was drawn."""
    for _ in range(rounds):
        before = [ax.get_position().bounds for ax in figure.axes]
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "constrained_layout not applied", UserWarning)
            figure.draw_without_rendering()
        if [ax.get_position().bounds for ax in figure.axes] == before:
            return


_DECLARATIONS = re.compile(
    r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<metadata>.*?</metadata>|<style[^>]*>.*?</style>", re.S
)
_GEOMETRY = re.compile(r' (d|x|y|width|height|transform)="([^"]*)"')
_NUMBER = re.compile(r"-?\d+\.\d+")
_ROOT = re.compile(r"<svg [^>]*>")
_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def _short(number: re.Match) -> str:
    text = f"{float(number.group()):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _geometry(match: re.Match) -> str:
    name, value = match.groups()
    if name == "transform" and re.fullmatch(r"rotate\(-?0 [^)]*\)", value):
        return ""  # matplotlib's rotate(-0 x y) on every text
    return f' {name}="{" ".join(_NUMBER.sub(_short, value).split())}"'


_TAG = re.compile(r"<[^<>]+>")
_IDREF = re.compile(r'( id="| href="#|url\(#)([A-Za-z][\w-]*)')


def _clean_tag(match: re.Match) -> str:
    tag = match.group()
    tag = re.sub(r'^<g id="[^"]*"', "<g", tag)  # figure_1, axes_1 ...: the same in every chart
    tag = re.sub(r"font-family: '[^']*'; ", "", tag)  # the book's CSS names the font
    tag = tag.replace(" xlink:href=", " href=")
    return _GEOMETRY.sub(_geometry, tag)


def _drop_bare_groups(svg: str) -> str:
    """Remove the ``<g>`` elements without attributes (they do nothing) and their end tags."""
    kept, bare = [], []
    for piece in re.split(r"(<g>|<g [^>]*>|</g>)", svg):
        if piece == "<g>":
            bare.append(True)
        elif piece.startswith("<g "):
            bare.append(False)
            kept.append(piece)
        elif piece == "</g>":
            if not bare.pop():
                kept.append(piece)
        else:
            kept.append(piece)
    return "".join(kept)


def svg_markup(figure: Figure, alt: str) -> str:
    """The figure as an inline ``<svg>`` element for HTML: text kept as text,
    ``role="img"`` with ``alt`` as its accessible name, no XML declaration,
    metadata, style sheet or group ids, coordinates to 0.01 px, and ids prefixed
    by a digest of the drawing (unique on a page, the same on every run).
    Text smaller than ``MIN_FONT`` is raised to it first (``enforce_min_font``).
    """
    figure.set_dpi(72)  # the SVG backend's: the layout settles at the resolution it is saved at
    enforce_min_font(figure)
    buffer = io.StringIO()
    # Labels too long for the width (hostile or careless data) leave matplotlib's
    # default axes positions instead of a constrained layout: the chart is still
    # drawn, and its data table says it all, so this is no reason to fail a build.
    with matplotlib.rc_context(SVG_STYLE), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "constrained_layout not applied", UserWarning)
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _DECLARATIONS.sub("", buffer.getvalue())
    svg = re.sub(r">\s*\n\s*<", "><", svg).strip()  # text never holds a newline: one <text> a line
    # Attributes are edited inside tags only: the text between tags comes from
    # the data (escaped by matplotlib, so it holds no "<") and stays as it is.
    svg = _drop_bare_groups(_TAG.sub(_clean_tag, svg)).replace("<defs></defs>", "")
    prefix = "c" + hashlib.sha256(svg.encode()).hexdigest()[:8] + "-"
    svg = _TAG.sub(lambda tag: _IDREF.sub(lambda m: m.group(1) + prefix + m.group(2), tag.group()), svg)
    width, height = _VIEWBOX.search(svg).groups()
    root = (
        f'<svg class="book-chart-svg" viewBox="0 0 {width} {height}" width="{_short_text(width)}" '
        f'height="{_short_text(height)}" role="img" aria-label="{html.escape(alt)}">'
    )
    return _ROOT.sub(lambda _: root, svg, count=1)


def _short_text(number: str) -> str:
    return _NUMBER.sub(_short, number)
