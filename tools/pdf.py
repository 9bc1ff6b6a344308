"""The whole book as one print-styled PDF: a title page with the citation (from
CITATION.cff), a table of contents with page numbers, every chapter in reading
order, page numbers in the footer; no code, navigation or toggles.

    python tools/pdf.py    # after tools/build.py: _build/.stage -> _build/html/pro-nvo-vid.pdf

How: the chapters' rendered HTML (the staged build, _build/.stage/_build/html,
which passed the strict build) is assembled into one document (each page's
article, ids prefixed per chapter so links between chapters stay inside the
PDF), then printed by Debian's Chromium through Playwright (no browser
download, no LaTeX, no network). The table of contents gets its page numbers
from a first print: Chromium writes a named destination for every linked
heading, and the page each one lands on is read back from the PDF.

Tools: Chromium (apt package ``chromium``), and for the tests poppler-utils
(pdftotext, pdffonts). ``pdf_tools_ready()`` installs them as root (or with
passwordless sudo) through tools/ensure-chromium.sh; where it cannot, the PDF
is skipped with one line giving the command, except under CI=true, where that
is a failure.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from pronvovid import paths  # noqa: E402
from pronvovid.formatting import Formatter  # noqa: E402

PDF_NAME = "pro-nvo-vid.pdf"
INSTALL_COMMAND = "sudo apt-get install chromium fonts-dejavu-core poppler-utils"
# Chromium must not try to reach the internet on its own (the browser tests use these too).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What a printed book does not show: code, navigation, buttons, toggles' labels.
REMOVED = (
    "div.cell_input",
    "details.hide > summary",
    "a.headerlink",
    "button",
    ".copybtn",
    ".bd-header-article",
    ".prev-next-area",
    ".prev-next-footer",
    "script",
    "noscript",
)
PRINT_CSS = """
@page { size: A4; margin: 18mm 17mm 20mm 17mm; }
html { font-size: 10.5pt; }
body { margin: 0; background: white; }
.pdf-chapter { break-before: page; }
.pdf-book { max-width: none; margin: 0; padding: 0; }
.pdf-chapter > article { max-width: none; padding: 0; margin: 0; }
h1, h2, h3, h4 { break-after: avoid; }
figure, .book-chart, .book-quote, .book-sharebar, .scorecard-tile, .admonition, tr, img {
  break-inside: avoid; }
