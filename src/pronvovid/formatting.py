"""Numbers, money, dates and labels in the book's language, through one setting.

The language is read from ``_config.yml`` (``sphinx: config: language``), the
same key that sets the theme's language, so a Slovenian edition is one edit
away. Everything goes through Babel; nothing here is tied to one language.

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

    # words -----------------------------------------------------------------
    def quantity(self, value: int | Decimal, unit: str, places: int = 0) -> str:
        """A number with its unit in the right plural form: 15 months / 15 mesecev."""
        number = self.count(value) if places == 0 else self.decimal(value, places)
        plural = Locale.parse(self.locale).plural_form(value if places else int(value))
        forms = messages.UNITS[unit][self.language]
        return forms.get(plural, forms["other"]).format(n=number)

    def join(self, items) -> str:
        """A list in the language's words: 'A, B and C' / 'A, B in C'."""
        return format_list([str(item) for item in items], locale=self.locale)

    def text(self, key: str, **values) -> str:
        """A phrase of the book (chart titles, table headers, tier names) in its language."""
        return messages.TEXT[key][self.language].format(**values)

    def col(self, base: str) -> str:
        """The column holding ``base`` in the book's language: name -> name_en."""
        return f"{base}_{self.language}"

    def label(self, row, base: str) -> str:
        """The label of a record (dict or Series) in the book's language."""
        return row[self.col(base)]


fmt = Formatter(paths.book_language())
