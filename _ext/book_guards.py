"""Sphinx extension for the PRO-NVO-VID results book.

1. Refuse to render notebooks whose stored outputs hold an error. With
   execution off, Jupyter Book would otherwise print a stored traceback into
   the book without a word. (Stored text on stderr is myst-nb's to refuse:
   ``nb_output_stderr: warn`` in _config.yml.)
2. Keep the book offline: drop sphinx-thebe's assets (the book has no live code,
   and they point at unpkg.com and are added twice), and fail the build if any
   page still links a script or stylesheet from another host.
3. Let no markup from the data go live: every raw HTML node of every page
   (the notebooks' HTML outputs and the inline HTML of glued Markdown, after
   myst-nb has turned them into doctree nodes) is parsed with an allow-list of
   the tags and attributes the book's own code emits (src/pronvovid/display.py).
   Anything else (a script, an on* handler, a javascript: address, an iframe,
   a foreign image ...) is a warning naming the page, so the strict build fails.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def check_stored_outputs(app: Sphinx, docname: str, source: list[str]) -> None:
    path = app.env.doc2path(docname)
    if not str(path).endswith(".ipynb"):
        return
    try:
        notebook = json.loads(source[0])
    except json.JSONDecodeError:
        return  # myst-nb reports unreadable notebooks itself
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                logger.warning(
                    "%s: cell %d holds a stored error (%s)",
                    docname,
                    index,
                    output.get("ename", "error"),
                    location=docname,
                )


def _is_thebe(asset) -> bool:
    filename = str(getattr(asset, "filename", "") or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return "thebe" in filename or "THEBE_JS_URL" in body


def drop_thebe_config(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """sphinx-thebe's configuration and its ``<script>kernelName = ...</script>``."""
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "x-thebe-config" in text or text.startswith("<script>kernelName = "):
            node.parent.remove(node)


def keep_pages_offline(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if assets is None:
            continue
        assets[:] = [asset for asset in assets if not _is_thebe(asset)]
        for asset in assets:
            filename = str(getattr(asset, "filename", "") or "")
            if filename.startswith(("http://", "https://", "//")):
                logger.warning("%s: links an asset from another host: %s", pagename, filename)


# ----------------------------------------------------------------------------
# Raw HTML: an allow-list of what the book's own code emits.

ALLOWED_TAGS = frozenset(
    {
        "table", "caption", "thead", "tbody", "tr", "th", "td",
        "figure", "img", "figcaption", "details", "summary",
        "p", "br", "blockquote", "span", "sup", "abbr", "a", "div", "ul", "li", "strong", "pre", "code",
        # Inline SVG charts, as charts.svg_markup writes them (no <style>,
        # <script>, <foreignObject>, <image>, <a> or animation inside).
        "svg", "g", "path", "text", "defs", "clippath", "use", "rect",
    }
)  # fmt: skip
SVG_TAGS = frozenset({"svg", "g", "path", "text", "defs", "clippath", "use", "rect"})
ALLOWED_ATTRIBUTES = frozenset(
    {
        "class", "title", "scope", "lang", "alt", "width", "style", "src", "href", "tabindex",
        # SVG geometry and references; each value is checked below.
        "viewbox", "height", "x", "y", "d", "transform", "id", "clip-path", "role", "aria-label",
    }
)  # fmt: skip
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_SVG_VALUES = {
    "viewbox": re.compile(r"-?[\d.]+( -?[\d.]+){3}"),
    "height": _NUMBER,
    "x": _NUMBER,
    "y": _NUMBER,
    "d": re.compile(r"[MLHVCSQTAZmlhvcsqtaz\d.,\s-]*"),
    "transform": re.compile(r"((translate|rotate|scale|matrix)\([-\d., ]*\)\s*)*"),
    "id": re.compile(r"[A-Za-z][\w-]*"),
    "clip-path": re.compile(r"url\(#[A-Za-z][\w-]*\)"),
    "role": re.compile(r"img"),
}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_PNG = re.compile(r"data:image/png;base64,[A-Za-z0-9+/]*={0,2}")
# Declarations such as "max-width:100%;height:auto" or "stroke-dasharray: 5.55,2.4":
# no url(), no expression(), no escapes.
_STYLE = re.compile(r"(\s*[a-z-]+\s*:\s*[a-zA-Z0-9%.,#\s-]+;?)*\s*")
_CONTROLS_AND_SPACE = "".join(chr(i) for i in range(0x21))


def _as_browsers_read(url: str) -> str:
    """An address as a browser parses it: tabs and newlines dropped anywhere,
    control characters and spaces stripped at both ends."""
    return re.sub(r"[\t\n\r]", "", url).strip(_CONTROLS_AND_SPACE)


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def _attribute_problem(tag: str, name: str, value: str | None) -> str | None:
    if name not in ALLOWED_ATTRIBUTES:
        return f"attribute {name!r} on <{tag}>"
    value = value or ""
    if name in _SVG_VALUES:
        if tag not in SVG_TAGS:
            return f"attribute {name!r} on <{tag}> (only on SVG elements)"
        if not _SVG_VALUES[name].fullmatch(value):
            return f"{name} {value[:80]!r} on <{tag}>"
    elif name == "href" and tag == "use":
        if not _SVG_VALUES["id"].fullmatch(value[1:]) or not value.startswith("#"):
            return f"href {value[:80]!r} on <use> (only #id)"
    elif name == "href":
        url = _as_browsers_read(value)
        if _scheme(url) not in (None, "http", "https"):
            return f"href {value[:80]!r} on <{tag}> (only http(s), relative or #)"
    elif name == "src":
        url = _as_browsers_read(value)
        if not (_PNG.fullmatch(url) or (_scheme(url) is None and not url.startswith("//"))):
            return f"src {value[:80]!r} on <{tag}> (only data:image/png;base64 or a relative path)"
    elif name == "style" and not _STYLE.fullmatch(value):
        return f"style {value[:80]!r} on <{tag}>"
    return None


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            problem = _attribute_problem(tag, name, value)
            if problem:
                self.problems.append(problem)

    def handle_decl(self, decl) -> None:
        self.problems.append(f"declaration <!{decl[:40]}>")

    def unknown_decl(self, data) -> None:
        self.problems.append(f"declaration <![{data[:40]}>")

    def handle_pi(self, data) -> None:
        self.problems.append(f"processing instruction <?{data[:40]}>")


def audit_html(fragment: str) -> list[str]:
    """What in an HTML fragment is outside the allow-list (empty: all allowed)."""
    audit = _Audit()
    audit.feed(fragment)
    audit.close()
    return audit.problems


def check_raw_html(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in doctree.findall(nodes.raw):
        if "html" not in node.get("format", "").split():
            continue
        for problem in audit_html(node.astext()):
            logger.warning("%s: raw HTML outside the allow-list: %s", docname, problem, location=node)


def setup(app: Sphinx) -> dict:
    app.connect("source-read", check_stored_outputs)
    # After sphinx-thebe has added its configuration node (default priority 500).
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    # After glue and outputs are resolved into nodes and thebe's node is gone.
    app.connect("doctree-resolved", check_raw_html, priority=950)
    app.connect("html-page-context", keep_pages_offline, priority=900)
    return {"version": "1.3", "parallel_read_safe": True, "parallel_write_safe": True}
