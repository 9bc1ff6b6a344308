"""How the book reads on a phone, on a desktop and on paper (headless Chromium).

- On a phone (390×844, touch), the visible menu button opens the chapter list
  on top of the page, and it closes again; on a desktop the same button folds
  the sidebar away and back; from the keyboard it opens and Escape closes it.
- At 390 px no page scrolls sideways: whatever is wider than the column (a
  table, a code block) scrolls inside its own box.
- No code is shown before the reader asks for it.
- Printing leaves out code, the "show code" toggles and the navigation.
- Screenshots of the landing page and a chapter at both widths go to
  _build/screenshots/ for a human to look at.

Without Chromium these tests skip with one loud line, except under CI
(CI=true), where a missing browser is a failure (the chromium_path fixture).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pronvovid import editions, paths
from tests.browsing import PageWatch, open_page, serve
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "_build" / "screenshots"
PAGES = [p.relative_to(ROOT).with_suffix(".html").as_posix() for p in paths.toc_files(ROOT)]
ALL_PAGES = [*PAGES, "search.html", "genindex.html"]
# The same pages in every edition (the Slovenian under sl/).
EDITION_PAGES = [editions.PREFIX[lang] + page for lang in paths.LANGUAGES for page in PAGES]
EDITION_ALL_PAGES = [editions.PREFIX[lang] + page for lang in paths.LANGUAGES for page in ALL_PAGES]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@pytest.fixture(scope="module")
def site(built_book: Path):
    with serve(built_book) as url:
        yield url


@pytest.fixture
def phone(browser):
    """A fresh tab on a 390×844 touch screen, watched like the `page` fixture's."""
    context = browser.new_context(**PHONE, service_workers="block")
    tab = context.new_page()
    tab.watch = PageWatch(tab)
    yield tab
    context.close()


def menu_button(page):
    """The one menu button a reader can see."""
    buttons = page.locator(".primary-toggle").filter(visible=True)
    assert buttons.count() == 1, f"{buttons.count()} visible menu buttons"
    return buttons.first


def chapter_links(page):
    """The table of contents' links (the sidebar's, or the open menu's: the theme
    moves the same nodes between the two)."""
    return page.locator("nav.bd-docs-nav a")


def on_top(page, link) -> bool:
    """Whether a reader touching the link's centre would touch the link."""
    link.scroll_into_view_if_needed()
    return link.evaluate(
        """a => { const r = a.getBoundingClientRect();
                  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                  return hit !== null && (hit === a || a.contains(hit)); }"""
    )


def assert_clean(page) -> None:
    assert page.watch.foreign == [], f"requests to other hosts: {page.watch.foreign}"
    assert page.watch.console_errors == [], f"console errors: {page.watch.console_errors}"


@pytest.mark.parametrize("path", EDITION_ALL_PAGES)
def test_on_a_phone_the_page_fits_the_menu_works_and_the_switch_leads_to_the_twin(phone, site, path):
    """One visit per page at 390×844 (touch): nothing scrolls sideways; the menu
    opens on top of the page and closes again; the language switch is there and
    opens the twin page."""
    open_page(phone, f"{site}/{path}")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path} is {width} px wide at a 390 px viewport"
    assert phone.evaluate(STICKING_OUT) == [], f"{path}: wider than the screen outside any scroll box"

    links = chapter_links(phone)
    assert links.count() == len(PAGES)
    assert not links.first.is_visible(), "the chapter list shows before the menu is opened"
    menu_button(phone).tap()
    links.first.wait_for(state="visible", timeout=5000)
    for index in range(links.count()):
        link = links.nth(index)
        assert link.is_visible() and on_top(phone, link), f"{link.inner_text()!r} is hidden or covered"
    # A tap beside the menu (on the dimmed page) closes it.
    menu = phone.locator("dialog[open]").filter(has=links.first)
    box = menu.bounding_box()
    assert box is not None and box["x"] + box["width"] < 380, f"the menu covers the whole width: {box}"
    phone.touchscreen.tap(385, 422)
    links.first.wait_for(state="hidden", timeout=5000)
    assert menu_button(phone).is_visible()
    assert_clean(phone)

    other, twin = twin_of(path)
    switch = phone.locator(f'a[hreflang="{other}"]').filter(visible=True)
    assert switch.count() >= 1, f"{path}: no visible switch to the {other} edition at 390 px"
    switch.first.tap()
    phone.wait_for_url(f"{site}/{twin}*", timeout=10000)
    assert phone.evaluate("document.documentElement.lang") == other
    assert_clean(phone)


def test_menu_opens_and_closes_from_the_keyboard(phone, site):
    open_page(phone, f"{site}/{PAGES[1]}")
    button = menu_button(phone)
    button.focus()
    phone.keyboard.press("Enter")
    links = chapter_links(phone)
    links.first.wait_for(state="visible", timeout=5000)
    assert on_top(phone, links.first)
    phone.keyboard.press("Escape")
    links.first.wait_for(state="hidden", timeout=5000)
    # sphinx-book-theme blurs the button on click (to drop its tooltip), so focus
    # returns to the page, but the next Tab lands on the menu button again.
    focused = "b => b === document.activeElement"
    if not button.evaluate(focused):
        phone.keyboard.press("Tab")
    assert button.evaluate(focused), "after closing the menu, keyboard focus is lost"
    assert_clean(phone)


