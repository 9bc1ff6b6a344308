"""Text from the data reaches the book as text, never as live markup.

Three lines of defence, each tested on its own and then together:

1. the schema refuses addresses that are not plain http(s) URLs;
2. the link helper refuses or percent-encodes what is unsafe in an address,
   and every other text is escaped by display.py;
3. the book's Sphinx guard (_ext/book_guards.py) fails the build on any raw
   HTML outside the allow-list of what the book's own code emits.

Finally a copy of the project with hostile text in every free-text field of
every table (and the most hostile address the schema accepts) is built and
every page opened in Chromium: nothing executes, the text shows as text.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from pronvovid import DataValidationError, editions, load_book_data
from pronvovid.display import MarkedLink, quote_html, safe_url, table_html, tier_label, tier_marker
from tests.conftest import ROOT, copy_project
from tests.csvedit import append_to_report, read_rows, write_rows

sys.path.insert(0, str(ROOT / "_ext"))
from book_guards import audit_html

HOSTILE = (
    '<script>alert("pwned")</script><img src=x onerror=alert(1)> {glue:md}`total` **b** _i_ '
    "& &lt; < > \" ' $x^2$ č š ž đ Ć"
)
# As a browser shows it (the visible text of every page that shows the field).
HOSTILE_VISIBLE = '<script>alert("pwned")</script><img src=x onerror=alert(1)> {glue:md}`total` **b** _i_'
LONG_NAME = "Zavod " + "zelo-dolgo-ime-" * 30 + "konec"
# The most hostile address the schema still accepts: percent-escapes of markup,
# an entity, a javascript: inside the query, & ; = % # and a trailing dot.
HOSTILE_URL = (
    "https://example.org/a%22onmouseover=alert%601%60?q=%3Cscript%3Ealert%281%29%3C/script%3E"
    "&amp;x=1;y=javascript:alert%281%29&lt;b#%3Cimg%20src=x%20onerror=alert%281%29%3E."
)


# ----------------------------------------------------------------------------
# 1. The schema refuses hostile addresses (fault injection)


@dataclass(frozen=True)
class HostileUrl:
    name: str
    url: str


HOSTILE_URLS = [
    HostileUrl("tag and handler after tabs", "https://example.org/x>)<img\tsrc=x\tonerror=alert(3)>"),
    HostileUrl("javascript scheme", "javascript:alert(1)"),
    HostileUrl("quote that ends the attribute", 'https://x.org/"onmouseover="alert(1)'),
    HostileUrl("script tag", "https://x.org/<script>"),
    HostileUrl("space", "https://x.org/a b"),
    HostileUrl("no scheme", "//x.org/a"),
]


@pytest.mark.parametrize("case", HOSTILE_URLS, ids=[c.name for c in HOSTILE_URLS])
def test_a_hostile_address_is_refused_with_file_row_field_and_rule(case: HostileUrl, data_copy: Path):
    header, rows = read_rows(data_copy, "sources")
    index = next(i for i, row in enumerate(rows) if row["source_id"] == "report")
    rows[index]["url"] = case.url
    write_rows(data_copy, "sources", header, rows)
    with pytest.raises(DataValidationError) as raised:
        load_book_data(data_copy)
    matching = [
        p
        for p in raised.value.problems
        if p.file == "data/sources.csv"
        and p.row == index + 2
        and p.field == "url"
        and p.rule == "constraint-error"
    ]
    assert matching, f"the address was not refused as it should be:\n{raised.value}"
    line = str(matching[0])
    assert line in str(raised.value)
    assert f"data/sources.csv, row {index + 2}, field url: [constraint-error]" in line


def test_the_real_addresses_pass_the_schema():
    loaded = load_book_data(ROOT / "data")
    urls = loaded.sources["url"].dropna()
    assert len(urls) > 0 and all(safe_url(u) == u for u in urls)


# ----------------------------------------------------------------------------
# 2. The link helper does not rely on the schema


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://example.org/x>)<img\tsrc=x\tonerror=alert(3)>",
        "https://x.org/a b",
        "https://x.org/a\nb",
        "//x.org/a",
        "https:///no-host",
        "/relative/path",
    ],
)
def test_the_link_helper_refuses_unsafe_addresses(url: str):
    with pytest.raises(ValueError, match="refusing"):
        MarkedLink("text", url)


@pytest.mark.parametrize(
    "url",
    [
        'https://x.org/"onmouseover="alert(1)',
        "https://x.org/<script>alert(1)</script>",
        "https://example.org/x>)<img/src=x/onerror=alert(3)>",
        "https://x.org/a`b'c{d}e[f]g|h\\i^j",
        "https://x.org/?a=1&lt;b&amp;c",
        HOSTILE_URL,
    ],
)
def test_the_link_helper_percent_encodes_what_markup_could_read(url: str):
    from markdown_it import MarkdownIt

    link = MarkedLink('<b>"text"</b> **x**', url)
    bundle = link._repr_mimebundle_()
    assert not set(link.url) & set("<>\"'`(){}[]|\\^ \t\n")
    # Rendered as CommonMark (what MyST builds on), the address is one link,
    # exactly the encoded URL (no entity decoded, no markup), and the text is text.
    rendered = MarkdownIt("commonmark").render(bundle["text/markdown"])
    anchors = BeautifulSoup(rendered, "html.parser").find_all("a")
    assert len(anchors) == 1 and anchors[0]["href"] == link.url
    assert anchors[0].get_text() == '<b>"text"</b> **x**'
    assert list(anchors[0].attrs) == ["href"]


# ----------------------------------------------------------------------------
# 3. The raw-HTML guard


@pytest.mark.parametrize(
    "fragment",
    [
        "<img src=x onerror=alert(1)>",
        "<img\tsrc=x\tonerror=alert(3)>",
        '<script>alert("pwned")</script>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:alert(1)">x</a>',
        '<iframe src="https://example.org"></iframe>',
        '<img src="https://example.org/x.png" alt="foreign">',
        '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="svg">',
        '<span style="background:url(javascript:alert(1))">x</span>',
        '<svg><animate onbegin="alert(1)"/></svg>',
        '<p onmouseover="alert(1)">x</p>',
        "<style>body{display:none}</style>",
        "<!DOCTYPE html>",
    ],
)
def test_the_guard_flags_markup_outside_the_allow_list(fragment: str):
    assert audit_html(fragment), f"the guard let {fragment!r} through"


def test_the_guard_names_the_offending_tag_and_attribute():
    problems = audit_html("<img src=x onerror=alert(1)>")
    assert problems == ["attribute 'onerror' on <img>"]


def test_the_guard_passes_the_books_own_html(monkeypatch):
    from matplotlib.figure import Figure

    from pronvovid import display as display_module

    frame = pd.DataFrame({"Name": [HOSTILE, "plain"], "tier": ["reported", "derived"]})
    shown = []
    monkeypatch.setattr(
        display_module, "display", lambda bundle, raw, metadata=None: shown.append(bundle["text/html"])
    )
    figure = Figure()
    figure.add_subplot().bar(["a", "b"], [1, 2])
    display_module.show_chart(
        figure,
        "A bar chart of two values: b is twice a, " + HOSTILE,
        HOSTILE,
        frame,
        HOSTILE,
        csv_name="hostile",
        drawn=frame,
    )
    display_module.show_collapsible_tables([(HOSTILE, frame, HOSTILE)])
    own = [
        table_html(frame, HOSTILE),
        quote_html(HOSTILE, HOSTILE, HOSTILE),
        tier_marker("derived"),
        tier_label("context"),
        "**x**<br>",
        '<a href="https://example.org/a?b=1&amp;c">x</a><a href="../data/x.csv">y</a><a href="#top">z</a>',
        *shown,
    ]
    for fragment in own:
        assert audit_html(fragment) == [], fragment[:200]


def test_the_guard_fails_a_sphinx_build_and_names_the_page(tmp_path: Path):
    """A two-page Sphinx project with the guard: the page with a live image
    handler is named in a warning, the page with the book's own HTML is not."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\nextensions = ['book_guards']\n"
    )
    (source / "index.rst").write_text(
        "Index\n=====\n\n.. toctree::\n\n   hostile\n   own\n", encoding="utf-8"
    )
    (source / "hostile.rst").write_text(
        'Hostile\n=======\n\n.. raw:: html\n\n   <p>x</p><img src=x onerror="alert(1)">\n', encoding="utf-8"
    )
    own = table_html(pd.DataFrame({"a": [HOSTILE], "tier": ["reported"]}), "caption") + tier_marker(
        "reported"
    )
    (source / "own.rst").write_text(
        "Own\n===\n\n.. raw:: html\n\n" + textwrap.indent(own, "   ") + "\n", encoding="utf-8"
    )
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-W",
            "--keep-going",
            str(source),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode != 0
    assert "hostile: raw HTML outside the allow-list: attribute 'onerror' on <img>" in completed.stderr
    assert "own:" not in completed.stderr and "index:" not in completed.stderr, completed.stderr


