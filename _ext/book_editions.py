"""Sphinx extension: the book's two editions, seen from a page.

The English edition is published at the site's root, the Slovenian one under
``sl/``, with the same page names (``pronvovid.editions.PREFIX``). This
extension gives each page what it needs to lead to its twin and to speak its
edition's language outside the text:

1. The language switch. On every page the context holds ``book_editions``: for
   each other edition its code, its name in its own language and the twin
   page's relative address (``pronvovid.editions.twin_href``). The template
   ``_templates/language-switch.html`` draws it in the article header (a real
   link: it works without script, by keyboard and on a phone); the script
   ``_static/book-editions.js`` keeps the reader's place across it. The head
   gets a ``<link rel="alternate" hreflang=...>`` for each edition.
2. One catalogue for every interface string: ``locales/<language>/LC_MESSAGES/
   sphinx.po``. Sphinx reads it first for its own and pydata-sphinx-theme's
   template strings (the ``sphinx`` domain, ``locale_dirs``). sphinx-book-theme
   registers its own catalogue (``booktheme``, machine-translated: "Launch" is
   "Kosilo"); this extension puts ours in front of it. The search page's script
   strings (Sphinx's ``translations.js``) are overridden from it too, and so are
   the search field's text, the parts' captions of _toc.yml, and the strings of
   the book's own extensions (the footer, the download menu). (The book's title
   is the phrase catalogue's, pronvovid.po: tools/build.py stages it.)
3. A missing translation fails the build: every string the book's templates and
   extensions use, every caption of _toc.yml and every theme string a reader
   sees (THEME_STRINGS, reviewed one by one) must have a translation in each
   edition's catalogue; otherwise a warning, which the strict build makes an
   error. This is checked in every build, the English one too.
"""

from __future__ import annotations

import gettext
import html
import json
import sys
from pathlib import Path

import yaml
from babel.messages.pofile import read_po
from sphinx import addnodes
from sphinx import locale as sphinx_locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

DEFAULT = "en"
# Each edition's name in its own language, and the switch's tooltip, also in the
# language of the page it leads to (the link carries that lang attribute).
NAMES = {"en": "English", "sl": "Slovenščina"}
SWITCH_TITLES = {"en": "This page in English", "sl": "Ta stran v slovenščini"}
LOCALES = "locales"
DOMAIN = "sphinx"
# Catalogues that themes register with app.add_message_catalog: ours goes first.
THEME_CATALOGUES = ("booktheme",)

# The themes' strings a reader meets (seen or read out), reviewed for each
# language. Sphinx's and pydata-sphinx-theme's templates (``_()``), sphinx-book-theme's
# (``translate()``, domain booktheme) and Sphinx's search script (translations.js).
THEME_STRINGS = (
    # pydata-sphinx-theme layout and components
    "Skip to main content",
    "Back to top",
    "Search",
    "Color mode",
    "Light",
    "Dark",
    "System Settings",
    "Version warning",
    "previous page",
    "next page",
    "previous",
    "next",
    "© Copyright %(copyright)s.",
    "Last updated on %(last_updated)s.",
    "%b %d, %Y",  # the date format of "Last updated on ..."
    "Error",
    "Please activate JavaScript to enable the search functionality.",
    "Index",
    # sphinx-book-theme (domain booktheme)
    "Contents",
    "By",
    "Fullscreen mode",
)
# Strings of Sphinx's search script, read from _static/translations.js.
SCRIPT_STRINGS = (
    "Search Results",
    "Searching",
    "Preparing search...",
    "Search finished, found ${resultCount} page(s) matching the search query.",
    "Your search did not match any documents. Please make sure that all words are "
    "spelled correctly and that you've selected enough categories.",
    "Hide Search Matches",
)
# The theme option jupyter-book sets in English; shown in the search field.
SEARCH_BAR_TEXT = "Search this book..."
# Strings the book's own extensions use (each registers them with require()).
_REQUIRED: dict[str, str] = {}


def require(owner: str, *msgids: str) -> None:
    """Declare strings an extension translates: each must be in every catalogue."""
    for msgid in msgids:
        _REQUIRED.setdefault(msgid, owner)