def test_desktop_menu_button_folds_the_sidebar_away_and_back(page, site):
    open_page(page, f"{site}/{PAGES[1]}")
    links = chapter_links(page)
    assert links.first.is_visible() and on_top(page, links.first)
    button = menu_button(page)
    button.click()
    links.first.wait_for(state="hidden", timeout=5000)
    assert page.locator("dialog[open]").count() == 0, "a wide screen opened the phone menu"
    button.click()
    links.first.wait_for(state="visible", timeout=5000)
    assert on_top(page, links.first)
    assert_clean(page)


# Whatever in the article sticks out of the screen and is not inside a box that
# scrolls (or clips) and itself fits.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const e of document.querySelectorAll('article.bd-article *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= width + 1) continue;
    let boxed = false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') {
        boxed = a.getBoundingClientRect().right <= width + 1;
        break;
      }
    }
    const name = `${e.tagName.toLowerCase()}.${e.getAttribute('class') || ''}`;
    if (!boxed) out.push(`${name} (right edge ${Math.round(r.right)})`);
  }
  return out.slice(0, 10);
}"""


@pytest.mark.parametrize("path", EDITION_ALL_PAGES)
def test_no_code_on_screen_before_the_reader_asks_and_none_in_print(page, site, path):
    """On screen, every code cell is folded (hide-input or remove-input); in
    print, code, toggles and navigation are left out."""
    open_page(page, f"{site}/{path}")
    code = page.locator("div.cell_input, div.cell_input pre")
    shown = [i for i in range(code.count()) if code.nth(i).is_visible()]
    first = code.nth(shown[0]).inner_text()[:80] if shown else ""
    assert shown == [], f"{path}: {len(shown)} code inputs visible, the first: {first!r}"
    page.emulate_media(media="print")
    hidden = {
        "code": "div.cell_input, div.cell_input pre",
        "show-code toggle": "details.hide > summary",
        "menu button": ".sidebar-toggle",
        "header": "header, .bd-header-article",
        "sidebar": ".bd-sidebar-primary, .bd-sidebar-secondary, nav.bd-docs-nav",
        "previous/next": ".prev-next-area",
        "back to top": "#pst-back-to-top",
    }
    for what, selector in hidden.items():
        found = page.locator(selector).filter(visible=True)
        assert found.count() == 0, f"{path} prints its {what} ({found.count()} visible: {selector})"
    assert page.get_by_text("Show code cell", exact=False).filter(visible=True).count() == 0
    assert page.locator("main").is_visible(), "printing shows no content"
    assert_clean(page)


@pytest.mark.parametrize("path", [PAGES[0], PAGES[2], "sl/" + PAGES[0], "sl/" + PAGES[2]])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_screenshots_at_phone_and_desktop_width(browser, site, path, device):
    """For a human to look at: the page, and on a phone also the open menu."""
    options = PHONE if device == "phone" else {"viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(**options, service_workers="block")
    try:
        tab = context.new_page()
        tab.watch = PageWatch(tab)
        open_page(tab, f"{site}/{path}")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = path.replace("/", "_").replace(".html", ".png")
        tab.screenshot(path=str(SCREENSHOTS / f"{device}_{name}"), full_page=True)
        if device == "phone":
            menu_button(tab).tap()
            chapter_links(tab).first.wait_for(state="visible", timeout=5000)
            tab.screenshot(path=str(SCREENSHOTS / f"phone_menu_{name}"))
        assert_clean(tab)
    finally:
        context.close()


def twin_of(path: str) -> tuple[str, str]:
    """The other edition's language and the twin page's path."""
    language, page = editions.split_path(path)
    other = next(lang for lang in paths.LANGUAGES if lang != language)
    return other, editions.PREFIX[other] + page


def test_the_language_switch_works_from_the_keyboard_and_keeps_the_place(page, site):
    path = PAGES[3]  # a long chapter with several sections
    other, twin = twin_of(path)
    open_page(page, f"{site}/{path}")
    sections = page.locator("main section section")
    assert sections.count() >= 3, "the chapter has too few sections for this test"
    sections.nth(2).scroll_into_view_if_needed()
    page.evaluate("i => document.querySelectorAll('main section section')[i].scrollIntoView()", 2)
    # The reader tabs to the switch (from the top of the page) and presses Enter.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.getAttribute('hreflang') === '{other}'"):
            break
    else:
        pytest.fail("the language switch cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/{twin}*", timeout=10000)
    page.wait_for_timeout(300)
    top = page.evaluate("document.querySelectorAll('main section section')[2].getBoundingClientRect().top")
    assert -5 <= top <= 200, f"the twin page did not open at the section the reader was reading (top={top})"
    assert_clean(page)