.sharebar-caption, .scorecard-heading, .scorecard-caption { break-after: avoid; }
.scorecard-value { font-size: 1.05rem; }
caption, thead { break-after: avoid; }
img { max-width: 100%; height: auto; }
.book-table-box { overflow: visible !important; }
.pdf-details-label { font-weight: 600; margin: 0.6em 0 0.2em; break-after: avoid; }
.pdf-title-page { break-after: page; display: flex; flex-direction: column; min-height: 240mm; }
.pdf-title-page h1 { font-size: 2.1rem; line-height: 1.2; margin: 30mm 0 8mm; }
.pdf-title-page .pdf-abstract { font-size: 1.05rem; color: #333; }
.pdf-title-page dl { display: grid; grid-template-columns: max-content auto; gap: 0.3em 1.2em;
  margin: 10mm 0; }
.pdf-title-page dt { font-weight: 600; }
.pdf-title-page dd { margin: 0; }
.pdf-title-page .pdf-cite { margin-top: auto; border-top: 1px solid #999; padding-top: 4mm;
  font-size: 0.95rem; }
.pdf-toc { font-size: 0.92rem; line-height: 1.35; }
.pdf-toc h1 { margin: 0 0 4mm; }
.pdf-toc ol { list-style: none; padding-left: 0; margin: 0; }
.pdf-toc ol ol { padding-left: 1.6em; margin-bottom: 0.2em; }
.pdf-toc li > a { display: flex; color: inherit; text-decoration: none; }
.pdf-toc li.pdf-toc-chapter > a { font-weight: 600; margin-top: 0.45em; }
.pdf-toc .pdf-toc-title { flex: 0 1 auto; }
.pdf-toc .pdf-toc-fill { flex: 1 1 auto; border-bottom: 1px dotted #888; margin: 0 0.4em 0.3em; }
.pdf-toc .pdf-toc-page { flex: 0 0 auto; font-variant-numeric: tabular-nums; }
"""
FOOTER = (
    '<div style="width:100%;font-size:8pt;font-family:DejaVu Sans,sans-serif;color:#555;'
    'text-align:center;padding:0 17mm"><span class="pageNumber"></span> / <span class="totalPages"></span>'
    "</div>"
)


class PdfFailed(Exception):
    """The PDF could not be made (or, under CI, its tools are missing)."""


def log(message: str) -> None:
    print(f"[pdf] {message}", flush=True)


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def chromium() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def missing_tools() -> list[str]:
    """The Debian packages the PDF and its tests need that are not installed."""
    missing = [] if chromium() else ["chromium"]
    if not (shutil.which("pdftotext") and shutil.which("pdffonts")):
        missing.append("poppler-utils")
    return missing


def pdf_tools_ready(install: bool = True) -> str | None:
    """None when Chromium (to print) and poppler-utils (to check) are present,
    after installing them with tools/ensure-chromium.sh where that is possible
    (root, or passwordless sudo, and apt-get). Otherwise one line saying what is
    missing and the command that adds it."""
    if missing_tools() and install:
        subprocess.run(["sh", str(ROOT / "tools" / "ensure-chromium.sh")], stdout=sys.stderr, check=False)
    missing = missing_tools()
    if not missing:
        return None
    return f"{' and '.join(missing)} not installed; add with: {INSTALL_COMMAND}"


# ----------------------------------------------------------------------------
# The document


def citation(stage: Path) -> dict:
    return yaml.safe_load((stage / "CITATION.cff").read_text(encoding="utf-8"))


def edition_language(stage: Path) -> str:
    """The language the staged edition was built in (its _config.yml)."""
    config = yaml.safe_load((stage / "_config.yml").read_text(encoding="utf-8"))
    return config["sphinx"]["config"]["language"]


def reference(cff: dict, fmt: Formatter) -> str:
    """The suggested citation, worded as the landing page's "How to cite" (the
    record's own title: the book is cited as one record in both editions)."""
    authors = "; ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])
    year, version = str(cff["date-released"])[:4], str(cff["version"])
    return fmt.text(
        "pdf.reference",
        authors=authors,
        year=year,
        title=cff["title"],
        version=version,
        licence=cff["license"],
    )


def title_page(cff: dict, fmt: Formatter) -> str:
    e = html.escape
    authors = ", ".join(
        a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}" for a in cff["authors"]
    )
    rows = [
        (fmt.text("pdf.authors"), authors),
        (fmt.text("pdf.version"), str(cff["version"])),
        (fmt.text("pdf.date"), str(cff["date-released"])),
        (fmt.text("pdf.licence"), fmt.text("pdf.licence_value", licence=cff["license"])),
    ]
    dl = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in rows)
    return (
        '<section class="pdf-front pdf-title-page">'
        f"<h1>{e(fmt.text('book.title'))}</h1>"
        f'<p class="pdf-abstract">{e(fmt.text("book.abstract"))}</p>'
        f"<dl>{dl}</dl>"
        f'<div class="pdf-cite"><p><strong>{e(fmt.text("pdf.cite_as"))}</strong> '
        f"{e(reference(cff, fmt))}</p></div>"
        "</section>"
    )


def file_url(base: Path, url: str) -> str:
    """A page's relative asset URL as an absolute file URL."""
    if not url or url.startswith(("data:", "http:", "https:", "file:", "#")):
        return url
    path = url.partition("?")[0]
    return (base / path).resolve().as_uri()


def chapter_pages(stage: Path) -> list[tuple[str, Path]]:
    """(page name, its HTML) for each page of _toc.yml, in reading order."""
    html_dir = stage / "_build" / "html"
    pages = []
    for source in paths.toc_files(stage):
        name = source.relative_to(stage).with_suffix(".html").as_posix()
        if not (html_dir / name).is_file():
            raise PdfFailed(f"{html_dir / name} is missing: build the book first (tools/build.py)")
        pages.append((name, html_dir / name))
    return pages