# myst-nb's toggle of a hidden code cell ({type}: the book hides only inputs, so "source").
CODE_PROMPTS = {
    "nb_code_prompt_show": "Show code cell source",
    "nb_code_prompt_hide": "Hide code cell source",
}
require(__name__, SEARCH_BAR_TEXT, *CODE_PROMPTS.values())


def catalogue_path(srcdir: str | Path, language: str) -> Path:
    return Path(srcdir) / LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(srcdir: str | Path, language: str) -> dict[str, str]:
    """The translated entries of a language's catalogue (none for English: its
    msgids are the English text). Fuzzy or empty entries count as missing."""
    if language == DEFAULT:
        return {}
    path = catalogue_path(srcdir, language)
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    return {
        str(message.id): str(message.string)
        for message in catalogue
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def translator(srcdir: str | Path, language: str):
    """``_`` for the book's own strings in ``language`` (English: the msgid)."""
    entries = read_catalogue(srcdir, language)

    def translate(msgid: str) -> str:
        return entries.get(msgid, msgid)

    return translate


def template_strings(folder: str | Path) -> dict[str, str]:
    """Every ``_()`` / ``{% trans %}`` string of the book's templates, with its file."""
    from jinja2.ext import babel_extract

    found: dict[str, str] = {}
    root = Path(folder)
    for path in sorted(root.rglob("*.html")):
        with path.open("rb") as handle:
            options = {"extensions": "jinja2.ext.i18n", "trimmed": "false"}
            for _line, _function, message, _comments in babel_extract(handle, ("_", "gettext"), [], options):
                for msgid in message if isinstance(message, tuple) else (message,):
                    if msgid:
                        found.setdefault(msgid, path.relative_to(root.parent).as_posix())
    return found


def toc_captions(srcdir: str | Path) -> list[str]:
    toc = yaml.safe_load((Path(srcdir) / "_toc.yml").read_text(encoding="utf-8")) or {}
    return [part["caption"] for part in toc.get("parts", []) if part.get("caption")]


def required_strings(srcdir: str | Path) -> dict[str, str]:
    """Every string each edition's catalogue must translate, with where it is used."""
    srcdir = Path(srcdir)
    required = {msgid: "the themes (reviewed)" for msgid in (*THEME_STRINGS, *SCRIPT_STRINGS)}
    required.update({msgid: f"_ext/{owner}.py" for msgid, owner in _REQUIRED.items()})
    required.update(template_strings(srcdir / "_templates"))
    required.update({caption: "_toc.yml" for caption in toc_captions(srcdir)})
    return required


def missing_translations(srcdir: str | Path, language: str) -> dict[str, str]:
    """The required strings with no translation in ``language``'s catalogue (none
    in English, whose msgids are the text)."""
    if language == DEFAULT:
        return {}
    entries = read_catalogue(srcdir, language)
    return {msgid: where for msgid, where in required_strings(srcdir).items() if msgid not in entries}


def editions(srcdir: str | Path) -> list[str]:
    """The languages that have a catalogue (besides English)."""
    folder = Path(srcdir) / LOCALES
    return (
        sorted(p.name for p in folder.iterdir() if catalogue_path(srcdir, p.name).is_file())
        if folder.is_dir()
        else []
    )


# ----------------------------------------------------------------------------
# Events


def check_catalogues(app: Sphinx) -> None:
    pronvovid_editions = _pronvovid_editions(app)
    for language in sorted({*pronvovid_editions.LANGUAGES, *editions(app.srcdir)} - {DEFAULT}):
        if not catalogue_path(app.srcdir, language).is_file():
            logger.warning(
                "no catalogue for the %s edition: %s", language, catalogue_path(app.srcdir, language)
            )
            continue
        for msgid, where in missing_translations(app.srcdir, language).items():
            logger.warning(
                "%s: no %s translation of %r (used by %s)",
                catalogue_path(app.srcdir, language).relative_to(app.srcdir).as_posix(),
                language,
                msgid,
                where,
            )


def translate_config(app: Sphinx, config: Config) -> None:
    """The search field's text and myst-nb's code toggle in the edition's language
    (the title is staged in it by tools/build.py, from the phrase catalogue)."""
    _ = translator(app.srcdir, config.language or DEFAULT)
    options = dict(config.html_theme_options or {})
    options["search_bar_text"] = _(options.get("search_bar_text") or SEARCH_BAR_TEXT)
    config.html_theme_options = options
    if (config.language or DEFAULT) != DEFAULT:
        for name, msgid in CODE_PROMPTS.items():
            config[name] = _(msgid)


class _Catalogue(gettext.NullTranslations):
    def __init__(self, entries: dict[str, str]) -> None:
        super().__init__()
        self._entries = entries

    def gettext(self, message: str) -> str:
        if message in self._entries:
            return self._entries[message]
        return super().gettext(message)


def prefer_our_catalogue(app: Sphinx) -> None:
    """Put the book's catalogue in front of the themes' own (sphinx-book-theme's
    booktheme catalogue). Sphinx's ``get_translation`` looks its translator up
    on every call, so the themes' templates and buttons use ours from here on."""
    language = app.config.language or DEFAULT
    if language == DEFAULT:
        return
    entries = read_catalogue(app.srcdir, language)
    for catalogue in THEME_CATALOGUES:
        key = ("general", catalogue)
        ours = _Catalogue(entries)
        theirs = sphinx_locale.translators.get(key)
        if theirs is not None:
            ours.add_fallback(theirs)
        sphinx_locale.translators[key] = ours


def translate_captions(app: Sphinx, doctree) -> None:
    """The parts' captions of _toc.yml (Chapters, Appendix) in the edition's language."""
    _ = translator(app.srcdir, app.config.language or DEFAULT)
    for node in doctree.findall(addnodes.toctree):
        if node.get("caption"):
            node["caption"] = _(node["caption"])


def _pronvovid_editions(app: Sphinx):
    """pronvovid.editions from the project's own src/ (the build renders in
    _build/.stage, inside the project), else from the environment."""
    for folder in (Path(app.srcdir), *Path(app.srcdir).parents):
        source = folder / "src"
        if (source / "pronvovid").is_dir():
            if str(source) not in sys.path:
                sys.path.insert(0, str(source))
            break
    from pronvovid import editions as module

    return module


def add_switch(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    module = _pronvovid_editions(app)
    language = app.config.language or DEFAULT
    if language not in module.PREFIX:
        return
    switch = []
    alternates = []
    for other in module.LANGUAGES:
        href = module.twin_href(pagename, language, other)
        alternates.append(f'<link rel="alternate" hreflang="{other}" href="{html.escape(href)}" />')
        if other != language:
            switch.append({"code": other, "name": NAMES[other], "href": href, "title": SWITCH_TITLES[other]})
    context["book_editions"] = switch
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(alternates)


def patch_script_strings(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx's search script reads its strings from _static/translations.js,
    copied from Sphinx's own catalogue; the book's catalogue overrides them."""
    language = app.config.language or DEFAULT
    if exception is not None or app.builder.format != "html" or language == DEFAULT:
        return
    entries = read_catalogue(app.srcdir, language)
    target = Path(app.outdir) / "_static" / "translations.js"
    prefix = "Documentation.addTranslations("
    if not target.is_file():  # Sphinx links translations.js only when it has one
        return
    text = target.read_text(encoding="utf-8").strip()
    data = json.loads(text[len(prefix) : text.rindex(")")])
    data["messages"].update({msgid: entries[msgid] for msgid in SCRIPT_STRINGS if msgid in entries})
    target.write_text(prefix + json.dumps(data, ensure_ascii=False, indent=4) + ");\n", encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_js_file("book-editions.js", loading_method="defer")
    app.connect("config-inited", translate_config)
    app.connect("builder-inited", check_catalogues)
    app.connect("builder-inited", prefer_our_catalogue)
    app.connect("doctree-read", translate_captions)
    app.connect("html-page-context", add_switch)
    app.connect("build-finished", patch_script_strings)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
