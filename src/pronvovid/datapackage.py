"""Load the book's data package, validate it, and return typed tables.

One call, ``load_book_data()``, reads ``data/datapackage.json`` and every CSV
it lists, validates them with Frictionless (the Table Schemas: types,
constraints, primary keys) and then with the book's own rules (foreign keys
among them) (``pronvovid.rules``),
and returns pandas DataFrames with exact types: amounts as ``Decimal``, dates
as ``datetime.date``, counts as nullable integers.

Invalid data raises ``DataValidationError``, which lists every problem found
with its file, row, field and rule. Nothing is returned half-validated: the
schema verdict is remembered only for byte-identical files checked by the same
validator code and Frictionless version (see ``_schema_memo``), and the book's
rules run on every load.

Row numbers follow Frictionless: the header is row 1, the first data row is
row 2 (for these files, the row number is also the line number).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.metadata
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from pronvovid import paths

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data."""

    file: str
    row: int | None
    field: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = [self.file]
        where.append(f"row {self.row}" if self.row is not None else "whole file")
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


@dataclass
class BookData:
    """The validated package: one typed DataFrame per resource.

    Tables are attributes (``data.funding``) and items (``data["funding"]``).
    """

    data_dir: Path
    descriptor: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    rule_results: list[RuleResult] = field(default_factory=list)
    # True when these exact files had passed the schema checks before (see _schema_memo).
    schema_from_memo: bool = False

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"BookData has no table {name!r}; tables: {', '.join(tables)}")

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self.tables]

    def resource(self, name: str) -> dict[str, Any]:
        """The descriptor of one resource (title, description, tier, schema)."""
        for res in self.descriptor["resources"]:
            if res["name"] == name:
                return res
        raise KeyError(name)

    def tier(self, name: str) -> str:
        """reported, context or book: the tier of a table's facts."""
        return self.resource(name)["tier"]


# ----------------------------------------------------------------------------
# Loading


def load_book_data(data_dir: str | Path | None = None) -> BookData:
    """Load and validate the data package; raise ``DataValidationError`` if invalid."""
    from pronvovid import rules  # local import: rules imports this module's types

    folder = paths.data_dir(data_dir)
    label = folder.name
    descriptor, problems = _read_descriptor(folder, label)
    if descriptor is None:
        raise DataValidationError(problems, folder)

    texts: dict[str, str] = {}
    bad_header: set[str] = set()
    for res in descriptor["resources"]:
        text, file_problems = _read_text(folder, label, res)
        problems += file_problems
        if text is not None:
            texts[res["name"]] = text
            if file_problems:
                bad_header.add(res["name"])

    # The schema check is the slow part (importing Frictionless alone takes a
    # good part of a second in every notebook). Its verdict on exactly these
    # bytes, by exactly this validator, is remembered; the book's rules below
    # run every time.
    memo = None if problems else _schema_memo(folder, descriptor, texts)
    schema_from_memo = memo is not None and memo.exists()
    if not schema_from_memo:
        problems += _frictionless_problems(folder, label, descriptor, set(texts), bad_header)
    broken = {r["name"] for r in descriptor["resources"]} - set(texts)
    broken |= {_resource_of(p, descriptor, label) for p in problems} - {None}

    tables = {
        res["name"]: _typed_frame(texts[res["name"]], res["schema"])
        for res in descriptor["resources"]
        if res["name"] not in broken
    }
    results = rules.run_all(tables, descriptor, label)
    for result in results:
        problems += result.problems
    if problems:
        skipped = [r.rule_id for r in results if r.skipped_because]
        note = (
            f"Book rules not run because their tables failed the schema: {', '.join(skipped)}."
            if skipped
            else ""
        )
        raise DataValidationError(problems, folder, note)
    if memo is not None and not schema_from_memo:
        _remember(memo)
    return BookData(folder, descriptor, tables, results, schema_from_memo)


