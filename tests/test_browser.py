"""The rendered book in a real browser: Debian's Chromium driven by Playwright.

For every page: no console error, no failed request, no request to any host
but 127.0.0.1, every image loaded, an axe-core audit with no serious or
critical violation, meaningful alt text on every chart. Also: chart text at least
10 CSS px on a 390 px phone, the key figures
appear as the book formats them, next/previous links reach every chapter, and
search finds a term from the data. A screenshot of each page goes to
_build/screenshots/ for a human to look at.

Without Chromium these tests skip with one loud line, except under CI
(CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from pronvovid import editions, load_book_data, paths
from pronvovid.formatting import Formatter, fmt
from tests.browsing import open_page, serve
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "_build" / "screenshots"


PAGES = [p.relative_to(ROOT).with_suffix(".html").as_posix() for p in paths.toc_files(ROOT)]


@pytest.fixture(scope="module")
def site(built_book: Path):
    with serve(built_book) as url:
        yield url


def key_figures(fmt: Formatter) -> dict[str, list[str]]:
    """Figures each page must show, formatted as the edition formats them."""
    data = load_book_data(ROOT / "data")
    amount = data.funding.set_index("line_id")["amount_eur"]
    value = data.indicators.set_index("indicator_id")["value"]
    return {
        "chapters/00-overview.html": [
            fmt.eur(amount["total"]),
            fmt.percent(amount["ministry-grant"] / amount["total"]),
            fmt.date_in_text(data.project.iloc[0]["start_date"]),
            fmt.count(value["training-participants"]),
        ],
        "chapters/02-outcomes.html": [
            fmt.count(value[k]) for k in ("jobs-created", "training-participants", "day-attendees")
        ],
        "chapters/04-finances.html": [fmt.eur(amount["ministry-grant"]), fmt.eur(amount["own-funds"])],
    }


KEY_FIGURES = {
    editions.PREFIX[language] + page: figures
    for language in paths.LANGUAGES
    for page, figures in key_figures(Formatter(language)).items()
}
# Every page of both editions (the Slovenian under sl/), with its language.
EDITION_PAGES = [
    editions.PREFIX[language] + page
    for language in paths.LANGUAGES
    for page in [*PAGES, "search.html", "genindex.html"]
]


CHARTED = ("01-", "02-", "03-", "04-")  # chapters that draw their quantities


@pytest.mark.parametrize("path", EDITION_PAGES)
def test_page_loads_cleanly_locally_and_accessibly(page, site, path, record_property):
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, f"{site}/{path}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / path.replace("/", "_").replace(".html", ".jpg")
    page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=80)

    # Images, and the charts' inline SVGs (role="img", named by their aria-label).
    images = page.evaluate(
        """() => [...document.images,
                  ...document.querySelectorAll('figure.book-chart svg[role="img"]')].map(i => {
            const figure = i.closest('figure.book-chart');
            const next = figure && figure.nextElementSibling;
            const svg = i.tagName.toLowerCase() === 'svg';
            return {width: svg ? i.getBoundingClientRect().width : i.naturalWidth,
                    alt: (svg ? i.getAttribute('aria-label') : i.getAttribute('alt')) || '', chart: !!figure,
                    table: !!(next && next.querySelector('table'))};
        })"""
    )
    assert all(image["width"] > 0 for image in images), f"images not loaded: {images}"
    charts = [i for i in images if i["chart"]]
    for chart in charts:
        assert len(chart["alt"]) >= 40 and not chart["alt"].lower().endswith((".png", ".svg")), chart["alt"]
        assert chart["table"], "a chart without the table of its numbers beside it"
    if path.split("/")[-1].startswith(CHARTED):
        assert charts, f"{path} draws no chart"

    # Key figures as inserted in the text: each directly followed by its tier marker.
    marked = page.eval_on_selector_all(
        "sup.tier",
        "sups => sups.map(s => [(s.previousSibling && s.previousSibling.textContent) || '',"
        " s.querySelector('.tier-mark').firstChild.textContent.trim()])",
    )
    edition_fmt = Formatter(editions.split_path(path)[0])
    letters = {edition_fmt.text(f"tier.{t}.abbr") for t in ("reported", "derived", "context")}
    assert {letter for _, letter in marked} <= letters
    # ... or as a cell of a table row that carries a tier label.
    cells = page.eval_on_selector_all("tr:has(.tier-label) td", "tds => tds.map(td => td.textContent.trim())")
    for figure in KEY_FIGURES.get(path, []):
        in_text = any(text.endswith(figure) and not text[: -len(figure)][-1:].isdigit() for text, _ in marked)
        assert in_text or figure in cells, f"{figure!r} is not on the page as a marked figure"

    # What the page itself did, up to now (after load, screenshot and the checks above).
    watch = page.watch
    failed, console_errors = list(watch.failed), list(watch.console_errors)

    # The audit itself fetches stylesheets again to read them, and resolves the
    # theme's @import against the page rather than the stylesheet (a request for
    # /basic.css that 404s): its own requests are not the book's, so failures
    # are judged before it runs. Requests to other hosts are judged over both.
    violations = Axe().run(page).response["violations"]
    record_property("axe", {"page": path, "violations": dict(Counter(v["impact"] for v in violations))})
    assert watch.foreign == [], f"requests to other hosts: {watch.foreign}"
    assert failed == [], f"failed requests: {failed}"
    assert console_errors == [], f"console errors: {console_errors}"
    assert watch.dialogs == []
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "axe found serious or critical violations:\n" + "\n".join(serious)


# Every text of a chart, at the size it is drawn on screen (its font size times
# the SVG's scale), and each chart's displayed width.
CHART_SIZES = """() => [...document.querySelectorAll('figure.book-chart svg')].map(svg => ({
    width: svg.getBoundingClientRect().width,
    text_px: [...svg.querySelectorAll('text')].map(t => {
        const m = t.getScreenCTM();
        return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    }),
}))"""


def test_chart_text_is_legible_on_a_phone_and_charts_stay_moderate_on_a_desktop(browser, site):
    """At 390x844 no chart text is under 10 CSS px; at 1280 px no chart is wider than 640 px."""
    for (width, height), check in (((390, 844), "phone"), ((1280, 900), "desktop")):
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        tab = context.new_page()
        for path in [p for p in PAGES if p.split("/")[-1].startswith(CHARTED)]:
            tab.goto(f"{site}/{path}", wait_until="load")
            sizes = tab.evaluate(CHART_SIZES)
            assert sizes, f"{path}: no chart"
            for chart in sizes:
                if check == "phone":
                    assert chart["width"] <= width and min(chart["text_px"]) >= 10, (path, chart)
                else:
                    assert chart["width"] <= 640, (path, chart["width"])
        context.close()


def test_next_and_previous_links_walk_through_every_chapter(page, site):
    """A reader follows the "next" link from the landing page to the last
    chapter, and each page's "previous" link leads back (found by their words,
    as a reader finds them, not by the theme's classes)."""
    page.goto(f"{site}/index.html", wait_until="load")  # redirects to the landing page
    page.wait_for_url(f"{site}/{PAGES[0]}")
    visited = [urlparse(page.url).path.lstrip("/")]
    previous_links = []

    def link(word: str):
        return page.get_by_role("link", name=re.compile(rf"^\s*{word}\b", re.IGNORECASE))

    while link("next").count():
        link("next").first.click()
        page.wait_for_load_state("load")
        visited.append(urlparse(page.url).path.lstrip("/"))
        previous_links.append(urljoin(page.url, link("previous").first.get_attribute("href")))
    assert visited == PAGES
    assert [urlparse(h).path.lstrip("/") for h in previous_links] == PAGES[:-1]
    assert page.watch.foreign == [] and page.watch.console_errors == []


