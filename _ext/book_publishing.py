"""Sphinx extension: what every page offers besides its text.

1. The footer names the book's version and date, the licences (text and data
   CC BY 4.0, code MIT) and points to the landing page's "how to cite", all read
   from CITATION.cff (the one place they are kept).
2. The download menu offers what a reader can use: the book's source kit (it
   reruns every chapter) and the data package, in place of the theme's bare
   .ipynb and .md files, which cannot run on their own, and its print button.

Both speak the edition's language: every string is an English msgid translated
by the book's catalogue (locales/<language>/LC_MESSAGES/sphinx.po, through
_ext/book_editions.py, which fails the build when one has no translation). The
Slovenian edition's colophon adds that its text is the book authors' own and that
the report is quoted in the original.
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path

import book_editions
import yaml
from babel.dates import format_date
from sphinx.application import Sphinx
from sphinx.config import Config

AUTHORS = "The PRO-NVO-VID results book contributors"
VERSION = "Version %(version)s (%(date)s)."
LICENCES = "Text and data:"
CODE_LICENCE = "code: MIT."
HOW_TO_CITE = "How to cite"
TIERS = (
    "Figures marked R are reported by the project's results page, D are derived by this book, "
    "C come from public context."
)
# Said in every edition but the English one (whose text is the original).
OWN_TEXT = (
    "This edition's text is the book authors' own, not the project's. "
    "Quotes from the report are the original."
)
MENU = "Download the book's source or data"


def citation(srcdir: str | Path) -> dict:
    return yaml.safe_load((Path(srcdir) / "CITATION.cff").read_text(encoding="utf-8"))


def release_date(value, language: str) -> str:
    """The release date as the footer writes it: 2026-11-26 in English, 26. november 2026
    (no-break space after the day's dot) in Slovenian."""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    if language == book_editions.DEFAULT:
        return day.isoformat()
    return format_date(day, "d. MMMM y", locale=language).replace(". ", ".\u00a0", 1)


def set_footer(app: Sphinx, config: Config) -> None:
    cff = citation(app.srcdir)
    language = config.language or book_editions.DEFAULT
    _ = book_editions.translator(app.srcdir, language)
    authors = ", ".join(
        _(a["name"]) if a.get("name") else f"{a.get('given-names', '')} {a.get('family-names', '')}"
        for a in cff["authors"]
    )
    config.author = authors
    config.copyright = str(cff["date-released"])[:4]
    config.version = config.release = str(cff["version"])
    options = dict(config.html_theme_options or {})
    version = _(VERSION) % {
        "version": html.escape(str(cff["version"])),
        "date": html.escape(release_date(cff["date-released"], language)),
    }
    options["extra_footer"] = (
        f'<p class="book-footer">{version} {html.escape(_(LICENCES))} '
        '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>; '
        f"{html.escape(_(CODE_LICENCE))} "
        f'<a href="{{root}}#how-to-cite">{html.escape(_(HOW_TO_CITE))}</a>.</p>'
        f"<p>{html.escape(_(TIERS), quote=False)}</p>"
    )
    if language != book_editions.DEFAULT:
        options["extra_footer"] += f'<p class="book-own-text">{html.escape(_(OWN_TEXT), quote=False)}</p>'
    config.html_theme_options = options


def link_home(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The footer's "how to cite" link, relative to each page."""
    options = context.get("theme_extra_footer")
    if options and "{root}" in options:
        # On the landing page itself pathto gives "#": the anchor alone is the link.
        root = context["pathto"](app.config.root_doc)
        context["theme_extra_footer"] = options.replace("{root}", "" if root.startswith("#") else root)


# Published beside the pages by tools/build.py (copied in when it publishes).
DOWNLOADS = (
    (
        "pro-nvo-vid.pdf",
        "The whole book (.pdf)",
        "The whole book as one PDF, for filing and printing",
        "fas fa-file-pdf",
    ),
    (
        "downloads/pro-nvo-vid-book.zip",
        "Source kit (.zip)",
        "The book's source: rerun every chapter",
        "fas fa-code",
    ),
    ("downloads/pro-nvo-vid-data.zip", "Data (.zip)", "The data package behind every figure", "fas fa-file"),
)


book_editions.require(
    __name__,
    AUTHORS,
    VERSION,
    LICENCES,
    CODE_LICENCE,
    HOW_TO_CITE,
    TIERS,
    OWN_TEXT,
    MENU,
    *(text for _path, text, _tooltip, _icon in DOWNLOADS),
    *(tooltip for _path, _text, tooltip, _icon in DOWNLOADS),
)


def offer_downloads(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    _ = book_editions.translator(app.srcdir, app.config.language or book_editions.DEFAULT)
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["tooltip"] = _(MENU)
            group["buttons"] = [
                {
                    "type": "link",
                    "url": context["pathto"](path, 1),
                    "text": _(text),
                    "tooltip": _(tooltip),
                    "icon": icon,
                    "label": f"download-{path.rsplit('/', 1)[-1].split('.')[0]}",
                }
                for path, text, tooltip, icon in DOWNLOADS
            ]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", set_footer)
    app.connect("html-page-context", link_home)
    # After sphinx-book-theme has made its buttons (default priority 500).
    app.connect("html-page-context", offer_downloads, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
