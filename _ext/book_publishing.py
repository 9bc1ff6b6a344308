"""Sphinx extension: what every page offers besides its text.

1. The footer names the book's version and date, the licences (text and data
   CC BY 4.0, code MIT) and points to the landing page's "how to cite", all read
   from CITATION.cff (the one place they are kept).
2. The download menu offers what a reader can use: the book's source kit (it
   reruns every chapter) and the data package, in place of the theme's bare
   .ipynb and .md files, which cannot run on their own, and its print button.
"""

from __future__ import annotations

import html
from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.config import Config


def citation(srcdir: str | Path) -> dict:
    return yaml.safe_load((Path(srcdir) / "CITATION.cff").read_text(encoding="utf-8"))


def set_footer(app: Sphinx, config: Config) -> None:
    cff = citation(app.srcdir)
    authors = ", ".join(
        a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}" for a in cff["authors"]
    )
    config.author = authors
    config.copyright = str(cff["date-released"])[:4]
    config.version = config.release = str(cff["version"])
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = (
        f'<p class="book-footer">Version {html.escape(str(cff["version"]))} '
        f"({html.escape(str(cff['date-released']))}). Text and data: "
        '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>; code: MIT. '
        f'<a href="{{root}}#how-to-cite">How to cite</a>.</p>'
        "<p>Figures marked R are reported by the project's results page, D are derived by this book, "
        "C come from public context.</p>"
    )
    config.html_theme_options = options


def link_home(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The footer's "how to cite" link, relative to each page."""
    options = context.get("theme_extra_footer")
    if options and "{root}" in options:
        context["theme_extra_footer"] = options.replace("{root}", context["pathto"](app.config.root_doc))


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


def offer_downloads(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["tooltip"] = "Download the book's source or data"
            group["buttons"] = [
                {
                    "type": "link",
                    "url": context["pathto"](path, 1),
                    "text": text,
                    "tooltip": tooltip,
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
