"""The two editions are one book: the same pages, each linked to its twin, each
page in its own language (<html lang>, and lang on text in the other
language), the same figures in both, and no running text left in the other
language."""

from __future__ import annotations

import functools
import posixpath
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from pronvovid import editions, messages, paths
from tests.conftest import BUILD_TOOL as build
from tests.conftest import DATA, ROOT

LANGUAGES = paths.LANGUAGES
PAGES = [p.relative_to(ROOT).with_suffix(".html").as_posix() for p in paths.toc_files(ROOT)]
ALL_PAGES = [*PAGES, "search.html", "genindex.html"]


def edition_page(built_book: Path, language: str, page: str) -> BeautifulSoup:
    return BeautifulSoup(
        (built_book / editions.PREFIX[language] / page).read_text(encoding="utf-8"), "html.parser"
    )


# ----------------------------------------------------------------------------
# Every page in both editions, in its language, linked to its twin


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_in_its_language_and_links_to_its_twin(built_book, language):
    for page in ALL_PAGES:
        soup = edition_page(built_book, language, page)
        assert soup.html.get("lang") == language, f"{language}/{page}: <html lang={soup.html.get('lang')!r}>"
        switches = [a for a in soup.select("a[hreflang]") if a["hreflang"] != language]
        assert switches, f"{language}/{page}: no link to the other edition"
        for other in (lang for lang in LANGUAGES if lang != language):
            links = [a for a in switches if a["hreflang"] == other]
            assert links, f"{language}/{page}: no link to the {other} edition"
            here = posixpath.dirname(editions.PREFIX[language] + page)
            target = posixpath.normpath(posixpath.join(here, links[0]["href"].split("#")[0]))
            assert target == editions.PREFIX[other] + page, f"{language}/{page} links to {target}"
            assert (built_book / target).is_file(), target


# ----------------------------------------------------------------------------
# The same figures in both editions


NUMBER = {
    "en": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
    "sl": re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"),
}


def numbers(text: str, language: str) -> Counter:
    """The numbers in ``text`` written in ``language``'s way, as Decimals."""
    found = NUMBER[language].findall(text)
    if language == "en":
        return Counter(Decimal(n.replace(",", "")) for n in found)
    return Counter(Decimal(n.replace(".", "").replace(",", ".")) for n in found)


def glued(outputs: list) -> dict[str, str]:
    """Glue key -> the text of what was glued (HTML stripped)."""
    found = {}
    for output in outputs:
        name = output.get("metadata", {}).get("scrapbook", {}).get("name")
        if name is None:
            continue
        bundle = output.get("data", {})
        text = next((bundle[k] for k in bundle if k.endswith(("text/markdown", "text/html"))), None)
        text = text if text is not None else next(iter(bundle.values()), "")
        # The tier marker's tip quotes the report (Slovenian, in both editions) and its
        # translation; the figure is what the reader reads.
        soup = BeautifulSoup(text, "html.parser")
        for tip in soup.select(".tier-tip"):
            tip.decompose()
        found[name] = soup.get_text(" ")
    return found


def test_both_editions_glue_the_same_keys_with_the_same_figures():
    compared = 0
    for path in paths.toc_files(ROOT):
        english, slovenian = {}, {}
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                english |= glued(cell.outputs)
                slovenian |= glued(cell.metadata.get(build.OTHER_OUTPUTS, {}).get("sl", []))
        assert sorted(english) == sorted(slovenian), f"{path.name}: the editions glue different keys"
        differ = {
            key: (english[key], slovenian[key])
            for key in english
            if not editions.LANGUAGE_BOUND.search(key)
            and numbers(english[key], "en") != numbers(slovenian[key], "sl")
        }
        assert not differ, f"{path.name}: figures differ between the editions: {differ}"
        compared += sum(1 for key in english if numbers(english[key], "en"))
    assert compared >= 50, f"only {compared} glued figures compared; the test would prove little"


# ----------------------------------------------------------------------------
# No running text in the other language


WORD = re.compile(r"[^\W\d_]{2,}")


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def csv_columns(suffix: str) -> str:
    import csv

    texts = []
    for path in DATA.glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                texts += [v for k, v in row.items() if k.endswith(suffix) and v]
    return " ".join(texts)


