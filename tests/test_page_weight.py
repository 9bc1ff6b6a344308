"""Pages that load fast on a phone (issue 10, item 7): every page's first view, with a
cold cache and compressed as a static host serves it, is at most 400 KiB.

Only bytes are asserted (deterministic); `make bench` times the load under "Slow 4G".
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import ROOT
from tests.pageweight import BUDGET, book_pages, measure

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def first_views(built_book, chromium_path):
    # In a thread of its own: this worker may already drive Chromium through
    # Playwright's sync API (the browser tests), and one thread cannot run two.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(measure, built_book, book_pages(ROOT), chromium=chromium_path).result()


def test_every_page_is_measured(first_views):
    assert [v.page for v in first_views] == book_pages(ROOT)
    assert "search.html" in book_pages(ROOT) and len(first_views) >= 8
    for view in first_views:
        assert f"/{view.page}" in view.resources, f"{view.page}: its HTML was not fetched"


def test_first_view_within_budget(first_views):
    def largest(view) -> str:
        ranked = sorted(view.resources.items(), key=lambda item: -item[1])[:4]
        return ", ".join(f"{path} {size / 1024:.0f} KiB" for path, size in ranked)

    heavy = {v.page: f"{v.total / 1024:.0f} KiB ({largest(v)})" for v in first_views if v.total > BUDGET}
    assert not heavy, f"first view over {BUDGET // 1024} KiB: {heavy}"


def test_no_font_awesome_script_or_webfont(first_views):
    """The icons are the book's CSS (_ext/book_icons.py): neither the theme's 1.4 MiB
    script nor its 153 KiB webfont may come back, even on a light page."""
    for view in first_views:
        loaded = [p for p in view.resources if "fontawesome" in p]
        assert not loaded, f"{view.page} loads {loaded}"


def test_nothing_from_another_host(first_views):
    assert not [(v.page, v.foreign) for v in first_views if v.foreign]
