"""How the Slovenian report writes numbers and dates, so that every value in the
data can be checked against the sentence it was taken from."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

# Slovenian number words in the case forms a sentence may need (nominative,
# genitive/locative, dative, instrumental). The report writes "treh" (3) and
# "dveh" (2); the list covers the small numbers such prose spells out.
_WORDS: dict[int, tuple[str, ...]] = {
    1: ("en", "ena", "eno", "enega", "eni", "enem", "enim", "enih", "enima"),
    2: ("dva", "dve", "dveh", "dvema"),
    3: ("trije", "tri", "treh", "trem", "tremi"),
    4: ("štirje", "štiri", "štirih", "štirim", "štirimi"),
}
for _n, _stem in {
    5: "pet",
    6: "šest",
    7: "sedem",
    8: "osem",
    9: "devet",
    10: "deset",
    11: "enajst",
    12: "dvanajst",
    13: "trinajst",
    14: "štirinajst",
    15: "petnajst",
    16: "šestnajst",
    17: "sedemnajst",
    18: "osemnajst",
    19: "devetnajst",
    20: "dvajset",
}.items():
    _oblique = {7: "sedm", 8: "osm"}.get(_n, _stem)
    _WORDS[_n] = (_stem, _oblique + "ih", _oblique + "im", _oblique + "imi")

WORD_VALUES: dict[str, int] = {w: n for n, words in _WORDS.items() for w in words}

MONTHS_SL = (
    ("januar", "januarja"),
    ("februar", "februarja"),
    ("marec", "marca"),
    ("april", "aprila"),
    ("maj", "maja"),
    ("junij", "junija"),
    ("julij", "julija"),
    ("avgust", "avgusta"),
    ("september", "septembra"),
    ("oktober", "oktobra"),
    ("november", "novembra"),
    ("december", "decembra"),
)

_SL_NUMBER = re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$")


def value_of_written(written: str) -> Decimal | None:
    """The number a written form stands for: Slovenian digits (``76.334,02``,
    ``3``) or a number word (``treh``). None if it is neither."""
    text = written.strip()
    if text.lower() in WORD_VALUES:
        return Decimal(WORD_VALUES[text.lower()])
    if _SL_NUMBER.match(text):
        try:
            return Decimal(text.replace(".", "").replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern rules this out
            return None
    return None


def appears_in(written: str, sentence: str) -> bool:
    """True if ``written`` stands in ``sentence`` as a whole token (not inside
    a longer number or word)."""
    pattern = r"(?<![\w.,])" + re.escape(written) + r"(?!\w|[.,]\d)"
    return re.search(pattern, sentence, flags=re.IGNORECASE) is not None


def integer_forms(value: int) -> list[str]:
    """Ways the report could write an integer: digits (grouped the Slovenian
    way from 1.000 up) or a number word."""
    forms = [str(value)]
    if value >= 1000:
        forms.append(f"{value:,}".replace(",", "."))
    forms.extend(_WORDS.get(value, ()))
    return forms


def date_forms(value: dt.date) -> list[str]:
    """``1. oktober 2018`` and ``1. oktobra 2018``: the nominative and genitive
    month names the report uses."""
    return [f"{value.day}. {month} {value.year}" for month in MONTHS_SL[value.month - 1]]


def integer_in(value: int, sentence: str) -> bool:
    return any(appears_in(form, sentence) for form in integer_forms(value))


def date_in(value: dt.date, sentence: str) -> bool:
    return any(appears_in(form, sentence) for form in date_forms(value))