def test_data_downloads_resolve(page, site):
    open_page(page, f"{site}/chapters/05-data-methods-checks.html")
    descriptor_files = {"datapackage.json"} | {p.name for p in (ROOT / "data").glob("*.csv")}
    links = [
        href
        for href in page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
        if href.rsplit("/", 1)[-1] in descriptor_files
    ]
    names = {href.rsplit("/", 1)[-1] for href in links}
    assert descriptor_files <= names, sorted(descriptor_files - names)
    for href in links:
        response = page.request.get(href)
        assert response.status == 200 and response.body(), href


def test_search_finds_a_place_from_the_data(page, site):
    place = load_book_data(ROOT / "data").event_locations["place_sl"].iloc[-1]
    open_page(page, f"{site}/search.html?q={place}")
    # The results appear as links in the page's main content; the chapter that names the place is one.
    page.locator("main a[href*='02-outcomes']").first.wait_for(timeout=15000)
    assert page.watch.foreign == [] and page.watch.console_errors == []


def test_a_marker_explains_itself_on_a_tap(browser, site):
    """On a phone, tapping a figure's marker shows what it means and, for a
    reported figure, the report's Slovenian clause; the keyboard does the same."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, service_workers="block"
    )
    tab = context.new_page()
    try:
        open_page(tab, f"{site}/{PAGES[0]}")
        reported = tab.locator("sup.tier-reported .tier-mark").first
        tip = reported.locator(".tier-tip")
        assert not tip.is_visible()
        reported.tap()
        assert tip.is_visible(), "tapping a marker does not show its meaning"
        assert fmt.text("tier.reported.title") in tip.inner_text()
        assert tip.locator("[lang=sl]").inner_text().strip(), "a reported figure without its Slovenian clause"
        tab.locator("article.bd-article p").first.tap()  # a tap elsewhere closes it
        assert not tip.is_visible()
        derived = tab.locator("sup.tier-derived .tier-mark").first
        derived.focus()
        assert derived.locator(".tier-tip").is_visible(), "keyboard focus does not show a marker's meaning"
    finally:
        context.close()


def test_the_landing_page_answers_within_two_phone_screens(browser, site):
    """On a 390×844 phone, the first two screens of the landing page show every
    quantity and amount the report gives, each as a tile with its figure."""
    data = load_book_data(ROOT / "data")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, service_workers="block"
    )
    tab = context.new_page()
    try:
        open_page(tab, f"{site}/{PAGES[0]}")
        tiles = tab.eval_on_selector_all(
            ".scorecard-tile",
            "ts => ts.map(t => ({bottom: t.getBoundingClientRect().bottom + window.scrollY,"
            " value: t.querySelector('.scorecard-value').textContent}))",
        )
        expected = [fmt.count(v) for v in data.indicators["value"]] + [
            fmt.eur(a) for a in data.funding["amount_eur"]
        ]
        assert sorted(t["value"] for t in tiles) == sorted(expected)
        assert max(t["bottom"] for t in tiles) <= 2 * 844, "not all on the first two screens"
    finally:
        context.close()


def test_no_table_is_headed_by_a_raw_field_name(built_book):
    """Readers see plain words over a table's columns, never a field of the data."""
    from bs4 import BeautifulSoup

    descriptor = load_book_data(ROOT / "data").descriptor
    fields = {f["name"] for r in descriptor["resources"] for f in r["schema"]["fields"]}
    raw = []
    for path in PAGES:
        soup = BeautifulSoup((built_book / path).read_text(encoding="utf-8"), "html.parser")
        for th in soup.select("main th"):
            text = th.get_text(" ", strip=True)
            if text in fields or re.fullmatch(r"[a-z]+(_[a-z]+)+", text):
                raw.append(f"{path}: {text}")
    assert raw == [], raw


def test_the_four_main_chapters_are_short_enough_to_read(browser, site):
    """At 1280 px the four main chapters together are at most 60 % of the
    30,244 px they measured before the book was rewritten for its readers."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    tab = context.new_page()
    heights = {}
    try:
        for path in PAGES[1:5]:
            open_page(tab, f"{site}/{path}")
            heights[path] = tab.evaluate("document.documentElement.scrollHeight")
    finally:
        context.close()
    assert sum(heights.values()) <= 0.6 * 30244, heights
