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


def test_every_phrase_and_unit_is_translated_in_every_language():
    for language in paths.LANGUAGES:
        assert messages.catalogue_problems(language) == [], language


@pytest.mark.parametrize(
    ("unit", "forms"),
    [
        ("participants", ["1 udeleženec", "2 udeleženca", "3 udeleženci", "34 udeležencev"]),
        (
            "ngos",
            [
                "1 nevladna organizacija",
                "2 nevladni organizaciji",
                "4 nevladne organizacije",
                "21 nevladnih organizacij",
            ],
        ),
        ("people", ["1 človek", "2 človeka", "3 ljudje", "80 ljudi"]),
        ("locations", ["1 lokacija", "2 lokaciji", "3 lokacije", "5 lokacij"]),
        (
            "projects-events",
            [
                "1 projekt / dogodek",
                "2 projekta / dogodka",
                "3 projekti / dogodki",
                "15 projektov / dogodkov",
            ],
        ),
    ],
)
def test_slovenian_units_take_the_form_of_their_number(unit, forms):
    f = Formatter("sl")
    assert [f.quantity(int(form.split()[0]), unit) for form in forms] == forms


def test_every_unit_has_its_forms_in_every_language():
    for language in paths.LANGUAGES:
        f = Formatter(language)
        for unit in messages.UNITS:
            for n in (1, 2, 3, 5, 101):
                assert f.quantity(n, unit).startswith(f.count(n) + " "), (language, unit, n)


def test_a_decimal_takes_the_genitive_singular_in_slovenian():
    assert Formatter("sl").quantity(Decimal("8.5"), "participants", places=1) == "8,5 udeleženca"
    assert Formatter("sl").quantity(Decimal("1.5"), "months", places=1) == "1,5 meseca"
    assert Formatter("en").quantity(Decimal("8.5"), "participants", places=1) == "8.5 participants"


def test_a_phrase_with_a_number_agrees_with_it():
    sl = Formatter("sl")
    titles = [sl.text("ch3.goals.title", count=n, total="12", goals="…") for n in (1, 2, 3, 5)]
    assert [t.rsplit(": ", 1)[1].split()[0] for t in titles] == ["cilj", "cilja", "cilji", "cilji"]
    verbs = [sl.text("ch1.chart.title", count=n, funder="MJU").split()[1] for n in (1, 2, 3, 5)]
    assert verbs == ["je", "sta", "so", "je"]
    assert Formatter("en").text("ch3.goals.title", count=1, total="12", goals="2").endswith("goal 2")
    with pytest.raises(TypeError, match="count"):
        sl.text("ch3.goals.title", total="12", goals="2")
    with pytest.raises(TypeError, match="count"):
        sl.text("tier.header", count=2)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1 October 2018", "March 2016", "from 1 October 2018 to 31 December 2019"]),
        ("sl", ["1. oktobra 2018", "marca 2016", "od 1. oktobra 2018 do 31. decembra 2019"]),
    ],
)
def test_dates_in_a_sentence_take_the_case_the_sentence_needs(language, expected):
    f = Formatter(language)
    assert [
        f.date_in_text(dt.date(2018, 10, 1)),
        f.month_in_text("2016-03"),
        f.period_in_text(dt.date(2018, 10, 1), dt.date(2019, 12, 31)),
    ] == expected


def test_labels_follow_the_language():
    row = {"name_en": "Ministry of Public Administration", "name_sl": "Ministrstvo za javno upravo"}
    assert Formatter("en").label(row, "name") == row["name_en"]
    assert Formatter("sl").label(row, "name") == row["name_sl"]
    with pytest.raises(ValueError):
        Formatter("de")
