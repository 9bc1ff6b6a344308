"""What a chapter shows: glued figures with their tier marker, tables, quotes
and charts with alt text and the data behind them.

Every text that comes from the data is HTML-escaped here, so names with
``<``, ``&`` or ``{glue}`` in them render as text. Outputs are deterministic
(no random ids; charts are SVG with fixed ids and no metadata), so nbval can compare them.
"""

from __future__ import annotations

import html
import string
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from IPython.display import display
from matplotlib.figure import Figure
from myst_nb import glue

from pronvovid import charts
from pronvovid.formatting import fmt

TIERS = ("reported", "derived", "context")


def tier_marker(tier: str) -> str:
    """The visible marker of a figure's tier: a small lettered badge with its
    meaning in the abbreviation's title (explained at the top of each chapter)."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}; use one of {TIERS}")
    return (
        f'<sup class="tier tier-{tier}"><abbr title="{html.escape(fmt.text(f"tier.{tier}.title"))}">'
        f"{fmt.text(f'tier.{tier}.abbr')}</abbr></sup>"
    )


def tier_label(tier: str) -> str:
    """The marker with the tier's name, for table cells."""
    return f'<span class="tier-label tier-{tier}">{html.escape(fmt.text(f"tier.{tier}"))}</span>'


def markdown_escape(text: str) -> str:
    """Backslash-escape ASCII punctuation, so the text renders literally as Markdown."""
    return "".join("\\" + c if c in string.punctuation else c for c in text)


class MarkedFigure:
    """A formatted figure and its tier: plain text for {glue:text}, text with
    its tier marker for {glue:md}."""

    def __init__(self, text: str, tier: str):
        self.text = text
        self.tier = tier
        tier_marker(tier)  # validates the tier

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/plain": self.text,
            "text/markdown": markdown_escape(self.text) + tier_marker(self.tier),
        }


def glue_figure(key: str, text: str, tier: str) -> None:
    """Glue a formatted figure for prose: ``{glue:md}`key``` shows it with its marker."""
    glue(key, MarkedFigure(text, tier), display=False)


def glue_text(key: str, text: str) -> None:
    """Glue a plain text (a name, a title) for ``{glue:text}`key```; Sphinx escapes it."""
    glue(key, str(text), display=False)


# What may stay as it is in a link's address: letters, digits and the URL
# punctuation that has no meaning in HTML or Markdown. Anything else (quotes,
# angle brackets, parentheses, backticks, brackets, non-ASCII ...) is
# percent-encoded; an existing percent-escape is kept.
_URL_SAFE = "-._~:/?#@!$&*+,;=%"


def safe_url(url: str) -> str:
    """An http(s) address that is safe in Markdown and HTML, or ValueError.

    Refused: any other scheme (``javascript:``, ``data:`` ...), no host,
    whitespace or control characters. Characters outside ``_URL_SAFE`` are
    percent-encoded, so the result holds no ``<``, ``>``, quote, parenthesis or
    space. The schema already restricts the data's addresses; this does not
    rely on it."""
    text = str(url)
    if any(c.isspace() or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text):
        raise ValueError(f"refusing a link address with whitespace or control characters: {text!r}")
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"refusing a link address that is not http(s)://host...: {text!r}")
    return urllib.parse.quote(text, safe=_URL_SAFE)


class MarkedLink:
    """A link for {glue:md}: the text is escaped, the address checked and
    percent-encoded (see safe_url); its one character left that Markdown reads,
    ``&`` (an entity such as ``&lt;``), is backslash-escaped."""

    def __init__(self, text: str, url: str):
        self.text, self.url = text, safe_url(url)

    def _repr_mimebundle_(self, include=None, exclude=None):
        destination = self.url.replace("&", "\\&")
        return {
            "text/plain": f"{self.text} <{self.url}>",
            "text/markdown": f"[{markdown_escape(self.text)}](<{destination}>)",
        }


def glue_link(key: str, text: str, url: str) -> None:
    """Glue a link (e.g. to a source) for ``{glue:md}`key```."""
    glue(key, MarkedLink(text, url), display=False)


# ----------------------------------------------------------------------------
# Tables


TierColumns = str | tuple[str, ...] | None


def _tier_columns(tier_column: TierColumns) -> tuple[str, ...]:
    if tier_column is None:
        return ()
    return (tier_column,) if isinstance(tier_column, str) else tuple(tier_column)