# ----------------------------------------------------------------------------
# 4. Hostile text in every free-text field, built and opened in Chromium

# Free-text fields left out, and why.
LEFT_OUT = {
    # chapters/02-outcomes.ipynb picks the Ljubljana row by this exact name.
    ("event_locations", "place_sl"),
}


def is_free_text(spec: dict) -> bool:
    constraints = spec.get("constraints", {})
    return (
        spec["type"] == "string"
        and "enum" not in constraints
        and "pattern" not in constraints
        # The written form of a number (76.334,02): a number, kept untouched.
        and "writtenFormOf" not in spec
    )


def is_url(spec: dict) -> bool:
    return spec["type"] == "string" and spec.get("constraints", {}).get("pattern", "").startswith("https?://")


def make_data_hostile(data: Path) -> dict[str, list[str]]:
    """Append HOSTILE to every free-text value of every row (a URL field gets
    HOSTILE_URL), keeping the package valid: a field checked verbatim against
    its row's quote_sl stands in the quote with its hostile tail, and so do the
    SRS goal names that contributions quote. Returns the fields changed."""
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    changed: dict[str, list[str]] = {}
    for resource in descriptor["resources"]:
        table = resource["name"]
        specs = resource["schema"]["fields"]
        free = [s["name"] for s in specs if is_free_text(s) and (table, s["name"]) not in LEFT_OUT]
        urls = [s["name"] for s in specs if is_url(s)]
        quoted = [s["name"] for s in specs if s.get("quoted") and s["name"] in free]
        header, rows = read_rows(data, table)
        for row in rows:
            for name in free:
                if not row[name]:
                    continue  # a missing value stays missing: filling it would change what the row says
                row[name] = (
                    LONG_NAME if (table, row.get("org_id"), name) == LONG_NAME_AT else row[name]
                ) + HOSTILE
            for name in urls:
                row[name] = HOSTILE_URL
                if "retrieved_date" in row and not row["retrieved_date"]:
                    row["retrieved_date"] = "2026-11-26"  # an address goes with the day it was read
            if quoted:
                row["quote_sl"] += " " + " ".join(row[name] for name in quoted)
        write_rows(data, table, header, rows)
        changed[table] = free + urls
    # contributions.quote_sl names SRS goals as srs_goals.name_sl does (srs-goal-names-match).
    _, goals = read_rows(data, "srs_goals")
    names = {g["goal_number"]: g["name_sl"] for g in goals}
    header, rows = read_rows(data, "contributions")
    for row in rows:
        if row["srs_goal_number"]:
            row["quote_sl"] += " " + names[row["srs_goal_number"]]
    write_rows(data, "contributions", header, rows)
    # Every quote must stand in the archived report: add the hostile ones to it.
    quotes = []
    for resource in descriptor["resources"]:
        fields = [
            s["name"]
            for s in resource["schema"]["fields"]
            if s["type"] == "string"
            and (s["name"] == "quote_sl" or s.get("quoted"))
            and not s.get("writtenFormOf")
        ]
        _, rows = read_rows(data, resource["name"])
        quotes += [row[name] for row in rows for name in fields if row[name]]
    append_to_report(data, quotes)
    return changed


