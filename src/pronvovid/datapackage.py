"""Load the book's data package, validate it, and return typed tables.

One call, ``load_book_data()``, takes the data one way:

1. read ``datapackage.json``: every table the book reads is described, with a
   safe relative ``path`` inside the data folder;
2. read each CSV as UTF-8 and check its header by name (missing, extra,
   duplicated or misplaced columns), which Frictionless can only do by position;
3. validate with Frictionless: types, constraints, primary and foreign keys;
4. type the tables (amounts as ``Decimal``, dates as ``datetime.date``, counts
   as nullable integers) and run the book's rules (``pronvovid.rules``).

Invalid data raises ``DataValidationError``, which lists every problem found
with its file, row, field and rule. Nothing is returned half-validated.

Step 3 is slow (Frictionless takes about two seconds, a second of it to import),
and every chapter loads the data. Its verdict is therefore remembered for
byte-identical files checked by the same code and Frictionless version (see
``_schema_memo``); steps 1, 2 and 4 run on every load.

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
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from pronvovid import paths, rules
from pronvovid.problems import DataValidationError, Problem, RuleResult

DESCRIPTOR = "datapackage.json"
# The tables the chapters read; the package must describe each of them.
TABLES = (
    "sources",
    "organisations",
    "calls",
    "project",
    "project_statements",
    "participations",
    "iati_roles",
    "result_areas",
    "results",
    "indicators",
    "events",
    "event_locations",
    "frameworks",
    "contributions",
    "funding",
    "srs_goals",
    "context_facts",
    "gaps",
    "glossary",
)


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
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def tier(self, name: str) -> str:
        """reported, context or book: the tier of a table's facts."""
        return self.resource(name)["tier"]


def described(spec: dict[str, Any], key: str, language: str) -> str:
    """A descriptor's ``title`` or ``description`` (of the package, a resource or
    a field) in ``language``: the standard property holds the English, a custom
    property ``<key>_<language>`` (``description_sl``) the other languages."""
    return spec[key] if language == "en" else spec[f"{key}_{language}"]


def load_book_data(data_dir: str | Path | None = None) -> BookData:
    """Load and validate the data package; raise ``DataValidationError`` if invalid."""
    folder = paths.data_dir(data_dir)
    descriptor, problems = _read_descriptor(folder)
    if problems:
        raise DataValidationError(problems, folder)

    texts: dict[str, str] = {}
    for res in descriptor["resources"]:
        text, file_problems = _read_csv(folder, res)
        problems += file_problems
        if not file_problems:
            texts[res["name"]] = text

    memo = None if problems else _schema_memo(folder, descriptor, texts)
    schema_from_memo = memo is not None and memo.exists()
    if not schema_from_memo:
        problems += _frictionless_problems(folder, descriptor, set(texts))
    failed = {_table_of(p, descriptor, folder.name) for p in problems}
    tables = {
        res["name"]: _typed_frame(texts[res["name"]], res["schema"])
        for res in descriptor["resources"]
        if res["name"] in texts and res["name"] not in failed
    }
    results = rules.run_all(tables, descriptor, folder.name, folder)
    problems += [p for r in results for p in r.problems]
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


# ----------------------------------------------------------------------------
# 1. The descriptor


def _read_descriptor(folder: Path) -> tuple[dict, list[Problem]]:
    where = f"{folder.name}/{DESCRIPTOR}"

    def problem(field_name: str | None, rule: str, message: str) -> Problem:
        return Problem(where, None, field_name, rule, message)

    try:
        descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, [problem(None, "missing-file", f"{folder / DESCRIPTOR} does not exist")]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, [problem(None, "invalid-json", str(exc))]
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        return {}, [problem("resources", "invalid-descriptor", "no list of resources")]
    problems = []
    names = [r.get("name") for r in resources]
    for name in TABLES:
        if name not in names:
            problems.append(
                problem("resources", "missing-resource", f"no resource {name!r}; the book reads it")
            )
    for name, count in Counter(names).items():
        if name not in TABLES or count > 1:
            problems.append(
                problem("resources", "unknown-resource", f"resource {name!r} is unknown or repeated")
            )
    for res in resources:
        path = res.get("path")
        if not isinstance(path, str) or not path:
            problems.append(problem(f"{res.get('name')}.path", "missing-path", "the resource has no path"))
        elif not rules.inside(folder, path):  # rules.inside also guards sources.archive_path
            message = f"{path!r} must be a relative path to a file inside {folder.name}/"
            problems.append(problem(f"{res.get('name')}.path", "unsafe-path", message))
        if not isinstance((res.get("schema") or {}).get("fields"), list):
            problems.append(
                problem(f"{res.get('name')}.schema", "invalid-descriptor", "no schema with fields")
            )
    return descriptor, problems


# ----------------------------------------------------------------------------
# 2. The files


