"""What the site publishes beside its pages: the data package at a stable flat
path that validates over HTTP, the same data as a zip, and the book's source as
a kit that reruns a chapter anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.browsing import serve
from tests.conftest import DATA, ROOT, run_nbval

pytestmark = pytest.mark.build


def test_the_published_package_validates_over_http(built_book: Path):
    with serve(built_book) as site:
        completed = subprocess.run(
            [sys.executable, "-m", "frictionless", "validate", "--json", f"{site}/data/datapackage.json"],
            capture_output=True,
            text=True,
            timeout=300,
        )
    report = json.loads(completed.stdout)
    assert completed.returncode == 0 and report["valid"], completed.stdout[-2000:]
    described = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert len(report["tasks"]) == len(described)
    assert {task["place"] for task in report["tasks"]} == {r["path"] for r in described}


def test_the_data_zip_holds_the_same_bytes_as_data(built_book: Path):
    with zipfile.ZipFile(built_book / "downloads" / "pro-nvo-vid-data.zip") as archive:
        zipped = {name.removeprefix("pro-nvo-vid-data/"): archive.read(name) for name in archive.namelist()}
    on_disk = {p.relative_to(DATA).as_posix(): p.read_bytes() for p in DATA.rglob("*") if p.is_file()}
    assert zipped == on_disk


def test_the_source_kit_reruns_a_chapter_elsewhere(built_book: Path, tmp_path: Path):
    with zipfile.ZipFile(built_book / "downloads" / "pro-nvo-vid-book.zip") as archive:
        archive.extractall(tmp_path)
    kit = tmp_path / "pro-nvo-vid-book"
    for needed in ("Makefile", "README.md", "requirements.txt", "pyproject.toml", "src/pronvovid", "data"):
        assert (kit / needed).exists(), f"the kit lacks {needed}"
    assert (kit / "data" / "datapackage.json").read_bytes() == (DATA / "datapackage.json").read_bytes()
    chapter = "chapters/04-finances.ipynb"
    env = dict(os.environ, PYTHONPATH=str(kit / "src"), PRONVOVID_DATA_DIR=str(kit / "data"))
    completed = run_nbval(kit, chapter, env=env)
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert " passed" in completed.stdout and " failed" not in completed.stdout
    assert str(ROOT) not in completed.stdout  # it ran on the kit, not on this tree


def test_every_page_offers_the_source_kit_and_the_data(built_book: Path):
    from bs4 import BeautifulSoup

    pages = [p for p in (built_book / "chapters").glob("*.html")]
    assert pages
    for page in pages:
        links = {
            a["href"]
            for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True)
        }
        for target in ("downloads/pro-nvo-vid-book.zip", "downloads/pro-nvo-vid-data.zip"):
            assert f"../{target}" in links, f"{page.name} does not offer {target}"
            assert (built_book / target).is_file()
        assert not any(href.endswith(".ipynb") for href in links), f"{page.name} offers a bare notebook"


def test_every_chart_links_the_csv_of_what_it_draws(built_book: Path):
    import csv
    import io

    from bs4 import BeautifulSoup

    charts = 0
    for page in sorted((built_book / "chapters").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        figures = soup.select("figure.book-chart")
        links = [a["href"] for a in soup.select("details.book-chart-data a[href]") if "/charts/" in a["href"]]
        assert len(links) == len(figures), f"{page.name}: {len(figures)} charts, {len(links)} CSV links"
        for href in links:
            target = (page.parent / href).resolve()
            assert target.is_file(), f"{page.name}: {href} is not published"
            rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
            assert rows, f"{href} is empty"
        charts += len(figures)
    assert charts >= 4
