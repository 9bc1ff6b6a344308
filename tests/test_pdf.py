"""The book as one PDF per edition (tools/pdf.py): printed by the build from each
edition's staged HTML with Chromium, read back with poppler's pdftotext and pdffonts.

Missing Chromium or poppler-utils: a loud skip, or a failure under CI=true
(`make test` installs both as root, through tools/ensure-chromium.sh)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from pronvovid import editions, paths
from pronvovid.formatting import Formatter
from tests import browsing

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
STAGE = ROOT / "_build" / ".stage"  # each edition staged in <language>/


PDF_TOOL = browsing.pdf  # tools/pdf.py, the one the build uses


@pytest.fixture(scope="module")
def pdf_tools() -> None:
    """Chromium to print, pdftotext and pdffonts to read back."""
    missing = PDF_TOOL.missing_tools()
    if not missing:
        return
    message = (
        f"{' and '.join(missing)} not installed, so the PDF tests cannot run ({PDF_TOOL.INSTALL_COMMAND})."
    )
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true and {message}")
    print(f"\n!!!!! SKIPPING THE PDF TESTS: {message} !!!!!", file=sys.stderr)
    pytest.skip(message)


@pytest.fixture(scope="module", params=paths.LANGUAGES)
def edition(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def book_pdf(built_book: Path, pdf_tools, edition: str) -> Path:
    """The PDF the build published for ``edition`` (printed from that edition's pages)."""
    out = built_book / editions.PREFIX[edition] / PDF_TOOL.PDF_NAME
    assert out.is_file(), f"the build published no PDF for the {edition} edition"
    return out


def text(pdf: Path, *pages: str) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(value: str) -> str:
    """Words joined by single spaces: lines and columns do not matter."""
    return " ".join(value.split())


def page_count(pdf: Path) -> int:
    return text(pdf).count("\f")


def test_the_pdf_has_every_chapter_and_the_key_figures(book_pdf: Path, built_book: Path, edition: str):
    body = flat(text(book_pdf))
    assert page_count(book_pdf) >= 10
    for path in PDF_TOOL.chapter_pages(STAGE / edition):
        page = built_book / editions.PREFIX[edition] / path[0]
        h1 = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("h1")
        title = flat(h1.get_text(" ", strip=True).replace("#", ""))
        assert title in body, f"chapter {title!r} is not in the PDF"
    fmt = Formatter(edition)
    for amount in ("76334.02", "60000.00", "16334.02"):
        assert flat(fmt.eur(Decimal(amount))) in body, f"{fmt.eur(Decimal(amount))} is not in the PDF"


def code_lines() -> set[str]:
    """Every line of every code cell of the staged chapters (long enough to be telling)."""
    import nbformat

    lines = set()
    for notebook in sorted(STAGE.glob("*/chapters/*.ipynb")):
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type == "code":
                lines |= {flat(line) for line in cell.source.splitlines() if len(line.strip()) >= 16}
    return lines


def test_the_pdf_shows_no_code_or_navigation(book_pdf: Path):
    body = text(book_pdf)
    # The prose may name a function (`load_book_data()`); a code cell's line must not appear.
    shown = [line for line in code_lines() if line in flat(body)]
    assert not shown, f"code in the PDF: {shown[:5]}"
    for code in ("import ", "glue_figure", "glue(", "Show code cell", "Hide code cell"):
        assert code not in body, f"code in the PDF: {code!r}"
    for navigation in ("Skip to main content", "Back to top", "Toggle navigation", "Search", "Color mode"):
        assert navigation not in body, f"navigation in the PDF: {navigation!r}"


def test_the_title_page_cites_the_book_and_the_contents_have_page_numbers(book_pdf: Path, edition: str):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    fmt = Formatter(edition)
    first = flat(text(book_pdf, "-f", "1", "-l", "1"))
    for value in (cff["version"], str(cff["date-released"]), cff["license"], flat(cff["title"])):
        assert str(value) in first, f"{value!r} is not on the title page"
    assert flat(fmt.text("book.title")) in first
    assert flat(fmt.text("pdf.cite_as")) in first
    contents = text(book_pdf, "-f", "2", "-l", "3")
    assert fmt.text("pdf.contents") in contents
    # Each chapter title in the contents ends in the page where that chapter starts.
    pages = text(book_pdf).split("\f")
    entries = re.findall(r"^\s*(\d\. .+?|[A-Z][^\n]*?)\s+(\d+)\s*$", contents, re.M)
    assert len(entries) >= 7, contents
    for title, number in entries[:3]:
        assert flat(title) in flat(pages[int(number) - 1]), f"{title!r} is not on page {number}"


def test_every_font_is_embedded(book_pdf: Path):
    listing = subprocess.run(["pdffonts", str(book_pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    header = listing.splitlines()[0]
    column = header.index("emb")
    not_embedded = [row for row in rows if row[column : column + 3].strip() != "yes"]
    assert not not_embedded, f"fonts not embedded:\n{listing}"


def test_a_missing_chromium_skips_in_one_line_or_fails_under_ci(tmp_path: Path, monkeypatch, capsys):
    out = tmp_path / "book.pdf"
    out.write_bytes(b"an earlier build's PDF")
    monkeypatch.setattr(PDF_TOOL, "chromium", lambda: None)
    monkeypatch.setattr(
        PDF_TOOL, "pdf_tools_ready", lambda install=True: "chromium not installed; add with: x"
    )
    monkeypatch.delenv("CI", raising=False)
    assert PDF_TOOL.make_pdf(STAGE / "en", out) is None
    assert not out.exists(), "a stale PDF would be published"
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and "PDF SKIPPED" in lines[0] and "apt-get install" in PDF_TOOL.INSTALL_COMMAND
    monkeypatch.setenv("CI", "true")
    with pytest.raises(PDF_TOOL.PdfFailed):
        PDF_TOOL.make_pdf(STAGE / "en", out)