def _read_csv(folder: Path, res: dict) -> tuple[str, list[Problem]]:
    """Read one CSV as UTF-8 and check its header by name. Frictionless reports
    encoding errors by byte offset and header errors by position; these say the
    row and the column."""
    where = f"{folder.name}/{res['path']}"
    expected = [f.get("name") for f in res["schema"]["fields"]]

    def problem(row: int | None, field_name: str | None, rule: str, message: str) -> list[Problem]:
        return [Problem(where, row, field_name, rule, message)]

    try:
        raw = (folder / res["path"]).read_bytes()
    except FileNotFoundError:
        return "", problem(None, None, "missing-file", "the file does not exist")
    except OSError as exc:
        return "", problem(None, None, "unreadable-file", exc.strerror or str(exc))
    if not raw.strip():
        return "", problem(
            None, None, "empty-file", f"the file is empty; expected a header row: {','.join(expected)}"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[line_start:].split(b"\n", 1)[0].decode("utf-8", errors="replace")
        column = next(csv.reader([line[: exc.start - line_start + 1]]), [""])
        header = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace").split(",")
        name = header[len(column) - 1] if 0 < len(column) <= len(header) else None
        message = f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        return "", problem(row, name, "encoding-error", message)
    if text.startswith("\ufeff"):
        return "", problem(1, None, "byte-order-mark", "remove the UTF-8 byte order mark")
    header = next(csv.reader(io.StringIO(text)), [])
    problems = []
    for name, count in Counter(header).items():
        if count > 1:
            problems += problem(1, name, "duplicate-column", f"the header names this column {count} times")
    for name in expected:
        if name not in header:
            problems += problem(1, name, "missing-column", "the header lacks this column")
    for name in set(header) - set(expected):
        message = "the schema has no such field; add it to datapackage.json or remove it"
        problems += problem(1, name, "extra-column", message)
    if not problems and header != expected:
        problems += problem(1, None, "column-order", f"columns must be in schema order: {','.join(expected)}")
    return text, problems


# ----------------------------------------------------------------------------
# 3. Frictionless


def _schema_memo(folder: Path, descriptor: dict, texts: dict[str, str]) -> Path:
    """Where the verdict "these files pass the schemas" is kept: a file named by
    the digest of the descriptor, every table, this code and the Frictionless
    version, in the project's _build/.cache."""
    digest = hashlib.sha256(json.dumps(descriptor, sort_keys=True).encode())
    for name in sorted(texts):
        digest.update(b"\0" + name.encode() + b"\0" + texts[name].encode())
    for module in ("datapackage.py", "rules.py", "written_forms.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    digest.update(importlib.metadata.version("frictionless").encode())
    return paths.cache_dir(folder) / "schema-valid" / digest.hexdigest()


def _remember(memo: Path) -> None:
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.touch()
    except OSError:  # a read-only checkout: validate again next time
        pass


# Hints for the commonest mistakes in hand-edited CSVs.
_HINTS = {
    "extra-cell": " (an unquoted comma, such as a decimal comma, splits a value in two;"
    " amounts use a dot as decimal separator)",
    "type-error": " (dates are ISO 8601, YYYY-MM-DD; amounts use a dot as decimal separator)",
}
# Header errors: _read_csv reports them by column name.
_HEADER_ERRORS = {"missing-label", "extra-label", "incorrect-label", "duplicate-label", "blank-label"}


def _frictionless_problems(folder: Path, descriptor: dict, readable: set[str]) -> list[Problem]:
    """Frictionless on the tables whose files and headers are sound. Foreign keys
    into a table left out are not checked (that table's problems are reported)."""
    import frictionless

    resources = []
    for res in descriptor["resources"]:
        if res["name"] not in readable:
            continue
        keys = [
            k for k in res["schema"].get("foreignKeys", []) if k["reference"]["resource"] in readable | {""}
        ]
        resources.append(dict(res, schema=dict(res["schema"], foreignKeys=keys)))
    try:
        report = frictionless.Package(dict(descriptor, resources=resources), basepath=str(folder)).validate()
    except frictionless.FrictionlessException as exc:
        return [Problem(f"{folder.name}/{DESCRIPTOR}", None, None, "invalid-descriptor", str(exc))]
    problems = [
        Problem(f"{folder.name}/{DESCRIPTOR}", None, None, f"descriptor:{e.type}", e.message)
        for e in report.errors
    ]
    paths_of = {r["name"]: r["path"] for r in resources}
    for task in report.tasks:
        where = f"{folder.name}/{paths_of.get(task.name, task.place)}"
        for error in task.errors:
            if error.type in _HEADER_ERRORS:
                continue
            names = getattr(error, "field_names", None) or [getattr(error, "field_name", None)]
            if error.type == "primary-key":
                names = next(r["schema"]["primaryKey"] for r in resources if r["name"] == task.name)
            field_name = ",".join(n for n in names if n) or None
            message = error.message + _HINTS.get(error.type, "")
            problems.append(
                Problem(where, getattr(error, "row_number", None), field_name, error.type, message)
            )
    return problems


def _table_of(problem: Problem, descriptor: dict, label: str) -> str | None:
    return next((r["name"] for r in descriptor["resources"] if problem.file == f"{label}/{r['path']}"), None)


# ----------------------------------------------------------------------------
# 4. Typed tables


def _parse(value: str, type_: str) -> Any:
    """A cell Frictionless has accepted, as the exact Python value."""
    if value == "":
        return None
    if type_ == "integer":
        return int(value)
    if type_ == "number":
        try:
            return Decimal(value)
        except InvalidOperation:  # e.g. "NaN" spelled another way: the rules report it
            return Decimal("NaN")
    if type_ == "date":
        return dt.date.fromisoformat(value)
    if type_ == "boolean":
        # Table Schema's default trueValues; anything else has passed as a falseValue.
        return value in ("true", "True", "TRUE", "1")
    return value


_DTYPES = {"integer": "Int64", "boolean": "boolean", "string": "str", "yearmonth": "str"}


def _typed_frame(text: str, schema: dict) -> pd.DataFrame:
    """A DataFrame in file order (row number = index + 2), typed by the schema."""
    rows = list(csv.DictReader(io.StringIO(text)))
    return pd.DataFrame(
        {
            spec["name"]: pd.Series(
                [_parse(row[spec["name"]], spec["type"]) for row in rows],
                dtype=_DTYPES.get(spec["type"], "object"),
            )
            for spec in schema["fields"]
        }
    )
