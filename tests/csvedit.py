"""The one way tests (and the benchmark) edit the data's CSV files: by table
and key, never by row number, so that reordering valid rows changes nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def read_rows(folder: Path, table: str) -> tuple[list[str], list[dict]]:
    with open(folder / f"{table}.csv", encoding="utf-8", errors="surrogateescape", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(folder: Path, table: str, header: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / f"{table}.csv").write_text(buffer.getvalue(), encoding="utf-8")


def edit_rows(folder: Path, table: str, key: str, key_value: str, **changes: str) -> None:
    """Set fields of the row(s) whose ``key`` is ``key_value`` in ``folder/table.csv``."""
    header, rows = read_rows(folder, table)
    matched = [row for row in rows if row[key] == key_value]
    assert matched, f"no row {key}={key_value} in {table}"
    for row in matched:
        row.update(changes)
    write_rows(folder, table, header, rows)


def row_number(folder: Path, table: str, key: str, key_value: str, last: bool = False) -> int:
    """The file row (header = 1) of the first (or last) row whose ``key`` is ``key_value``."""
    _, rows = read_rows(folder, table)
    numbers = [i + 2 for i, row in enumerate(rows) if row[key] == key_value]
    assert numbers, f"no row {key}={key_value} in {table}"
    return numbers[-1] if last else numbers[0]


def set_participants(folder: Path, count: int) -> None:
    """A valid data change: the training participants, how the report writes
    the number, and its clause."""
    edit_rows(
        folder,
        "indicators",
        "indicator_id",
        "training-participants",
        value=str(count),
        value_as_written=str(count),
        quote_sl=f"za {count} udeležencev iz 21 nevladnih organizacij",
    )
