"""Counting calendar months, the one piece of date arithmetic several chapters share."""

from __future__ import annotations

import datetime as dt


def month_number(day: dt.date, start: dt.date) -> int:
    """Which month of a period beginning on ``start`` the ``day`` falls in (the
    first month is 1): (year − start year) × 12 + month − start month + 1."""
    return (day.year - start.year) * 12 + day.month - start.month + 1


def calendar_months(start: dt.date, end: dt.date) -> int:
    """Calendar months from start to end, both counted: 1 Oct 2018 – 31 Dec 2019 is 15."""
    return month_number(end, start)
