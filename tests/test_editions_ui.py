"""The editions' interface without a browser: the twin page's address, the
Slovenian catalogue of interface strings (locales/sl/LC_MESSAGES/sphinx.po), the
check that fails the build when a string has no translation, and the footer.
(The browser tests of the switch, over both built editions, are in
test_reader_layout.py and test_editions.py.)"""

from __future__ import annotations

import datetime
import posixpath
import re
import shutil
import sys

import pytest
from babel.messages.pofile import read_po

from pronvovid import editions, paths
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import book_editions
import book_publishing

CATALOGUE = ROOT / "locales" / "sl" / "LC_MESSAGES" / "sphinx.po"


# ----------------------------------------------------------------------------
# The twin page


@pytest.mark.parametrize(
    ("pagename", "language", "other", "expected"),
    [
        ("index", "en", "sl", "sl/index.html"),
        ("search", "sl", "en", "../search.html"),
        ("chapters/04-finances", "en", "sl", "../sl/chapters/04-finances.html"),
        ("chapters/04-finances", "sl", "en", "../../chapters/04-finances.html"),
        ("a/b/c", "sl", "en", "../../../a/b/c.html"),
        ("chapters/04-finances", "en", "en", "../chapters/04-finances.html"),
    ],
)
def test_the_twin_address_at_every_depth(pagename, language, other, expected):
    assert editions.twin_href(pagename, language, other) == expected
    # Resolved from where the page is published, it is the twin's published path.
    here = posixpath.dirname(editions.PREFIX[language] + pagename)
    assert posixpath.normpath(posixpath.join(here, expected)) == editions.PREFIX[other] + pagename + ".html"


def test_every_edition_has_a_name_and_a_tooltip_in_its_own_language():
    for language in paths.LANGUAGES:
        assert book_editions.NAMES[language] and book_editions.SWITCH_TITLES[language]
    assert book_editions.NAMES["sl"] == "Slovenščina"


# ----------------------------------------------------------------------------
# The catalogue


def test_the_catalogue_is_valid_and_has_no_fuzzy_or_empty_entry():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="sl")
    entries = [m for m in catalogue if m.id]
    assert entries
    assert not [m.id for m in entries if m.fuzzy], "fuzzy entries count as missing"
    assert not [m.id for m in entries if not m.string], "entries without a translation"
    assert catalogue.plural_forms.startswith("nplurals=4;")


def test_every_string_the_book_uses_has_a_slovenian_translation():
    missing = book_editions.missing_translations(ROOT, "sl")
    assert not missing, f"no Slovenian in {CATALOGUE.relative_to(ROOT)} for: {missing}"


def test_the_required_strings_cover_templates_extensions_captions_and_theme():
    required = book_editions.required_strings(ROOT)
    # Our templates' _() strings, found by Babel's Jinja extractor.
    assert required["Book title"] == "_templates/navbar-logo.html"
    assert "Toggle primary sidebar" in required and "Main" in required
    # The extensions' strings (footer, download menu), the parts' captions, the theme's.
    assert book_publishing.HOW_TO_CITE in required and "Data (.zip)" in required
    assert {"Chapters", "Appendix"} <= required.keys()
    assert {"Skip to main content", "Contents", "Search Results"} <= required.keys()


def test_a_missing_translation_is_found(tmp_path):
    """The check can fail: a template string with no entry, and a fuzzy one."""
    for name in ("_templates", "_toc.yml", "_config.yml", "locales"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / "_templates" / "extra.html").write_text("<p>{{ _('A string nobody translated') }}</p>\n")
    po = tmp_path / "locales" / "sl" / "LC_MESSAGES" / "sphinx.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Back to top"', '#, fuzzy\nmsgid "Back to top"'), encoding="utf-8")
    missing = book_editions.missing_translations(tmp_path, "sl")
    assert missing.get("A string nobody translated") == "_templates/extra.html"
    assert "Back to top" in missing
    assert book_editions.missing_translations(tmp_path, "en") == {}  # English: msgids are the text


def test_the_catalogue_keeps_placeholders_and_uses_the_agreed_terms():
    entries = book_editions.read_catalogue(ROOT, "sl")
    for msgid, msgstr in entries.items():
        placeholders = sorted(re.findall(r"%\([a-z_]+\)s|\$\{\w+\}", msgid))
        assert sorted(re.findall(r"%\([a-z_]+\)s|\$\{\w+\}", msgstr)) == placeholders, msgid
    # slovenian.md: the book is a publikacija, download is prenos / Prenesite, no machine words.
    assert entries["Contents"] == "Vsebina"
    assert entries["Download the book's source or data"].startswith("Prenesite")
    assert "publikacij" in entries["The whole book (.pdf)"]
    joined = " ".join(entries.values()).lower()
    for wrong in ("kosilo", "knjiga", "dotacij", "dodatek"):
        assert wrong not in joined, wrong


# ----------------------------------------------------------------------------
# The colophon


def test_the_release_date_in_each_language():
    day = datetime.date(2026, 11, 26)
    assert book_publishing.release_date(day, "en") == "2026-11-26"
    assert book_publishing.release_date(day, "sl") == "26.\u00a0november 2026"


class _App:
    def __init__(self, srcdir):
        self.srcdir = srcdir


class _Config:
    def __init__(self, language):
        self.language = language
        self.html_theme_options = {}
        self.author = self.copyright = self.version = self.release = None


@pytest.mark.parametrize("language", paths.LANGUAGES)
def test_the_footer_speaks_the_editions_language(language):
    config = _Config(language)
    book_publishing.set_footer(_App(ROOT), config)
    footer = config.html_theme_options["extra_footer"]
    cff = book_publishing.citation(ROOT)
    assert str(cff["version"]) in footer and "CC BY 4.0" in footer and "#how-to-cite" in footer
    if language == "en":
        assert footer.startswith(f'<p class="book-footer">Version {cff["version"]} ({cff["date-released"]}).')
        assert "book-own-text" not in footer
    else:
        assert "Različica" in footer and "Kako citirati" in footer and "z oznako P" in footer
        # The Slovenian text is the authors' own; the report's quotes are the original.
        assert "delo avtorjev publikacije" in footer and "v izvirniku" in footer
        assert "Version" not in footer and "How to cite" not in footer
