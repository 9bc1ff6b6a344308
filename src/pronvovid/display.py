"""What a chapter shows: glued figures with their tier marker, tables, quotes
and charts with alt text and the data behind them.

Every text that comes from the data is HTML-escaped here, so names with
``<``, ``&`` or ``{glue}`` in them render as text. Outputs are deterministic
(no random ids; charts are SVG with fixed ids and no metadata), so nbval can compare them.
"""

from __future__ import annotations

import html
import re
import string
import urllib.parse

import pandas as pd
from IPython.display import display
from markupsafe import Markup, escape
from matplotlib.figure import Figure
from myst_nb import glue

from pronvovid import charts
from pronvovid.formatting import fmt

TIERS = ("reported", "derived", "context")
CSV_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def tier_marker(tier: str, quote_sl: str | None = None) -> str:
    """The visible marker of a figure's tier: a small lettered badge. Tapping,
    clicking or focusing it (it is in the tab order) shows its meaning and, for
    a reported figure, the report's Slovenian clause; CSS does the showing, so
    it works without a mouse and without scripts."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}; use one of {TIERS}")
    tip = html.escape(fmt.text(f"tier.{tier}.title"))
    if quote_sl:
        tip += (
            f'<span class="tier-quote">{html.escape(fmt.text("tier.reported.says"))} '
            f"<span{lang_attribute('sl')}>»{html.escape(quote_sl)}«</span></span>"
        )
    return (
        f'<sup class="tier tier-{tier}"><span class="tier-mark" tabindex="0">'
        f'{fmt.text(f"tier.{tier}.abbr")}<span class="tier-tip">{tip}</span></span></sup>'
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

    def __init__(self, text: str, tier: str, quote_sl: str | None = None):
        self.text, self.tier, self.quote_sl = text, tier, quote_sl
        tier_marker(tier)  # validates the tier

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/plain": self.text,
            "text/markdown": markdown_escape(self.text) + tier_marker(self.tier, self.quote_sl),
        }


def glue_figure(key: str, text: str, tier: str, quote_sl: str | None = None) -> None:
    """Glue a formatted figure for prose: ``{glue:md}`key``` shows it with its
    marker. A reported figure carries the report's clause, one tap away."""
    glue(key, MarkedFigure(text, tier, quote_sl), display=False)


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


# Names the data package uses (snake_case fields, table.field, file.csv): the
# same in both editions, so set as code, never as words of either language.
IDENTIFIER = re.compile(
    r"`[^`\s][^`]*`"
    r"|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:\.[a-z0-9_]+)?\b"
    r"|\b[a-z][a-z0-9_]*\.[a-z0-9]+_[a-z0-9_]+\b"
    r"|\b[A-Za-z0-9_/-]+\.(?:csv|json|md)\b"
)


def code(text: str) -> Markup:
    """``text`` as inline code (an identifier, a value from a code list)."""
    return Markup("<code>") + escape(text) + Markup("</code>")


def identifiers_as_code(text: str) -> Markup:
    """``text``, escaped, with the data package's names in it set as code: those
    the pattern knows, and any in `backticks` (a code from a list, say)."""
    parts, last = [], 0
    for match in IDENTIFIER.finditer(text):
        name = match.group().strip("`")
        parts += [escape(text[last : match.start()]), code(name)]
        last = match.end()
    return Markup("").join([*parts, escape(text[last:])])


def cell_html(value) -> str:
    """A cell's text escaped, or markup this module made (``code``,
    ``identifiers_as_code``) as it is."""
    if isinstance(value, Markup):
        return str(value)
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return html.escape(text)


def lang_attribute(language: str | None) -> str:
    """` lang="en"` for text in another language than the edition's, else nothing."""
    return f' lang="{language}"' if language and language != fmt.language else ""


