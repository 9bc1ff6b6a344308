"""What the loader and the book's rules report: problems and rule results.

Both ``datapackage`` (the loader) and ``rules`` (the book's checks) use these
types, so they live here and the data flows one way: read, Frictionless, the
book's rules, typed tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, where it is and which rule says so."""

    file: str
    row: int | None
    field: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = [self.file, f"row {self.row}" if self.row is not None else "whole file"]
        if self.field:
            where.append(f"field {self.field}")
        return f"{', '.join(where)}: [{self.rule}] {self.message}"


class DataValidationError(ValueError):
    """The data package is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], folder: Path, note: str = ""):
        self.problems = problems
        self.folder = folder
        lines = [
            f"Invalid data in {folder}: {len(problems)} problem(s); nothing was loaded.",
            *(f"  - {p}" for p in problems),
        ]
        if note:
            lines.append(note)
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one book rule, kept so the book can show its checks."""

    rule_id: str
    description: str
    checked: int
    problems: tuple[Problem, ...] = ()
    skipped_because: str = ""

    @property
    def passed(self) -> bool:
        return not self.problems and not self.skipped_because