def vocabularies() -> dict[str, set[str]]:
    """Words only one language's trusted sources use. Slovenian: the archived
    report, the data's Slovenian columns and the catalogue's translations;
    English: the phrase table's English, the data's English columns and the
    English prose. A word found in both is no evidence either way."""
    from babel.messages.pofile import read_po

    with (ROOT / "locales" / "sl" / "LC_MESSAGES" / "pronvovid.po").open("rb") as handle:
        catalogue = read_po(handle)
    sl_text = " ".join(
        [
            (DATA / "report" / "results-page.txt").read_text(encoding="utf-8"),
            csv_columns("_sl"),
            " ".join(
                " ".join(m.string) if isinstance(m.string, tuple) else m.string for m in catalogue if m.id
            ),
        ]
    )
    en_text = " ".join(
        [
            csv_columns("_en"),
            " ".join(" ".join(m.id) if isinstance(m.id, tuple) else m.id for m in catalogue if m.id),
            " ".join(
                cell.source
                for path in paths.toc_files(ROOT)
                for cell in nbformat.read(path, as_version=4).cells
                if editions.cell_language(cell) == "en"
            ),
        ]
    )
    # Month names: Babel's, in every form the dates use.
    from babel import Locale

    for language in LANGUAGES:
        months = Locale.parse(language).months
        names = " ".join(
            n for context in months.values() for width in context.values() for n in width.values()
        )
        if language == "sl":
            sl_text += " " + names
        else:
            en_text += " " + names
    sl, en = set(words(sl_text)), set(words(en_text))
    return {"en": en - sl - NAMES, "sl": sl - en - NAMES}


# Names that both editions write as they are: file formats, a licence and the
# software a reader may use (not running text in either language).
NAMES = {"pdf", "zip", "csv", "json", "cc", "by", "creative", "commons", "frictionless", "pandas"}


def running_text(soup: BeautifulSoup, language: str) -> str:
    """The page's readable text, without what is marked as another language and
    without code."""
    main = soup.select_one("main") or soup.body
    for element in main.select("script, style, pre, code, .tier-tip"):
        element.decompose()
    for element in main.find_all(lang=True):
        if element["lang"].split("-")[0] != language:
            element.decompose()
    return main.get_text(" ")


def foreign_share(soup: BeautifulSoup, language: str, foreign_words: set[str]) -> tuple[float, Counter, int]:
    tokens = words(running_text(soup, language))
    foreign = Counter(t for t in tokens if t in foreign_words)
    return sum(foreign.values()) / max(len(tokens), 1), foreign, len(tokens)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_running_text_is_left_in_the_other_language(built_book, language):
    other = next(lang for lang in LANGUAGES if lang != language)
    foreign_words = vocabularies()[other]
    report = []
    for page in PAGES:
        share, foreign, count = foreign_share(
            edition_page(built_book, language, page), language, foreign_words
        )
        assert count > 50, f"{language}/{page}: almost no text; the test would prove nothing"
        report.append(f"{language}/{page}: {share:.2%} {other} of {count} words {foreign.most_common(6)}")
        assert share <= 0.01, (
            f"{language}/{page}: {share:.1%} of the words are {other}: {foreign.most_common(20)}"
        )
    print("\n".join(report))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_check_catches_one_untranslated_paragraph(built_book, language):
    """The check can fail: one paragraph of the other edition left in a page."""
    other = next(lang for lang in LANGUAGES if lang != language)
    soup = edition_page(built_book, language, "chapters/04-finances.html")
    paragraphs = edition_page(built_book, other, "chapters/04-finances.html").select("main p")
    stray = max(paragraphs, key=lambda p: len(p.get_text()))
    soup.select_one("main").append(stray)
    share, foreign, _ = foreign_share(soup, language, vocabularies()[other])
    assert share > 0.01, f"a paragraph in {other} went unnoticed: {share:.2%} {foreign.most_common(5)}"


def test_the_catalogue_has_no_missing_entry():
    assert messages.catalogue_problems("sl") == []


@functools.cache
def anchors(page: Path) -> frozenset[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return frozenset(e["id"] for e in soup.select("[id]"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_link_within_the_book_lands_on_an_existing_place(built_book, language):
    """Links between pages (the footer's "how to cite", cross-references, the
    switch) reach an existing page and, where they name one, an existing anchor."""
    checked = 0
    for page in ALL_PAGES:
        soup = edition_page(built_book, language, page)
        here = posixpath.dirname(editions.PREFIX[language] + page)
        for link in soup.select("a[href]"):
            href = link["href"]
            if href.startswith(("http:", "https:", "mailto:", "javascript:")) or href == "#":
                continue
            target, _, fragment = href.partition("#")
            path = (
                posixpath.normpath(posixpath.join(here, target))
                if target
                else editions.PREFIX[language] + page
            )
            assert (built_book / path).exists(), f"{language}/{page}: {href} leads nowhere"
            if fragment and path.endswith(".html"):
                assert fragment in anchors(built_book / path), f"{language}/{page}: {href}: no #{fragment}"
            checked += 1
    assert checked > 100, f"only {checked} links checked"
