"""One formatting helper for the whole book, with no language hard-wired:
the same calls give English now and Slovenian for the planned edition."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pronvovid import messages, paths
from pronvovid.formatting import Formatter, round_half_up

NBSP = "\u00a0"


@pytest.mark.parametrize("language", ["en", "sl"])
def test_the_book_language_comes_from_the_config(tmp_path, language):
    (tmp_path / "_config.yml").write_text(f"sphinx:\n  config:\n    language: {language}\n", encoding="utf-8")
    assert paths.book_language(tmp_path) == language


def test_an_unsupported_language_is_refused(tmp_path):
    (tmp_path / "_config.yml").write_text("sphinx:\n  config:\n    language: de\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'de'"):
        paths.book_language(tmp_path)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["76,334.02 EUR", "78.6%", "1 October 2018", "March 2016", "2,000,000", "8.5", "15 months"]),
        (
            "sl",
            ["76.334,02 EUR", "78,6 %", "1. oktober 2018", "marec 2016", "2.000.000", "8,5", "15 mesecev"],
        ),
    ],
)
def test_each_language_formats_by_its_own_conventions(language, expected):
    f = Formatter(language)
    got = [
        f.eur(Decimal("76334.02")),
        f.percent(Decimal(60000) / Decimal("76334.02")),
        f.date(dt.date(2018, 10, 1)),
        f.month("2016-03"),
        f.count(2000000),
        f.decimal(Decimal(34) / 4, 1),
        f.quantity(15, "months"),
    ]
    assert [g.replace(NBSP, " ") for g in got] == expected


def test_slovenian_plurals_follow_cldr():
    f = Formatter("sl")
    assert [f.quantity(n, "months") for n in (1, 2, 3, 5, 101, 102)] == [
        "1 mesec",
        "2 meseca",
        "3 meseci",
        "5 mesecev",
        "101 mesec",
        "102 meseca",
    ]


def test_rounding_is_half_up_from_exact_decimals():
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")  # Babel alone would give 0.12
    assert Formatter("en").decimal(Decimal("2.5"), 0) == "3"
    assert Formatter("en").eur(Decimal("5088.9346666")) == f"5,088.93{NBSP}EUR"


def test_every_phrase_and_unit_exists_in_every_language():
    for key, forms in messages.TEXT.items():
        assert set(forms) == {"en", "sl"}, key
    for unit, forms in messages.UNITS.items():
        assert set(forms) == {"en", "sl"}, unit
        assert "other" in forms["en"] and "other" in forms["sl"], unit


def test_labels_follow_the_language():
    row = {"name_en": "Ministry of Public Administration", "name_sl": "Ministrstvo za javno upravo"}
    assert Formatter("en").label(row, "name") == row["name_en"]
    assert Formatter("sl").label(row, "name") == row["name_sl"]
    with pytest.raises(ValueError):
        Formatter("de")