LONG_NAME_AT = ("organisations", "tiptap", "name_en")
# The chapters, and the text each must show (all show hostile data).
CHAPTERS = (
    "00-overview",
    "01-problem-and-objective",
    "02-outcomes",
    "03-strategies",
    "04-finances",
    "05-data-methods-checks",
    "06-glossary",
)


@pytest.fixture(scope="session")
def hostile_book(tmp_path_factory, built_book) -> dict:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    # Reuse the real build's published book and execution cache (content-hash keys).
    for name in ("html", ".cache"):
        shutil.copytree(built_book.parent / name, project / "_build" / name)
    changed = make_data_hostile(project / "data")
    completed = subprocess.run(
        [sys.executable, "tools/build.py", "--no-pdf"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return {
        "project": project,
        "html": project / "_build" / "html",
        "completed": completed,
        "changed": changed,
    }


def test_hostile_data_is_valid(tmp_path: Path):
    data = Path(shutil.copytree(ROOT / "data", tmp_path / "data"))
    changed = make_data_hostile(data)
    loaded = load_book_data(data)
    # Every table has hostile text; the sample checks that it stayed in the loaded values.
    assert set(changed) == {
        r["name"] for r in json.loads((data / "datapackage.json").read_text())["resources"]
    }
    assert all(changed.values())
    assert loaded.glossary["meaning_en"].str.endswith(HOSTILE).all()
    assert (loaded.sources["url"] == HOSTILE_URL).all()


@pytest.mark.build
def test_hostile_text_builds_and_renders_as_escaped_text(hostile_book):
    completed = hostile_book["completed"]
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-3000:]
    html_root = hostile_book["html"]
    for name in CHAPTERS:
        text = (html_root / "chapters" / f"{name}.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        assert not any("pwned" in s.get_text() for s in soup.find_all("script")), f"{name}: script injected"
        assert '<script>alert("pwned")' not in text, f"{name}: the data's markup reached the HTML unescaped"
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                assert not (attribute.startswith("on") and "alert" in value), f"{name}: {element}"
                if attribute in ("href", "src"):
                    assert not value.strip().lower().startswith("javascript:"), f"{name}: {element}"
        visible = soup.get_text()
        assert HOSTILE_VISIBLE in visible, f"{name}: the hostile text is not shown as text"
        # Glue syntax inside data is not evaluated: the total is not pasted in its place.
        assert "{glue:md}`total`" in visible, name
    # The report's link points at the encoded address. myst-parser HTML-escapes a
    # link's address once too often (executablebooks/MyST-Parser#760: "&" ends
    # up as "&amp;" in the href), so one level of escaping is undone here.
    overview = BeautifulSoup((html_root / "chapters" / "00-overview.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in overview.find_all("a", href=re.compile("^https://example"))]
    assert [html.unescape(h) for h in hrefs] == [safe_url(HOSTILE_URL)]
    problem = (html_root / "chapters" / "01-problem-and-objective.html").read_text(encoding="utf-8")
    assert LONG_NAME in BeautifulSoup(problem, "html.parser").get_text()


@pytest.mark.build
@pytest.mark.browser
def test_hostile_text_runs_no_script_in_the_browser(hostile_book, page):
    """Every page of the hostile build opened in Chromium: nothing from the data
    executes, and the chapters show the hostile text as text."""
    from tests.browsing import open_page, serve

    assert hostile_book["completed"].returncode == 0
    html_root = hostile_book["html"]
    pages = sorted(p.relative_to(html_root).as_posix() for p in html_root.rglob("*.html"))
    assert {f"chapters/{name}.html" for name in CHAPTERS} <= set(pages)
    with serve(html_root) as site:
        for path in pages:
            open_page(page, f"{site}/{path}")
            page_name = editions.split_path(path)[1]
            if page_name == "index.html":
                # An edition's index redirects to its landing page: let that finish first.
                page.wait_for_url(f"{site}/{path.removesuffix('index.html')}chapters/00-overview.html")
                page.wait_for_load_state("load")
            page.wait_for_timeout(50)
            assert page.watch.dialogs == [], f"{path}: a script from the data ran"
            if page_name.startswith("chapters/"):
                # As text, not markup (it may sit in a closed fold or a marker's box).
                assert HOSTILE_VISIBLE in page.text_content("main"), f"{path}: text not shown as text"
