"""The one way tests (and the benchmark) edit the data's CSV files: by table
and key, never by row number, so that reordering valid rows changes nothing."""

from __future__ import annotations

import csv
import hashlib
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


def correct_report(folder: Path, old: str, new: str) -> None:
    """A correction of the report: where the page said ``old`` it now says
    ``new``, in the archived text (with its new sha256) and in every quote of
    the data that cites it. This is how a valid change of a reported figure
    looks, since every quote must stand verbatim in the archive."""
    _, sources = read_rows(folder, "sources")
    report = next(row for row in sources if row["kind"] == "report")
    archive = folder / report["archive_path"]
    text = archive.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in the archived report"
    archive.write_text(text.replace(old, new), encoding="utf-8")
    for table in folder.glob("*.csv"):
        table.write_text(table.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    edit_rows(folder, "sources", "source_id", report["source_id"], archive_sha256=digest)


def append_to_report(folder: Path, texts: list[str]) -> None:
    """Add ``texts`` to the archived report (and record its new sha256), so that
    edited quotes stand in it: for tests that rewrite many quotes at once."""
    _, sources = read_rows(folder, "sources")
    report = next(row for row in sources if row["kind"] == "report")
    archive = folder / report["archive_path"]
    archive.write_text(archive.read_text(encoding="utf-8") + "\n" + "\n".join(texts) + "\n", encoding="utf-8")
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    edit_rows(folder, "sources", "source_id", report["source_id"], archive_sha256=digest)


def set_participants(folder: Path, count: int) -> None:
    """A valid data change: the training participants, how the report writes
    the number, and its clause (in the data and in the archived report)."""
    _, indicators = read_rows(folder, "indicators")
    old = next(row["value"] for row in indicators if row["indicator_id"] == "training-participants")
    correct_report(folder, f"za {old} udeležencev", f"za {count} udeležencev")
    edit_rows(
        folder,
        "indicators",
        "indicator_id",
        "training-participants",
        value=str(count),
        value_as_written=str(count),
    )
