"""Plumbing for the PRO-NVO-VID results book.

The notebooks import what they need from here: the data loader (validated,
typed tables), the number/date formatting for the book's locale, the chart
style and the table and figure renderers. The analysis itself stays in the
notebooks.
"""

from pronvovid.problems import DataValidationError, Problem

__all__ = ["BookData", "DataValidationError", "Problem", "load_book_data"]


def __getattr__(name: str):
    # The loader (and pandas with it) is imported when first asked for, so
    # that the build's quick paths (formatting, editions) do not pay for it.
    if name in ("BookData", "load_book_data"):
        from pronvovid import datapackage

        return getattr(datapackage, name)
    raise AttributeError(f"module 'pronvovid' has no attribute {name!r}")