def table_html(frame: pd.DataFrame, caption: str, tier_column: TierColumns = "tier") -> str:
    """An accessible HTML table: caption, header cells with scope, every cell
    escaped. Tier columns show the tier's name in its colour; a single one is
    headed "Kind", several keep their own headers (one per figure column)."""
    tiers = _tier_columns(tier_column)

    def header(column) -> str:
        return fmt.text("tier.header") if tiers == (column,) else str(column)

    head = "".join(f'<th scope="col">{html.escape(header(c))}</th>' for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
            if column in tiers and text:
                cells.append(f"<td>{tier_label(text)}</td>")
            else:
                cells.append(f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="book-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def table_text(frame: pd.DataFrame, caption: str) -> str:
    return f"{caption}\n{frame.to_string(index=False)}"


def show_table(frame: pd.DataFrame, caption: str, tier_column: TierColumns = "tier") -> None:
    """Show a table (cells already formatted as text by the notebook)."""
    display(
        {"text/html": table_html(frame, caption, tier_column), "text/plain": table_text(frame, caption)},
        raw=True,
    )


def show_collapsible_tables(tables: list[tuple[str, pd.DataFrame, str]]) -> None:
    """Several tables, each folded under its summary line, with a note after it."""
    parts, texts = [], []
    for summary, frame, note in tables:
        parts.append(
            f'<details class="book-collapsible"><summary>{html.escape(summary)}</summary>'
            f'{table_html(frame, summary, None)}<p class="book-table-note">{html.escape(note)}</p></details>'
        )
        texts.append(f"{table_text(frame, summary)}\n{note}")
    display({"text/html": "".join(parts), "text/plain": "\n\n".join(texts)}, raw=True)


# ----------------------------------------------------------------------------
# Quotes


def quote_html(quote_sl: str, quote_en: str, source: str) -> str:
    return (
        '<figure class="book-quote">'
        f'<blockquote lang="sl"><p>{html.escape(quote_sl)}</p></blockquote>'
        f'<p class="book-quote-translation"><span class="book-quote-label">'
        f"{html.escape(fmt.text('quote.translation'))}:</span> {html.escape(quote_en)}</p>"
        f"<figcaption>{html.escape(fmt.text('quote.source'))}: {html.escape(source)} "
        f"{tier_marker('reported')}</figcaption></figure>"
    )


def show_quote(quote_sl: str, quote_en: str, source: str) -> None:
    """Show a sentence of the report in Slovenian with our translation beside it."""
    text = (
        f"{fmt.text('quote.original')}: {quote_sl}\n"
        f"{fmt.text('quote.translation')}: {quote_en}\n{fmt.text('quote.source')}: {source}"
    )
    display({"text/html": quote_html(quote_sl, quote_en, source), "text/plain": text}, raw=True)


# ----------------------------------------------------------------------------
# Charts


def chart_html(figure: Figure, alt: str, caption: str) -> str:
    """A chart as HTML: its title and subtitle (from ``charts.new_chart``) as
    text above it, the figure as inline SVG named by its alt text, then its
    source line and caption. Every text is escaped."""
    if len(alt.strip()) < 40:
        raise ValueError("alt text must describe the chart and its finding (at least 40 characters)")
    frame = charts.chart_frame(figure)
    above = below = ""
    if frame is not None:
        above = (
            f'<p class="book-chart-title">{html.escape(frame.title)}</p>'
            f'<p class="book-chart-subtitle">{html.escape(frame.subtitle)}</p>'
        )
        below = f'<p class="book-chart-source">{html.escape(frame.source)}</p>'
    return (
        f'<figure class="book-chart">{above}{charts.svg_markup(figure, alt)}{below}'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def show_chart(
    figure: Figure,
    alt: str,
    caption: str,
    data: pd.DataFrame,
    data_caption: str,
    tier_column: TierColumns = "tier",
) -> None:
    """Show a chart with its frame, alt text and caption, and the numbers behind
    it as a table folded under a ``<details>`` toggle (closed). nbval compares
    the whole HTML, the SVG included (it is byte-stable), so any change in what
    a chart draws fails the regression tests."""
    details = (
        f'<details class="book-chart-data"><summary>{html.escape(fmt.text("chart.data"))}</summary>'
        f"{table_html(data, data_caption, tier_column)}</details>"
    )
    frame = charts.chart_frame(figure)
    framing = f"{frame.title}\n{frame.subtitle}\n{frame.source}\n" if frame else ""
    text = f"Chart: {alt}\n{framing}{caption}\n\n{table_text(data, data_caption)}"
    display({"text/html": chart_html(figure, alt, caption) + details, "text/plain": text}, raw=True)


# ----------------------------------------------------------------------------
# Scorecards


@dataclass(frozen=True)
class Tile:
    """One figure of a scorecard: the number (formatted), what it counts, its tier."""

    value: str
    label: str
    tier: str = "reported"


def scorecard_html(items: Iterable[Tile], caption: str) -> str:
    """A grid of tiles, one per quantity: the number large, its tier marker,
    what it counts under it. No shared length scale, so jobs, NGOs and people
    are not compared as if alike. Every text is escaped."""
    tiles = "".join(
        f'<li class="book-scorecard-tile"><span class="book-scorecard-value">{html.escape(str(item.value))}'
        f"{tier_marker(item.tier)}</span>"
        f'<span class="book-scorecard-label">{html.escape(str(item.label))}</span></li>'
        for item in items
    )
    return (
        f'<figure class="book-scorecard"><figcaption>{html.escape(caption)}</figcaption>'
        f'<ul class="book-scorecard-grid">{tiles}</ul></figure>'
    )


def show_scorecard(items: Iterable[Tile], caption: str) -> None:
    """Show a scorecard (see ``scorecard_html``); its text form lists the tiles."""
    items = list(items)
    if not items:
        raise ValueError("a scorecard needs at least one tile")
    lines = [f"- {item.value} {item.label} ({fmt.text(f'tier.{item.tier}')})" for item in items]
    display(
        {"text/html": scorecard_html(items, caption), "text/plain": "\n".join([caption, *lines])}, raw=True
    )