def _schema_memo(folder: Path, descriptor: dict, texts: dict[str, str]) -> Path | None:
    """Where the verdict "these files pass the schemas" is kept: a file named by
    the digest of the descriptor, every table, this validator's code and the
    Frictionless version, under the project's _build/.cache."""
    digest = hashlib.sha256(json.dumps(descriptor, sort_keys=True).encode())
    for res in descriptor["resources"]:
        digest.update(b"\0" + res["name"].encode() + b"\0" + texts[res["name"]].encode())
    for module in ("datapackage.py", "rules.py", "written_forms.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    digest.update(importlib.metadata.version("frictionless").encode())
    return folder.parent / "_build" / ".cache" / "schema-valid" / digest.hexdigest()


def _remember(memo: Path) -> None:
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.touch()
    except OSError:  # a read-only checkout: validate again next time
        pass


def _read_descriptor(folder: Path, label: str) -> tuple[dict | None, list[Problem]]:
    where = f"{label}/{DESCRIPTOR}"
    path = folder / DESCRIPTOR
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [Problem(where, None, None, "missing-file", f"{path} does not exist")]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [Problem(where, None, None, "invalid-json", str(exc))]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [Problem(where, None, "resources", "invalid-descriptor", "no list of resources")]
    return descriptor, []


def _read_text(folder: Path, label: str, res: dict) -> tuple[str | None, list[Problem]]:
    """Read one CSV as UTF-8 and check its header, with messages that name the
    row and field (Frictionless reports encoding errors by byte offset only)."""
    where = f"{label}/{res['path']}"
    path = folder / res["path"]
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(where, None, None, "missing-file", "the file does not exist")]
    expected = [f["name"] for f in res["schema"]["fields"]]
    if not raw.strip():
        return None, [
            Problem(
                where,
                None,
                None,
                "empty-file",
                f"the file is empty; expected a header row: {','.join(expected)}",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[line_start:].split(b"\n", 1)[0].decode("utf-8", errors="replace")
        column = next(csv.reader([line[: exc.start - line_start + 1]]), [""])
        header = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace").split(",")
        name = header[len(column) - 1] if 0 < len(column) <= len(header) else None
        return None, [
            Problem(
                where,
                row,
                name,
                "encoding-error",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            )
        ]
    if text.startswith("\ufeff"):
        return None, [Problem(where, 1, None, "byte-order-mark", "remove the UTF-8 byte order mark")]
    header = next(csv.reader(io.StringIO(text)), [])
    problems = []
    for name in expected:
        if name not in header:
            problems.append(Problem(where, 1, name, "missing-column", "the header lacks this column"))
    for name in header:
        if name not in expected:
            problems.append(
                Problem(
                    where,
                    1,
                    name,
                    "extra-column",
                    "the schema has no such field; add it to datapackage.json or remove it",
                )
            )
    if not problems and header != expected:
        problems.append(
            Problem(where, 1, None, "column-order", f"columns must be in schema order: {','.join(expected)}")
        )
    return text, problems


# Frictionless errors about the header repeat what _read_text reports more plainly.
_HEADER_ERRORS = {"missing-label", "extra-label", "incorrect-label", "duplicate-label", "blank-label"}
_HINTS = {
    "extra-cell": " (an unquoted comma, such as a decimal comma, splits a value in two;"
    " amounts use a dot as decimal separator)",
    "type-error": " (dates are ISO 8601, YYYY-MM-DD; amounts use a dot as decimal separator)",
}


def _frictionless_problems(
    folder: Path, label: str, descriptor: dict, readable_names: set[str], bad_header: set[str]
) -> list[Problem]:
    """Validate with Frictionless. Files that could not be read at all are left
    out (already reported); a file whose header is wrong keeps only its header
    problems from _read_text, since every row error after it would be noise."""
    import frictionless

    # Foreign keys are resolved by the book rule foreign-keys-resolve (the same
    # check, with field names in its messages, and a third of the time).
    readable = [
        dict(r, schema={k: v for k, v in r["schema"].items() if k != "foreignKeys"})
        for r in descriptor["resources"]
        if r["name"] in readable_names
    ]
    checked = dict(descriptor, resources=readable)
    package = frictionless.Package(checked, basepath=str(folder))
    report = package.validate()
    problems = [
        Problem(f"{label}/{DESCRIPTOR}", None, None, f"descriptor:{e.type}", e.message) for e in report.errors
    ]
    by_name = {r["name"]: r for r in readable}
    for task in report.tasks:
        resource = by_name.get(task.name, {"path": task.place, "schema": {}})
        where = f"{label}/{resource['path']}"
        for error in task.errors:
            if error.type in _HEADER_ERRORS or task.name in bad_header:
                continue
            row = getattr(error, "row_number", None)
            name = getattr(error, "field_name", None) or None
            if error.type == "primary-key":
                name = ",".join(resource["schema"].get("primaryKey", [])) or name
            hint = _HINTS.get(error.type, "")
            problems.append(Problem(where, row, name, error.type, error.message + hint))
    return problems


def _resource_of(problem: Problem, descriptor: dict, label: str) -> str | None:
    for res in descriptor["resources"]:
        if problem.file == f"{label}/{res['path']}":
            return res["name"]
    return None


# ----------------------------------------------------------------------------
# Typing


def _parse(value: str, type_: str) -> Any:
    if value == "":
        return None
    if type_ == "integer":
        return int(value)
    if type_ == "number":
        return Decimal(value)
    if type_ == "date":
        return dt.date.fromisoformat(value)
    if type_ == "boolean":
        # Table Schema's default trueValues; anything else has passed as a falseValue.
        return value in ("true", "True", "TRUE", "1")
    return value


_DTYPES = {"integer": "Int64", "boolean": "boolean", "string": "str", "yearmonth": "str"}


def _typed_frame(text: str, schema: dict) -> pd.DataFrame:
    """A DataFrame in file order (row number = index + 2), typed by the schema."""
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    columns = {}
    for spec in schema["fields"]:
        values = [_parse(row[spec["name"]], spec["type"]) for row in rows]
        dtype = _DTYPES.get(spec["type"], "object")
        columns[spec["name"]] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(columns)
