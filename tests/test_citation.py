"""The book says how to cite it and under which licence, with its version:
CITATION.cff is the one record, and every page and the helper package agree."""

from __future__ import annotations

import tomllib

import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_the_citation_file_has_what_a_citation_needs():
    cff = citation()
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] and cff["authors"] and cff["version"] and cff["date-released"]
    assert cff["license"] == "CC-BY-4.0"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").count("MIT License") == 1
    assert "creativecommons.org/licenses/by/4.0" in (ROOT / "LICENSE-CC-BY-4.0.md").read_text(
        encoding="utf-8"
    )


def test_the_package_version_is_the_books():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == str(citation()["version"])


def test_every_page_names_the_version_and_the_licence(built_book):
    version = str(citation()["version"])
    pages = sorted(p for p in built_book.rglob("*.html") if "_static" not in p.parts)
    assert pages
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "Refresh"}):
            continue  # index.html only redirects to the landing page
        footer = soup.find("footer", class_="bd-footer-content")
        text = footer.get_text(" ", strip=True) if footer else ""
        # In the edition's language (the Slovenian footer: _ext/book_publishing.py, sphinx.po).
        word = {"en": "Version", "sl": "Različica"}[soup.html.get("lang")]
        assert f"{word} {version}" in text and "CC BY 4.0" in text, (
            f"{path.relative_to(built_book)}: {text!r}"
        )


def test_the_landing_page_says_how_to_cite(built_book):
    soup = BeautifulSoup(
        (built_book / "chapters" / "00-overview.html").read_text(encoding="utf-8"), "html.parser"
    )
    section = soup.find(id="how-to-cite")
    assert section is not None, "no 'How to cite' section on the landing page"
    cff = citation()
    text = section.get_text(" ", strip=True)
    assert cff["title"] in text and str(cff["version"]) in text and "@misc{" in text


def test_the_book_title_and_abstract_are_the_records_in_every_edition():
    """The phrase table's English title and abstract (which the catalogue
    translates) are CITATION.cff's, and _config.yml's title is the same."""

    from pronvovid import messages

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert messages.TEXT["book.title"] == cff["title"] == config["title"]
    assert messages.TEXT["book.abstract"] == " ".join(cff["abstract"].split())
