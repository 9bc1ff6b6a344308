"""Sphinx extension: the book's icons without fontawesome.js (page weight).

pydata-sphinx-theme loads `_static/scripts/fontawesome.js` (1.4 MiB; about 530 KiB
gzip-compressed) on every page to draw a dozen Font Awesome icons as SVG, and the
theme's CSS then fetches `fa-solid-900.woff2` (153 KiB) as well. Together that was
three quarters of a page's first view. The book's `_templates/static/webpack-macros.html`
drops the script; this extension draws the icons instead:

- It writes `_static/book-icons.css`: for each icon in ICONS, a rule that paints the
  icon's Font Awesome path as a CSS mask in the text colour (so dark mode, hover and
  disabled colours follow), sized as Font Awesome sizes it (1 em high, its own width,
  0.125 em below the baseline). The path, width and height are read from the
  installed theme's own fontawesome.js (its "solid" pack), not copied by hand, and
  the rules apply to `fa-solid` and `fas`, the two spellings the templates use.
- After the build it reads every page for solid icons it does not draw and warns
  (the strict build fails): such an icon would still show, through the theme's
  webfont, but would bring the 153 KiB font back to that page.

ICONS lists the icons of the themes' templates and of the book's download menu
(_ext/book_publishing.py), and the one the theme's script adds (fa-xmark, the
close button of its banners).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

ICONS = (
    "angle-left",  # previous page
    "angle-right",  # next page
    "arrow-up",  # back to top
    "bars",  # the sidebar toggle (the phone menu)
    "circle-half-stroke",  # the light/dark switch: auto
    "code",  # download menu: the source kit
    "download",  # the download menu
    "expand",  # full screen
    "file",  # download menu: the data package
    "file-pdf",  # download menu: the whole book as a PDF
    "language",  # the language switch (_templates/language-switch.html)
    "list",  # the secondary sidebar toggle ("Contents")
    "magnifying-glass",  # search
    "moon",  # the light/dark switch: dark
    "sun",  # the light/dark switch: light
    "xmark",  # added by pydata-sphinx-theme.js (banners' close button)
)
# The themes also draw icons in CSS, with the webfont: admonition titles (the icon of
# each type, as pydata-sphinx-theme's --pst-icon-admonition-* name them) and
# sphinx-book-theme's collapsed "Contents" heading. These are drawn the same way.
ADMONITION_ICONS = {
    "": "bell",  # any other type
    "attention": "circle-exclamation",
    "caution": "triangle-exclamation",
    "danger": "triangle-exclamation",
    "error": "circle-xmark",
    "hint": "lightbulb",
    "important": "circle-exclamation",
    "note": "circle-info",
    "seealso": "share",
    "tip": "lightbulb",
    "todo": "pencil",
    "warning": "triangle-exclamation",
}
# Other icons the themes draw before or after an element, as (selector, icon).
PSEUDO_ICONS = (
    # sphinx-book-theme: the heading of the collapsed secondary sidebar.
    (".bd-sidebar-secondary.hide:not(:hover) .onthispage::after", "angle-down"),
    # pydata-sphinx-theme: a {download} link (chapter 5 links the data files).
    ("a.reference.download::before", "download"),
)
CSS_NAME = "book-icons.css"
# One entry of a Font Awesome pack: name:[width,height,[aliases],"unicode","path"].
ENTRY = re.compile(r'(?:"([a-z0-9-]+)"|([a-z0-9_]+)):\[(\d+),(\d+),\[([^\]]*)\],"([0-9a-f]+)","([^"]+)"\]')
SOLID_CLASS = re.compile(r'class="([^"]*\b(?:fa-solid|fas)\b[^"]*)"')


def fontawesome_js() -> Path:
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    return theme / "static" / "scripts" / "fontawesome.js"


def solid_pack(script: str) -> dict[str, tuple[int, int, str]]:
    """Every icon of the script's solid pack, by name and alias: (width, height, path).

    Each pack is a `var p={...}` that the script then registers with `d("fas",p)`."""
    end = script.index('d("fas",p)')
    start = script.rindex("var p={", 0, end)
    icons: dict[str, tuple[int, int, str]] = {}
    for quoted, bare, width, height, aliases, _unicode, path in ENTRY.findall(script[start:end]):
        names = [quoted or bare, *(a.strip('"') for a in aliases.split(",") if a.startswith('"'))]
        for name in names:
            icons.setdefault(name.replace("_", "-"), (int(width), int(height), path))
    return icons


def mask_uri(pack: dict[str, tuple[int, int, str]], name: str) -> str:
    width, height, path = pack[name]
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
    return 'url("data:image/svg+xml,' + quote(svg, safe=" '/:=.,-") + '")'


def icon_css(pack: dict[str, tuple[int, int, str]]) -> str:
    names = sorted({*ICONS, *ADMONITION_ICONS.values(), *(icon for _, icon in PSEUDO_ICONS)})
    missing = [name for name in names if name not in pack]
    if missing:
        raise ValueError(f"not in the theme's Font Awesome solid pack: {', '.join(missing)}")
    masked = (
        "  background-color: currentColor;\n"
        "  -webkit-mask: var(--book-icon) center / contain no-repeat;\n"
        "  mask: var(--book-icon) center / contain no-repeat;\n"
    )
    lines = [
        f"/* Generated by _ext/book_icons.py from the theme's {fontawesome_js().name} (Font Awesome",
        "   Free 6, icons CC BY 4.0: https://fontawesome.com/license/free). Do not edit. */",
        "/* Each icon's shape: Font Awesome's path as an SVG image. */",
        ":root {",
        *(f"  --book-icon-{name}: {mask_uri(pack, name)};" for name in names),
        "}",
        '/* <i class="fa-solid fa-...">: 1 em high, the icon\'s own width, in the text colour. Not',
        "   in Font Awesome's font either: Chromium fetches an element's font for the line's",
        "   metrics even when it draws no letter of it. */",
        ",\n".join(f".fa-solid.fa-{n}::before, .fas.fa-{n}::before" for n in ICONS) + " {",
        '  content: "";\n  display: inline-block;\n  height: 1em;\n  vertical-align: -0.125em;',
        masked + "}",
    ]
    for name in ICONS:
        width, height, _path = pack[name]
        lines.append(
            f".fa-solid.fa-{name}, .fas.fa-{name} "
            f"{{ --book-icon: var(--book-icon-{name}); font-family: inherit; }}\n"
            f".fa-solid.fa-{name}::before, .fas.fa-{name}::before {{ width: {width / height:.4g}em; }}"
        )
    lines += [
        "/* Admonition titles: the theme's 1 rem box, in the colour of the type. */",
        ".admonition > .admonition-title::after, div.admonition > .admonition-title::after {",
        '  content: "" !important;',
        "  font-family: inherit;",
        masked + "}",
    ]
    by_icon: dict[str, list[str]] = {}
    for kind, name in ADMONITION_ICONS.items():
        by_icon.setdefault(name, []).append(f".admonition{'.' + kind if kind else ''}")
    for name, selectors in sorted(by_icon.items()):
        lines.append(f"{', '.join(selectors)} {{ --book-icon: var(--book-icon-{name}); }}")
    lines.append("/* Icons the themes put before or after an element, where they put them. */")
    for selector, name in PSEUDO_ICONS:
        width, height, _path = pack[name]
        lines += [
            f"{selector} {{",
            f'  content: "";\n  display: inline-block;\n  width: {width / height:.4g}em;\n  height: 1em;',
            f"  vertical-align: -0.125em;\n  font-family: inherit;\n  --book-icon: var(--book-icon-{name});",
            masked + "}",
        ]
    return "\n".join(lines) + "\n"


def write_css(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    css = icon_css(solid_pack(fontawesome_js().read_text(encoding="utf-8")))
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    target = static / CSS_NAME
    if not target.is_file() or target.read_text(encoding="utf-8") != css:
        target.write_text(css, encoding="utf-8")


def check_pages(app: Sphinx, exception: Exception | None) -> None:
    """Warn about any solid icon on a page that book-icons.css does not draw."""
    if exception is not None or app.builder.format != "html":
        return
    pack = solid_pack(fontawesome_js().read_text(encoding="utf-8"))
    for page in sorted(Path(app.outdir).rglob("*.html")):
        classes = SOLID_CLASS.findall(page.read_text(encoding="utf-8", errors="replace"))
        used = {c[3:] for attr in classes for c in attr.split() if c.startswith("fa-") and c[3:] in pack}
        for name in sorted(used - set(ICONS)):
            logger.warning(
                "%s: the icon fa-%s is not drawn by _ext/book_icons.py; add it to ICONS "
                "(or the page loads Font Awesome's 153 KiB webfont)",
                page.relative_to(app.outdir).as_posix(),
                name,
            )


def setup(app: Sphinx) -> dict:
    app.add_css_file(CSS_NAME)
    app.connect("builder-inited", write_css)
    app.connect("build-finished", check_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
