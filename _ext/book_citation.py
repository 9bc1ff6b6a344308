"""Sphinx extension: the book's version, licence and citation on every page,
read from CITATION.cff (the one place they are kept).

Every page's footer names the version and its date, the licences (text and
data CC BY 4.0, code MIT) and points to the landing page's "how to cite".
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


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", set_footer)
    app.connect("html-page-context", link_home)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