def assemble(stage: Path, page_numbers: dict[str, int] | None = None) -> str:
    """One HTML document of the whole book, for printing."""
    pages = chapter_pages(stage)
    prefixes = {name: f"p{i}" for i, (name, _) in enumerate(pages)}
    html_dir = stage / "_build" / "html"
    head_links: list[str] = []
    chapters: list[str] = []
    toc: list[tuple[str, str, list[tuple[str, str]]]] = []
    for name, path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        base = path.parent
        if not head_links:
            head_links = [
                file_url(base, link["href"]) for link in soup.head.find_all("link", rel="stylesheet")
            ]
        article = soup.select_one("article.bd-article")
        if article is None:
            raise PdfFailed(f"{path}: no article.bd-article in the page")
        for selector in REMOVED:
            for element in article.select(selector):
                element.decompose()
        # Code cells shown on request: the toggle without its code is nothing.
        for details in article.select("details.hide"):
            if details.get_text(strip=True):
                details.unwrap()
            else:
                details.decompose()
        # The book's own toggles (originals, data behind a chart): shown open, labelled.
        for details in article.find_all("details"):
            summary = details.find("summary", recursive=False)
            if summary is not None:
                summary.name = "p"
                summary.attrs = {"class": ["pdf-details-label"]}
            details.name = "div"
            details.attrs = {"class": ["pdf-details", *details.get("class", [])]}
        prefix = prefixes[name]
        for element in article.find_all(id=True):
            element["id"] = f"{prefix}-{element['id']}"
        for element in article.find_all(["img", "source"], src=True):
            element["src"] = file_url(base, element["src"])
        for link in article.find_all("a", href=True):
            href = link["href"]
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            target, _, fragment = href.partition("#")
            target_name = (
                name if not target else (base / target).resolve().relative_to(html_dir.resolve()).as_posix()
            )
            if target_name in prefixes:
                to = prefixes[target_name]
                link["href"] = f"#{to}-{fragment}" if fragment else f"#{to}"
            else:  # a download or a file of the site: nothing to follow on paper
                link.unwrap()
        h1 = article.find("h1")
        title = h1.get_text(" ", strip=True) if h1 else name
        sections = [
            (h2.parent["id"], h2.get_text(" ", strip=True))
            for h2 in article.find_all("h2")
            if h2.parent.name == "section" and h2.parent.get("id")
        ]
        toc.append((prefix, title, sections))
        chapters.append(f'<div class="pdf-chapter" id="{prefix}">{article}</div>')

    numbers = page_numbers or {}

    def entry(anchor: str, title: str) -> str:
        page = numbers.get(anchor, "")
        return (
            f'<a href="#{anchor}"><span class="pdf-toc-title">{html.escape(title)}</span>'
            f'<span class="pdf-toc-fill"></span><span class="pdf-toc-page">{page}</span></a>'
        )

    items = "".join(
        f'<li class="pdf-toc-chapter">{entry(prefix, title)}'
        + (f"<ol>{''.join(f'<li>{entry(a, t)}</li>' for a, t in sections)}</ol>" if sections else "")
        + "</li>"
        for prefix, title, sections in toc
    )
    cff = citation(stage)
    language = edition_language(stage)
    fmt = Formatter(language)
    stylesheets = "".join(f'<link rel="stylesheet" href="{html.escape(u)}">' for u in head_links)
    return (
        f'<!DOCTYPE html><html lang="{language}" data-theme="light"><head><meta charset="utf-8">'
        f"<title>{html.escape(fmt.text('book.title'))}</title>{stylesheets}<style>{PRINT_CSS}</style></head>"
        f'<body><div class="pdf-book">'
        f"{title_page(cff, fmt)}"
        f'<nav class="pdf-front pdf-toc"><h1>{html.escape(fmt.text("pdf.contents"))}</h1>'
        f"<ol>{items}</ol></nav>"
        f"{''.join(chapters)}</div></body></html>"
    )


# ----------------------------------------------------------------------------
# Where each anchor landed: Chromium writes a named destination (/Dests) for
# every element a link points to, as [page /XYZ x y z].


