"""Numbers, money, dates, phrases and labels in the book's language, through one setting.

The language is the edition's (``PRONVOVID_LANGUAGE``, else ``_config.yml``;
see ``paths.book_language``). Numbers and dates go through Babel; phrases come
from the gettext catalogues (``pronvovid.messages``), with the language's own
plural forms. Nothing here is tied to one language.

Rounding rule: figures are rounded half up (0.5 goes away from zero) to the
stated number of places, from exact ``Decimal`` values. Babel itself rounds
half to even, so values are quantised here first.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from pronvovid import messages, paths
from pronvovid.written_forms import MONTHS_SL

LOCALES = {"en": "en_GB", "sl": "sl_SI"}


def round_half_up(value: Decimal | int, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class Formatter:
    """Formats for one language. ``fmt`` below is the book's."""

    def __init__(self, language: str):
        if language not in LOCALES:
            raise ValueError(f"unsupported language {language!r}")
        self.language = language
        self.locale = LOCALES[language]

    # numbers ---------------------------------------------------------------
    def count(self, value: int) -> str:
        """A whole number: 34, 2,000 (en) / 2.000 (sl)."""
        return format_decimal(int(value), format="#,##0", locale=self.locale)

    def decimal(self, value: Decimal | int, places: int) -> str:
        """A number rounded half up to ``places`` decimals, always showing them."""
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(round_half_up(value, places), format=pattern, locale=self.locale)

    def eur(self, amount: Decimal | int, places: int = 2) -> str:
        """An amount in euros: 76,334.02 EUR (en) / 76.334,02 EUR (sl)."""
        return f"{self.decimal(amount, places)}\u00a0EUR"

    def percent(self, fraction: Decimal, places: int = 1) -> str:
        """A share given as a fraction (0.786...), rounded half up: 78.6% / 78,6 %."""
        rounded = round_half_up(Decimal(fraction) * 100, places)
        # The locale's own percent pattern (spacing, sign), with the decimals asked for.
        pattern = Locale.parse(self.locale).percent_formats[None].pattern
        if places:
            pattern = pattern.replace("0", "0." + "0" * places, 1) if "." not in pattern else pattern
        return format_percent(rounded / 100, format=pattern, locale=self.locale)

    def year(self, value: int) -> str:
        """A calendar year, never grouped: 2019."""
        return str(int(value))

    # dates -----------------------------------------------------------------
    def date(self, value: dt.date) -> str:
        """1 October 2018 (en) / 1. oktober 2018 (sl)."""
        return format_date(value, format="long", locale=self.locale)

    def month(self, year_month: str) -> str:
        """'2016-03' as March 2016 / marec 2016."""
        year, month = (int(part) for part in year_month.split("-"))
        return format_skeleton("yMMMM", dt.date(year, month, 1), locale=self.locale)

    # dates inside a sentence ----------------------------------------------
    # Babel writes the nominative (tables, labels, headings). In a Slovenian
    # sentence a date is a time adverbial in the genitive: "od 1. oktobra 2018",
    # "marca 2016". English uses the same form in both places.
    def date_in_text(self, value: dt.date) -> str:
        """A date inside a sentence: 1 October 2018 (en) / 1. oktobra 2018 (sl)."""
        if self.language == "sl":
            return f"{value.day}. {MONTHS_SL[value.month - 1][1]} {value.year}"
        return self.date(value)

    def month_in_text(self, year_month: str) -> str:
        """A month inside a sentence: March 2016 (en) / marca 2016 (sl)."""
        if self.language == "sl":
            year, month = (int(part) for part in year_month.split("-"))
            return f"{MONTHS_SL[month - 1][1]} {year}"
        return self.month(year_month)

    def period_in_text(self, start: dt.date, end: dt.date) -> str:
        """A period inside a sentence: from 1 October 2018 to 31 December 2019 /
        od 1. oktobra 2018 do 31. decembra 2019."""
        return self.text("period.in_text", start=self.date_in_text(start), end=self.date_in_text(end))

    # words -----------------------------------------------------------------
    def _translations(self):
        return messages.load_translations(self.language)

    def _require(self, context: str, msgid: str) -> None:
        if not messages.is_translated(self.language, context, msgid):
            raise LookupError(
                f"no {self.language!r} translation of {context!r} ({msgid!r}) in "
                f"{messages.po_path(self.language)}: run `make catalog` and translate it"
            )

    def quantity(self, value: int | Decimal, unit: str, places: int = 0) -> str:
        """A number with its noun in the right form: 15 months / 15 mesecev,
        2 meseca, 3 meseci; with decimals 8.5 participants / 8,5 udeleženca."""
        if unit not in messages.UNITS:
            raise KeyError(f"unknown unit {unit!r}; the units are {sorted(messages.UNITS)}")
        one, other = messages.UNITS[unit]
        if places:
            context = messages.unit_context(unit, decimal=True)
            self._require(context, other)
            template = self._translations().pgettext(context, other)
            return template.format(n=self.decimal(value, places))
        context = messages.unit_context(unit)
        self._require(context, one)
        template = self._translations().npgettext(context, one, other, int(value))
        return template.format(n=self.count(value))

    def text(self, key: str, count: int | None = None, **values) -> str:
        """A phrase of the book (chart titles, table headers, tier names) in its
        language. A phrase whose words change with a number takes ``count``
        (its form is chosen by it; ``{n}`` is the count, formatted, unless given)."""
        if key in messages.PLURAL:
            if count is None:
                raise TypeError(f"the phrase {key!r} changes with a number: pass count=")
            one, other = messages.PLURAL[key]
            self._require(key, one)
            values.setdefault("n", self.count(count))
            return self._translations().npgettext(key, one, other, int(count)).format(**values)
        if count is not None:
            raise TypeError(f"the phrase {key!r} has one form; it takes no count")
        if key not in messages.TEXT:
            raise KeyError(f"no phrase {key!r} in pronvovid.messages")
        self._require(key, messages.TEXT[key])
        return self._translations().pgettext(key, messages.TEXT[key]).format(**values)

    def has_text(self, key: str) -> bool:
        """Whether the book has a phrase under ``key``."""
        return key in messages.TEXT or key in messages.PLURAL

    def join(self, items) -> str:
        """A list in the language's words: 'A, B and C' / 'A, B in C'."""
        return format_list([str(item) for item in items], locale=self.locale)

    def col(self, base: str) -> str:
        """The column holding ``base`` in the book's language: name -> name_en."""
        return f"{base}_{self.language}"

    def label(self, row, base: str) -> str:
        """The label of a record (dict or Series) in the book's language."""
        return row[self.col(base)]


fmt = Formatter(paths.book_language())