def table_html(
    frame: pd.DataFrame,
    caption: str,
    tier_column: TierColumns = "tier",
    languages: dict[str, str] | None = None,
) -> str:
    """An accessible HTML table: caption, header cells with scope, every cell
    escaped. A tier column whose rows all share one tier becomes a marker in the
    caption; otherwise tier columns show each tier's name in its colour (a
    single one headed "Kind", several keeping their own headers). ``languages``
    names the language of columns whose text is not in the edition's language
    (the report's Slovenian in the English edition, our English names in the
    Slovenian one); their cells carry ``lang``."""
    languages = languages or {}
    tiers = _tier_columns(tier_column)
    caption_html = cell_html(caption)
    if len(tiers) == 1 and frame[tiers[0]].nunique() == 1:
        caption_html += " " + tier_marker(str(frame[tiers[0]].iloc[0]))
        frame, tiers = frame.drop(columns=list(tiers)), ()

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
                cells.append(f"<td{lang_attribute(languages.get(column))}>{cell_html(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="book-table-box"><table class="book-table"><caption>{caption_html}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def table_text(frame: pd.DataFrame, caption: str, tier_column: TierColumns = None) -> str:
    """The table as plain text; tier columns say each tier's name in the edition's language."""
    # Markup (code set in the HTML) reads as its text.
    frame = frame.map(lambda v: v.striptags() if isinstance(v, Markup) else v) if len(frame) else frame
    tiers = [t for t in _tier_columns(tier_column) if t in frame.columns]
    if tiers:
        frame = frame.assign(
            **{t: [fmt.text(f"tier.{v}") if v in TIERS else v for v in frame[t]] for t in tiers}
        )
        if tiers == ["tier"]:
            frame = frame.rename(columns={"tier": fmt.text("tier.header")})
    return f"{caption}\n{frame.to_string(index=False)}"


def show_table(
    frame: pd.DataFrame,
    caption: str,
    tier_column: TierColumns = "tier",
    languages: dict[str, str] | None = None,
) -> None:
    """Show a table (cells already formatted as text by the notebook)."""
    display(
        {
            "text/html": table_html(frame, caption, tier_column, languages),
            "text/plain": table_text(frame, caption, tier_column),
        },
        raw=True,
    )


def show_collapsible_tables(tables: list[tuple[str, pd.DataFrame, str]]) -> None:
    """Several tables, each folded under its summary line, with a note after it."""
    parts, texts = [], []
    for summary, frame, note in tables:
        parts.append(
            f'<details class="book-collapsible"><summary>{cell_html(summary)}</summary>'
            f'{table_html(frame, summary, None)}<p class="book-table-note">{cell_html(note)}</p></details>'
        )
        texts.append(
            f"{table_text(frame, summary)}\n{note.striptags() if isinstance(note, Markup) else note}"
        )
    display({"text/html": "".join(parts), "text/plain": "\n\n".join(texts)}, raw=True)


# ----------------------------------------------------------------------------
# Scorecards


def scorecard_html(groups: list[tuple[str, list[dict]]], caption: str) -> tuple[str, str]:
    """Figures as tiles, one per quantity, each on its own (no shared length
    scale, so 3 jobs and 80 people are not drawn against each other); returns
    the HTML and the text form.

    ``groups`` is a list of (heading, tiles); a tile is a dict with ``value``
    (formatted), ``label``, ``tier``, for a reported figure ``quote_sl``, and
    ``wide`` for a figure too long for one column (an amount in euros).
    A group without tiles says that the results page lists nothing under it."""
    parts, lines = [f'<p class="scorecard-caption">{html.escape(caption)}</p>'], [caption]
    for heading, tiles in groups:
        parts.append(f'<p class="scorecard-heading">{html.escape(heading)}</p><div class="scorecard-tiles">')
        lines.append(f"\n{heading}")
        if not tiles:
            note = fmt.text("chart.none_reported")
            parts.append(f'<div class="scorecard-tile scorecard-empty">{html.escape(note)}</div>')
            lines.append(f"  {note}")
        for tile in tiles:
            marker = tier_marker(tile["tier"], tile.get("quote_sl"))
            value, label = html.escape(tile["value"]), html.escape(tile["label"])
            wide = " scorecard-wide" if tile.get("wide") else ""  # a long figure: two columns
            parts.append(
                f'<div class="scorecard-tile{wide}"><span class="scorecard-value">{value}</span>{marker}'
                f'<span class="scorecard-label">{label}</span></div>'
            )
            lines.append(f"  {tile['value']} {tile['label']} ({fmt.text('tier.' + tile['tier'])})")
        parts.append("</div>")
    return f'<div class="book-scorecard">{"".join(parts)}</div>', "\n".join(lines)


def show_scorecard(groups: list[tuple[str, list[dict]]], caption: str) -> None:
    """Show a scorecard (see ``scorecard_html``)."""
    markup, text = scorecard_html(groups, caption)
    display({"text/html": markup, "text/plain": text}, raw=True)


def show_share_bar(parts: list[dict], caption: str) -> None:
    """One bar split into shares of a whole, drawn in HTML so its words stay text
    at any width; each part is a dict with ``label``, ``amount`` and ``share``
    (formatted) and ``share_of_total`` (a number from 0 to 1)."""
    segments, legend, lines = [], [], [caption]
    for i, part in enumerate(parts):
        width = f"{float(part['share_of_total']) * 100:.2f}%"
        segments.append(f'<span class="sharebar-part sharebar-part-{i}" style="width:{width}"></span>')
        legend.append(
            f'<li><span class="sharebar-key sharebar-part-{i}"></span>{html.escape(part["label"])}: '
            f"<strong>{html.escape(part['share'])}</strong> ({html.escape(part['amount'])})</li>"
        )
        lines.append(f"  {part['label']}: {part['share']} ({part['amount']})")
    bar = (
        f'<div class="book-sharebar"><p class="sharebar-caption">{html.escape(caption)}</p>'
        f'<div class="sharebar">{"".join(segments)}</div>'
        f'<ul class="sharebar-legend">{"".join(legend)}</ul></div>'
    )
    display({"text/html": bar, "text/plain": "\n".join(lines)}, raw=True)


def show_statements(rows: pd.DataFrame) -> None:
    """The report's statements as a list. English edition: our translation,
    with the Slovenian original one tap away. Slovenian edition: the original."""
    items, lines = [], []
    original = html.escape(fmt.text("quote.original"))
    for _, row in rows.iterrows():
        if fmt.language == "sl":
            items.append(f"<li>{html.escape(row['quote_sl'])}</li>")
            lines.append(f"- {row['quote_sl']}")
            continue
        items.append(
            f'<li>{html.escape(row["quote_en"])} <details class="book-original"><summary>{original}</summary>'
            f'<span lang="sl">{html.escape(row["quote_sl"])}</span></details></li>'
        )
        lines.append(f"- {row['quote_en']}\n  {fmt.text('quote.original')}: {row['quote_sl']}")
    display(
        {"text/html": f'<ul class="book-statements">{"".join(items)}</ul>', "text/plain": "\n".join(lines)},
        raw=True,
    )


def show_citation(cff: dict) -> None:
    """How to cite the book, from its CITATION.cff: a formatted reference and BibTeX."""
    authors = "; ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])
    year, version, title = str(cff["date-released"])[:4], str(cff["version"]), cff["title"]
    values = {"year": year, "version": version, "licence": cff["license"]}
    reference = fmt.text("pdf.reference", authors=authors, title=title, **values)
    # The record's author and title are English in every edition: marked as such.
    reference_html = fmt.text(
        "pdf.reference",
        authors=f"<span{lang_attribute('en')}>{html.escape(authors)}</span>",
        title=f"<span{lang_attribute('en')}>{html.escape(title)}</span>",
        **{key: html.escape(value) for key, value in values.items()},
    )
    bibtex = (
        f"@misc{{pronvovid_book_{year},\n  author  = {{{{{authors}}}}},\n  title   = {{{{{title}}}}},\n"
        f"  year    = {{{year}}},\n  version = {{{version}}},\n  note    = {{Licence: {cff['license']}}}\n}}"
    )
    display(
        {
            "text/html": f'<div class="book-citation"><p>{reference_html}</p>'
            f'<pre class="book-bibtex">{html.escape(bibtex)}</pre></div>',
            "text/plain": f"{reference}\n\n{bibtex}",
        },
        raw=True,
    )


# ----------------------------------------------------------------------------
# Quotes


def quote_html(quote_sl: str, quote_en: str, source: str) -> str:
    """The report's sentence; in the English edition marked as Slovenian, with
    our translation below it. The Slovenian edition shows the sentence alone."""
    translation = ""
    if fmt.language != "sl":
        translation = (
            f'<p class="book-quote-translation"><span class="book-quote-label">'
            f"{html.escape(fmt.text('quote.translation'))}:</span> {html.escape(quote_en)}</p>"
        )
    return (
        '<figure class="book-quote">'
        f"<blockquote{lang_attribute('sl')}><p>{html.escape(quote_sl)}</p></blockquote>{translation}"
        f"<figcaption>{html.escape(fmt.text('quote.source'))}: {html.escape(source)} "
        f"{tier_marker('reported')}</figcaption></figure>"
    )


def show_quote(quote_sl: str, quote_en: str, source: str) -> None:
    """Show a sentence of the report in Slovenian, with our translation beside it
    in the English edition."""
    if fmt.language == "sl":
        text = f"{quote_sl}\n{fmt.text('quote.source')}: {source}"
    else:
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
    *,
    csv_name: str,
    drawn: pd.DataFrame,
    languages: dict[str, str] | None = None,
) -> None:
    """Show a chart with its frame, alt text and caption, the numbers behind it
    as a table folded under a ``<details>`` toggle (closed), and a link to the
    CSV of exactly what it draws (``drawn``: the plotted values, unformatted).
    The CSV travels in the output's metadata; the build publishes it as
    ``charts/<csv_name>.csv``. nbval compares the whole HTML, the SVG and the CSV
    included (all byte-stable), so any change in what a chart draws fails the
    regression tests."""
    if not CSV_NAME.fullmatch(csv_name):
        raise ValueError(f"csv_name {csv_name!r}: lower-case words joined by hyphens")
    link = (
        f'<p class="book-chart-csv"><a href="../charts/{csv_name}.csv">'
        f"{html.escape(fmt.text('chart.csv'))}</a></p>"
    )
    details = (
        f'<details class="book-chart-data"><summary>{html.escape(fmt.text("chart.data"))}</summary>'
        f"{table_html(data, data_caption, tier_column, languages)}{link}</details>"
    )
    frame = charts.chart_frame(figure)
    framing = f"{frame.title}\n{frame.subtitle}\n{frame.source}\n" if frame else ""
    text = (
        f"{fmt.text('chart.text')} {alt}\n{framing}{caption}\n\n{table_text(data, data_caption, tier_column)}"
    )
    # The CSV rides in the output's metadata (myst-nb would warn about a text/csv
    # part of the bundle, which it cannot render); tools/build.py publishes it.
    csv = {"filename": f"{csv_name}.csv", "text": drawn.to_csv(index=False, lineterminator="\n")}
    bundle = {"text/html": chart_html(figure, alt, caption) + details, "text/plain": text}
    display(bundle, raw=True, metadata={"pronvovid/chart-csv": csv})
