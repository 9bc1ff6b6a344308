"""Plumbing for the PRO-NVO-VID results book.

The notebooks import what they need from here: the data loader (validated,
typed tables), the number/date formatting for the book's locale, the chart
style and the table and figure renderers. The analysis itself stays in the
notebooks.
"""

from pronvovid.datapackage import BookData, load_book_data
from pronvovid.problems import DataValidationError, Problem

__all__ = ["BookData", "DataValidationError", "Problem", "load_book_data"]
