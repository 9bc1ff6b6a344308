"""The chart plumbing: deterministic inline SVG with text kept as text, a
font-size floor that keeps labels legible on a phone, the HTML frame around a
chart, the scorecard and small multiples, and the raw-HTML guard on SVG."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from matplotlib.figure import Figure

from pronvovid import charts
from pronvovid import display as display_module
from pronvovid.display import chart_html, scorecard_html
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
from book_guards import audit_html

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> {glue} $x$ "q" \'a\''
ALT = "A bar chart of three values in which the last is the largest one"
# What a phone shows: the text column of a 390 px viewport (measured in Chromium).
PHONE_COLUMN_PX = 342


def sample_chart(label: str = "Jobs created", small: float = 7) -> Figure:
    figure, ax = charts.new_chart("Three values rose", "Count; PRO-NVO-VID, 2018–2019", "Source: test")
    bars = ax.barh(range(3), [1, 2, 3], color=charts.TIER_COLOURS["reported"])
    charts.label_bars(ax, bars, ["1 job", "2 jobs", "3 jobs"])
    ax.set_yticks(range(3), [label, "b", "c"])
    ax.text(0, 1, "a note set too small", fontsize=small)
    ax.plot([0, 3], [0, 2], ls="--", color=charts.GREY)
    ax.scatter([1], [1], color=charts.PALETTE["orange"])
    return figure


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def texts(svg: str) -> list[ET.Element]:
    return list(parse(svg).iter("{http://www.w3.org/2000/svg}text"))


def font_size(element: ET.Element) -> float:
    return float(re.search(r"font-size: ([\d.]+)px", element.get("style")).group(1))


def test_the_same_figure_gives_the_same_bytes_twice():
    first, second = charts.svg_markup(sample_chart(), ALT), charts.svg_markup(sample_chart(), ALT)
    assert first == second
    # ... and drawing the same figure object again changes nothing either.
    figure = sample_chart()
    assert charts.svg_markup(figure, ALT) == charts.svg_markup(figure, ALT)


def test_the_svg_carries_no_date_software_or_declaration():
    svg = charts.svg_markup(sample_chart(), ALT)
    for gone in ("<?xml", "<!DOCTYPE", "<metadata", "dc:date", "Matplotlib", "<style", "xlink:"):
        assert gone not in svg


def test_text_is_kept_as_text():
    svg = charts.svg_markup(sample_chart("Jobs & <NGOs>"), ALT)
    drawn = {element.text for element in texts(svg)}
    assert {"Jobs & <NGOs>", " 3 jobs", "a note set too small"} <= drawn
    assert "Jobs &amp; &lt;NGOs&gt;" in svg  # escaped in the markup


def test_every_text_is_legible_on_a_phone():
    """Every font size, scaled from the figure's width to a phone's column, is
    at least 10 CSS px; a text set smaller by a notebook is raised to the floor."""
    svg = charts.svg_markup(sample_chart(small=6), ALT)
    root = parse(svg)
    width = float(root.get("viewBox").split()[2])
    assert width == charts.WIDTH_PX
    sizes = [font_size(element) for element in texts(svg)]
    assert sizes and min(sizes) >= charts.MIN_FONT
    assert min(sizes) * min(1, PHONE_COLUMN_PX / width) >= 10


def test_the_svg_is_an_image_named_by_its_alt_text_with_unique_ids():
    svg = charts.svg_markup(sample_chart(), ALT + " " + HOSTILE)
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-label") == ALT + " " + HOSTILE
    ids = re.findall(r' id="([^"]+)"', svg)
    assert ids and all(re.fullmatch(r"c[0-9a-f]{8}-[a-z][0-9a-f]+", i) for i in ids)
    other = charts.svg_markup(sample_chart("another label"), ALT)
    assert not set(ids) & set(re.findall(r' id="([^"]+)"', other)), "two charts on a page share an id"
    for reference in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg):
        assert "".join(reference) in ids


def test_chart_html_frames_the_chart_in_escaped_text_and_passes_the_guard():
    figure, ax = charts.new_chart(HOSTILE, HOSTILE, HOSTILE)
    ax.bar(["a", "b"], [1, 2])
    ax.text(0, 1, HOSTILE)
    fragment = chart_html(figure, ALT + HOSTILE, HOSTILE)
    assert audit_html(fragment) == []
    assert "<script>" not in fragment and "<img" not in fragment
    assert fragment.count("&lt;script&gt;") >= 5  # title, subtitle, source, caption, drawn text
    for name in ("title", "subtitle", "source"):
        assert f'<p class="book-chart-{name}">&lt;script&gt;' in fragment


def test_show_chart_keeps_the_data_folded_and_refuses_a_short_alt(monkeypatch):
    shown = []
    monkeypatch.setattr(
        display_module, "display", lambda bundle, raw, metadata=None: shown.append((bundle, metadata))
    )
    data = pd.DataFrame({"Name": ["a"], "tier": ["reported"]})
    drawn = pd.DataFrame({"name": ["a"], "value": [1]})
    display_module.show_chart(sample_chart(), ALT, "Caption", data, "Numbers", csv_name="sample", drawn=drawn)
    bundle, metadata = shown[0]
    html_text = bundle["text/html"]
    assert '<details class="book-chart-data">' in html_text and "<details open" not in html_text
    assert "<table" in html_text.split("<details", 1)[1]
    assert "Three values rose" in bundle["text/plain"]
    # The CSV of what it draws: linked in the fold, carried in the metadata for the build.
    assert '<a href="../charts/sample.csv">' in html_text
    assert metadata["pronvovid/chart-csv"] == {"filename": "sample.csv", "text": "name,value\na,1\n"}
    with pytest.raises(ValueError, match="alt text"):
        display_module.show_chart(
            sample_chart(), "A chart", "Caption", data, "Numbers", csv_name="s", drawn=drawn
        )
    with pytest.raises(ValueError, match="csv_name"):
        display_module.show_chart(
            sample_chart(), ALT, "Caption", data, "Numbers", csv_name="../x", drawn=drawn
        )


def tile(value: str, label: str, tier: str = "reported", quote_sl: str | None = "za 34 udeležencev") -> dict:
    return {
        "value": value,
        "label": label,
        "tier": tier,
        "quote_sl": quote_sl if tier == "reported" else None,
    }


def test_the_scorecard_escapes_hostile_text_and_passes_the_guard():
    markup, _ = scorecard_html(
        [
            (
                "Area 1",
                [
                    tile("3", "jobs created"),
                    tile(HOSTILE, HOSTILE, "derived"),
                    tile("1,5 %", "share", "context"),
                ],
            ),
            (HOSTILE, []),
        ],
        HOSTILE,
    )
    assert audit_html(markup) == []
    assert "<script>" not in markup and "<img" not in markup
    assert markup.count('<div class="scorecard-tile">') == 3
    assert markup.count("&lt;script&gt;") == 4  # caption, heading, value, label
    assert markup.count("scorecard-empty") == 1  # an area with nothing listed says so
    assert 'lang="sl">»za 34 udeležencev«' in markup  # the reported figure's clause, one tap away
    with pytest.raises(ValueError, match="tier"):
        scorecard_html([("x", [tile("1", "x", "guessed")])], "caption")


def test_the_scorecard_has_a_text_form():
    _, text = scorecard_html(
        [("Area 1", [tile("3", "jobs created"), tile("21", "NGOs")])], "What the report counts"
    )
    assert text.splitlines() == [
        "What the report counts",
        "",
        "Area 1",
        "  3 jobs created (reported)",
        "  21 NGOs (reported)",
    ]


@pytest.mark.parametrize(
    "fragment",
    [
        "<svg><script>alert(1)</script></svg>",
        '<svg><foreignObject><img src="x"></foreignObject></svg>',
        '<svg><image href="https://example.org/x.png"/></svg>',
        '<svg><use href="https://example.org/x.svg#a"/></svg>',
        '<svg><use href="javascript:alert(1)"/></svg>',
        '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg><path d="M 0 0" clip-path="url(https://example.org/#a)"/></svg>',
        '<svg><g transform="url(javascript:alert(1))"></g></svg>',
        '<svg><text onclick="alert(1)">x</text></svg>',
        '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
        "<svg><style>*{background:url(https://example.org)}</style></svg>",
        '<svg role="button"></svg>',
        '<p id="x">an id outside SVG</p>',
    ],
)
def test_the_guard_flags_svg_outside_what_the_charts_write(fragment: str):
    assert audit_html(fragment), f"the guard let {fragment!r} through"