def _objects(pdf: bytes) -> dict[int, bytes]:
    """Each object's body, including those inside object streams."""
    objects = {int(m[1]): m[2] for m in re.finditer(rb"(?s)\b(\d+) 0 obj\b(.*?)\bendobj", pdf)}
    for body in list(objects.values()):
        if b"/ObjStm" not in body:
            continue
        first = int(re.search(rb"/First (\d+)", body)[1])
        data = re.search(rb"(?s)stream\r?\n(.*)endstream", body)[1]
        with_filter = b"/FlateDecode" in body
        data = zlib.decompressobj().decompress(data) if with_filter else data
        numbers = [int(x) for x in data[:first].split()]
        pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
        for i, (number, offset) in enumerate(pairs):
            end = pairs[i + 1][1] if i + 1 < len(pairs) else len(data) - first
            objects[number] = data[first + offset : first + end]
    return objects


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Named destination -> page number (1-based)."""
    objects = _objects(pdf)
    catalog = next(body for body in objects.values() if re.search(rb"/Type\s*/Catalog\b", body))

    def kids(number: int) -> list[int]:
        body = objects[number]
        if re.search(rb"/Type\s*/Pages\b", body):
            listed = re.search(rb"(?s)/Kids\s*\[(.*?)\]", body)[1]
            return [page for kid in re.findall(rb"(\d+) 0 R", listed) for page in kids(int(kid))]
        return [number]

    root = int(re.search(rb"/Pages (\d+) 0 R", catalog)[1])
    order = {page: i + 1 for i, page in enumerate(kids(root))}
    dests = re.search(rb"/Dests (\d+) 0 R", catalog)
    if not dests:
        return {}
    found = {}
    for name, page in re.findall(rb"/([^\s/\[\]<>()]+)\s*\[\s*(\d+) 0 R", objects[int(dests[1])]):
        found[re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), name).decode()] = order.get(
            int(page)
        )
    return {k: v for k, v in found.items() if v}


# ----------------------------------------------------------------------------
# Printing


def print_pdf(document: str, out: Path, browser) -> bytes:
    with tempfile.TemporaryDirectory(prefix="pnv-pdf-") as folder:
        source = Path(folder) / "book.html"
        source.write_text(document, encoding="utf-8")
        page = browser.new_page()
        try:
            # Nothing but the local files: no request leaves the machine.
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
            )
            page.goto(source.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            return page.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER,
                margin={"top": "18mm", "bottom": "20mm", "left": "17mm", "right": "17mm"},
                prefer_css_page_size=True,
                outline=True,
                tagged=True,
            )
        finally:
            page.close()


def build_pdf(stage: Path, out: Path) -> Path:
    """Print the staged book (``stage``/_build/html, after rendering) to ``out``."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    if not executable:
        raise PdfFailed(f"Chromium is not installed; add it with: {INSTALL_COMMAND}")
    stage = Path(stage).resolve()
    # The contents' page numbers of the last print of this stage: after a small
    # edit they are usually still right, and then one print is enough (checked:
    # the print's own destinations must be the numbers it shows).
    remembered_file = stage / "_build" / "pdf-pages.json"
    try:
        remembered = json.loads(remembered_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        remembered = None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            first = print_pdf(assemble(stage, remembered), out, browser)
            numbers = destination_pages(first)
            if numbers and numbers != remembered:
                # The numbers take the space the first print left for them: the pages stay put.
                final = print_pdf(assemble(stage, numbers), out, browser)
                if destination_pages(final) != numbers:
                    raise PdfFailed("the contents' page numbers did not settle in a second print")
            else:
                final = first
        finally:
            browser.close()
    remembered_file.write_text(json.dumps(numbers), encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(final)
    tmp.replace(out)
    return out


def make_pdf(stage: Path, out: Path) -> Path | None:
    """What the build calls after rendering: the PDF at ``out`` (inside the staged
    HTML, so it is published with it), or None with one line saying why it was
    skipped. Under CI=true a missing tool raises PdfFailed, as does a failed print."""
    out.unlink(missing_ok=True)  # never publish the PDF of an earlier build
    problem = pdf_tools_ready()
    if problem and under_ci():
        raise PdfFailed(f"CI=true and {problem}")
    if not chromium():
        print(f"!!!!! [pdf] PDF SKIPPED: {problem} !!!!!", file=sys.stderr, flush=True)
        return None
    started = time.perf_counter()
    try:
        build_pdf(stage, out)
    except PdfFailed:
        raise
    except Exception as error:  # Playwright's errors: Chromium did not start, crashed, timed out
        raise PdfFailed(f"printing failed: {type(error).__name__}: {error}") from None
    log(f"printed {out.name} in {time.perf_counter() - started:.1f} s")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", type=Path, default=ROOT / "_build" / ".stage", help="the staged book")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "html" / PDF_NAME, help="the PDF")
    args = parser.parse_args(argv)
    try:
        make_pdf(args.stage, args.out)
    except PdfFailed as failure:
        log(f"FAILED: {failure}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
