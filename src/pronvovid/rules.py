"""The book's own data rules, run on the typed tables after Frictionless has
checked the schemas (types, constraints, primary and foreign keys).

Every rule has one shape: a function registered with ``@rule(id, *tables)``
that calls ``check(ok, table, index, field, message)`` once per value it
checks. What a rule checks, in words, is the phrase ``rule.<id>`` of the phrase
catalogue (``messages.TEXT``, translated in ``locales/``), which chapter 5's
rules table shows in each edition's language; ``Rule.description`` is its
English. A rule whose tables failed the schema is not run (its result says so),
so that one broken file does not bury the real problems under noise.

Two field properties in ``datapackage.json`` drive the quote rules:
``"quoted": true`` (the value must stand in the row's ``quote_sl``: numbers
in a Slovenian written form, dates as the report writes them, text verbatim)
and ``"writtenFormOf": "<field>"`` (this text is how the report writes that
field's number, so it must appear in the quote and mean that number). The
quotes themselves are checked against the report's text as retrieved, which
the package archives (``sources.archive_path``, with its ``archive_sha256``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

import pandas as pd

from pronvovid import messages, written_forms
from pronvovid.problems import Problem, RuleResult

# Values the chapters compute with, which the schema leaves optional for other
# rows: (table, key field, key value) -> the fields that row must fill.
VALUES_THE_CHAPTERS_USE = {
    ("sources", "source_id", "report"): ("url", "published_date"),
    **{
        ("context_facts", "fact_id", fact): fields
        for fact, fields in {
            "call-published": ("date", "call_id"),
            "call-deadline": ("date", "call_id"),
            "call-total": ("value", "call_id"),
            "call-subsidy-per-job": ("value", "call_id"),
            "call-max-per-project": ("value", "call_id"),
            "call-min-employment": ("value", "call_id"),
            "call-max-partners": ("value", "call_id"),
            "srs-adopted": ("date",),
            "srs-goal-count": ("value",),
            "manifesto-presented": ("date", "event_id"),
            "network-meeting": ("date",),
        }.items()
    },
}


@dataclass
class Tables:
    """The typed tables that passed the schema, with what the descriptor says of them."""

    frames: dict[str, pd.DataFrame]
    descriptor: dict
    label: str
    folder: Path  # the data folder, for the files the tables point to (the archived report)

    def _resource(self, table: str) -> dict:
        return next(r for r in self.descriptor["resources"] if r["name"] == table)

    def file(self, table: str) -> str:
        return f"{self.label}/{self._resource(table)['path']}"

    def fields(self, table: str) -> list[dict]:
        return self._resource(table)["schema"]["fields"]

    def tier(self, table: str) -> str:
        return self._resource(table).get("tier", "")

    def rows(self, table: str) -> Iterator[tuple[int, dict]]:
        """(index, row) in file order; missing values are None."""
        for i, row in enumerate(self.frames[table].to_dict("records")):
            yield i, {k: (None if _missing(v) else v) for k, v in row.items()}

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.frames[table]

    def mapping(self, table: str, key: str, value: str) -> dict:
        """``key`` -> ``value`` over a table's rows."""
        return dict(zip(self.frames[table][key], self.frames[table][value], strict=True))


def _missing(value) -> bool:
    return value is None or (not isinstance(value, (str, Decimal, dt.date)) and pd.isna(value))


@dataclass
class Check:
    """Counts the values a rule checks and records those that fail."""

    tables: Tables
    rule_id: str
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    def __call__(self, ok: bool, table: str, index: int | None, field_name: str | None, message: str) -> bool:
        self.checked += 1
        if not ok:
            # Frames keep file order, so data row i is row i + 2 (the header is row 1).
            row = None if index is None else index + 2
            self.problems.append(Problem(self.tables.file(table), row, field_name, self.rule_id, message))
        return ok


@dataclass(frozen=True)
class Rule:
    rule_id: str
    tables: tuple[str, ...]  # empty: the rule scans every table that passed the schema
    function: Callable[[Tables, Check], None]

    @property
    def description(self) -> str:
        """What the rule checks, in English (the phrase ``rule.<id>``; ``fmt.text`` gives it translated)."""
        return messages.TEXT[f"rule.{self.rule_id}"]


RULES: list[Rule] = []


def rule(rule_id: str, *tables: str):
    def register(function: Callable[[Tables, Check], None]):
        RULES.append(Rule(rule_id, tables, function))
        return function

    return register


def run_all(frames: dict[str, pd.DataFrame], descriptor: dict, label: str, folder: Path) -> list[RuleResult]:
    """Run every rule whose tables passed the schema."""
    tables = Tables(frames, descriptor, label, folder)
    results = []
    for r in RULES:
        missing = [t for t in r.tables if t not in frames]
        if missing:
            reason = f"table(s) failed the schema: {', '.join(missing)}"
            results.append(RuleResult(r.rule_id, r.description, 0, skipped_because=reason))
            continue
        check = Check(tables, r.rule_id)
        r.function(tables, check)
        results.append(RuleResult(r.rule_id, r.description, check.checked, tuple(check.problems)))
    return results


def inside(folder: Path, path: str) -> bool:
    """True if ``path`` is relative, has no '..', and (symlinks followed) stays in ``folder``."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "\\" in path:
        return False
    return (folder / pure).resolve().is_relative_to(folder.resolve())


def whitespace_normalised(text: str) -> str:
    """Runs of whitespace (spaces, tabs, line breaks, no-break spaces) as one space, none at the ends."""
    return re.sub(r"\s+", " ", text).strip()


# ----------------------------------------------------------------------------
# Every value


@rule("finite-numbers")
def finite_numbers(t: Tables, check: Check) -> None:
    for table in t.frames:
        numbers = [f["name"] for f in t.fields(table) if f["type"] == "number"]
        for i, row in t.rows(table):
            for name in numbers:
                if row[name] is not None:
                    check(row[name].is_finite(), table, i, name, f"{row[name]} is not a finite number")


@rule("clean-text")
def clean_text(t: Tables, check: Check) -> None:
    for table in t.frames:
        texts = [f["name"] for f in t.fields(table) if f["type"] == "string"]
        for i, row in t.rows(table):
            for name in texts:
                value = row[name]
                if value is None:
                    continue
                if check(value == value.strip(), table, i, name, f"{value!r} has leading or trailing spaces"):
                    check(
                        unicodedata.is_normalized("NFC", value),
                        table,
                        i,
                        name,
                        f"{value!r} is not in Unicode NFC (composed) form; save it composed",
                    )


# ----------------------------------------------------------------------------
# Money


@rule("one-project", "project")
def one_project(t: Tables, check: Check) -> None:
    n = len(t["project"])
    check(n == 1, "project", None, None, f"the book describes one project; found {n} rows")


@rule("parts-sum-to-total", "funding")
def parts_sum_to_total(t: Tables, check: Check) -> None:
    funding = t["funding"]
    totals = funding[funding["kind"] == "total"]
    if not check(
        len(totals) == 1, "funding", None, "kind", f"expected one row of kind total, found {len(totals)}"
    ):
        return
    total = totals["amount_eur"].iloc[0]
    parts = sum(funding.loc[funding["kind"] == "part", "amount_eur"], Decimal("0"))
    check(
        parts == total,
        "funding",
        int(totals.index[0]),
        "amount_eur",
        f"the parts sum to {parts} EUR but the total is {total} EUR (difference {total - parts} EUR)",
    )


@rule("amounts-to-the-cent", "funding", "context_facts")
def amounts_to_the_cent(t: Tables, check: Check) -> None:
    for table, name, is_euro in (
        ("funding", "amount_eur", lambda row: True),
        ("context_facts", "value", lambda row: (row["unit_en"] or "").startswith("EUR")),
    ):
        for i, row in t.rows(table):
            if row[name] is not None and row[name].is_finite() and is_euro(row):
                exponent = row[name].as_tuple().exponent
                check(
                    exponent == -2, table, i, name, f"{row[name]} EUR must have exactly two decimals (cents)"
                )


# ----------------------------------------------------------------------------
# Dates


@rule("dates-in-order", "project", "events", "context_facts")
def dates_in_order(t: Tables, check: Check) -> None:
    for i, row in t.rows("project"):
        start, end = row["start_date"], row["end_date"]
        check(start < end, "project", i, "end_date", f"end {end} is not after start {start}")
    if len(t["project"]) != 1:
        return  # one-project reports it
    project = t["project"].iloc[0]
    start, end, call_id = project["start_date"], project["end_date"], project["call_id"]
    for i, row in t.rows("events"):
        year = row["year"]
        check(start.year <= year <= end.year, "events", i, "year", f"{year} is outside {start} to {end}")
    for i, row in t.rows("context_facts"):
        date = row["date"]
        if date is not None and row["event_id"] is not None:
            check(
                start <= date <= end, "context_facts", i, "date", f"the event's {date} is outside the project"
            )
        if date is not None and row["call_id"] == call_id:
            message = f"a date of the project's call ({date}) must precede its start {start}"
            check(date < start, "context_facts", i, "date", message)


# ----------------------------------------------------------------------------
# Quotes


@rule("numbers-match-quotes")
def numbers_match_quotes(t: Tables, check: Check) -> None:
    for table in t.frames:
        specs = t.fields(table)
        quoted = [f for f in specs if f.get("quoted") and f["type"] in ("integer", "number", "date")]
        written = [f for f in specs if f.get("writtenFormOf")]
        for i, row in t.rows(table):
            sentence = row.get("quote_sl") or ""
            for spec in quoted:
                value = row[spec["name"]]
                if value is None:
                    continue
                if spec["type"] == "date":
                    ok, forms = written_forms.date_in(value, sentence), written_forms.date_forms(value)
                else:
                    number = int(value)
                    ok, forms = (
                        written_forms.integer_in(number, sentence),
                        written_forms.integer_forms(number),
                    )
                message = f"{value} does not appear in quote_sl (looked for: {', '.join(forms)})"
                check(ok, table, i, spec["name"], message)
            for spec in written:
                text, target = row[spec["name"]], spec["writtenFormOf"]
                meaning = written_forms.value_of_written(text)
                message = f"{row[target]} does not match how the report writes it ({spec['name']} = {text!r})"
                if check(meaning is not None and meaning == Decimal(row[target]), table, i, target, message):
                    appears = written_forms.appears_in(text, sentence)
                    check(appears, table, i, spec["name"], f"{text!r} does not appear in quote_sl")


@rule("names-match-quotes")
def names_match_quotes(t: Tables, check: Check) -> None:
    for table in t.frames:
        quoted = [
            f["name"]
            for f in t.fields(table)
            if f.get("quoted") and f["type"] == "string" and not f.get("writtenFormOf")
        ]
        for i, row in t.rows(table):
            for name in quoted:
                if row[name] is not None:
                    message = f"{row[name]!r} does not appear verbatim in quote_sl"
                    check(row[name] in (row.get("quote_sl") or ""), table, i, name, message)


@rule("quotes-in-archive", "sources")
def quotes_in_archive(t: Tables, check: Check) -> None:
    archives: dict[str, tuple[str, str]] = {}  # source_id -> (archive path, normalised text)
    for i, row in t.rows("sources"):
        path, recorded = row["archive_path"], row["archive_sha256"]
        message = "archive_path and archive_sha256 go together"
        check((path is None) == (recorded is None), "sources", i, "archive_sha256", message)
        if path is None:
            continue
        message = f"{path!r} must be a relative path to a file inside {t.label}/"
        if not check(inside(t.folder, path), "sources", i, "archive_path", message):
            continue  # never read a file outside the data folder
        try:
            raw = (t.folder / path).read_bytes()
        except OSError as exc:
            check(False, "sources", i, "archive_path", f"the archive cannot be read: {exc.strerror or exc}")
            continue
        digest = hashlib.sha256(raw).hexdigest()
        message = (
            f"{t.label}/{path} has sha256 {digest}, not the recorded {recorded}: "
            "the archived text was changed (or the record is wrong)"
        )
        check(digest == recorded, "sources", i, "archive_sha256", message)
        try:
            archives[row["source_id"]] = (path, whitespace_normalised(raw.decode("utf-8")))
        except UnicodeDecodeError:
            check(False, "sources", i, "archive_path", f"{t.label}/{path} is not UTF-8 text")
    report = next((row["source_id"] for _, row in t.rows("sources") if row["kind"] == "report"), None)
    for table in t.frames:
        quotes = [
            f["name"]
            for f in t.fields(table)
            if f["type"] == "string"
            and (f["name"] == "quote_sl" or f.get("quoted"))
            and not f.get("writtenFormOf")
        ]
        for i, row in t.rows(table):
            source = row.get("source_id") or report
            for name in quotes:
                if row[name] is None:
                    continue
                if source not in archives:
                    message = f"its source {source!r} has no archived text to check the quote against"
                    check(False, table, i, name, message)
                    continue
                path, text = archives[source]
                message = f"{row[name]!r} does not appear verbatim in {t.label}/{path} (whitespace aside)"
                check(whitespace_normalised(row[name]) in text, table, i, name, message)


# ----------------------------------------------------------------------------
# Consistency between tables


@rule("groups-not-exceeding-units", "indicators")
def groups_not_exceeding_units(t: Tables, check: Check) -> None:
    value_of = t.mapping("indicators", "indicator_id", "value")
    for i, row in t.rows("indicators"):
        group = row["groups_indicator_id"]
        if group in value_of:
            message = (
                f"{row['indicator_id']} = {row['value']} is fewer than "
                f"{group} = {value_of[group]}, the groups they came from"
            )
            check(row["value"] >= value_of[group], "indicators", i, "value", message)


@rule("area-results-consistent", "result_areas", "results")
def area_results_consistent(t: Tables, check: Check) -> None:
    counts = t["results"]["area_id"].value_counts()
    for i, row in t.rows("result_areas"):
        n = int(counts.get(row["area_id"], 0))
        message = (
            f"says {row['results_reported']} but results.csv has {n} result(s) for area {row['area_id']}"
        )
        check(bool(row["results_reported"]) == (n > 0), "result_areas", i, "results_reported", message)


@rule("locations-match-count", "events", "event_locations", "indicators")
def locations_match_count(t: Tables, check: Check) -> None:
    value_of = t.mapping("indicators", "indicator_id", "value")
    counts = t["event_locations"]["event_id"].value_counts()
    for i, row in t.rows("events"):
        expected = value_of.get(row["locations_indicator_id"])
        found = int(counts.get(row["event_id"], 0))
        if expected is not None:
            message = f"the report counts {expected} location(s) but event_locations.csv lists {found}"
            check(found == expected, "events", i, "locations_indicator_id", message)


@rule("tiers-match-sources", "sources")
def tiers_match_sources(t: Tables, check: Check) -> None:
    sources = {row["source_id"]: row for _, row in t.rows("sources")}
    allowed = {"reported": {"report"}, "context": {"context"}, "book": {"report", "book"}}
    for i, row in t.rows("sources"):
        message = "a context source needs a status (verified or secondary); others have none"
        check((row["kind"] == "context") == (row["status"] is not None), "sources", i, "status", message)
    for table, frame in t.frames.items():
        tier = t.tier(table)
        if table == "sources" or "source_id" not in frame.columns or tier not in allowed:
            continue
        for i, row in t.rows(table):
            source = sources.get(row["source_id"])
            if source is None:
                continue  # an unknown source is a foreign-key error, reported by Frictionless
            message = f"a {tier} table cannot cite {row['source_id']!r}, a {source['kind']} source"
            if check(source["kind"] in allowed[tier], table, i, "source_id", message) and "status" in row:
                message = (
                    f"{row['status']!r} differs from the status of its source "
                    f"{row['source_id']!r} ({source['status']!r})"
                )
                check(row["status"] == source["status"], table, i, "status", message)


@rule("sources-checkable", "sources")
def sources_checkable(t: Tables, check: Check) -> None:
    for i, row in t.rows("sources"):
        if row["kind"] not in ("report", "context"):
            continue
        message = "a source needs its address (url), or a url_note saying why there is none"
        check(row["url"] is not None or row["url_note"] is not None, "sources", i, "url", message)
        if row["url"] is not None:
            message = "an address needs the date it was retrieved"
            check(row["retrieved_date"] is not None, "sources", i, "retrieved_date", message)


@rule("srs-goal-names-match", "contributions", "srs_goals")
def srs_goal_names_match(t: Tables, check: Check) -> None:
    names = t.mapping("srs_goals", "goal_number", "name_sl")
    for i, row in t.rows("contributions"):
        goal = row["srs_goal_number"]
        if goal in names:
            message = f"the quote does not name goal {goal} as the public list does ({names[goal]!r})"
            check(names[goal] in row["quote_sl"], "contributions", i, "srs_goal_number", message)


@rule("units-with-values", "context_facts")
def units_with_values(t: Tables, check: Check) -> None:
    for i, row in t.rows("context_facts"):
        has_value, has_unit = row["value"] is not None, row["unit_en"] is not None
        field_name, message = (
            ("unit_en", "a value needs its unit") if has_value else ("value", "a unit needs its value")
        )
        check(has_value == has_unit, "context_facts", i, field_name, message)


@rule("values-the-chapters-use", "sources", "context_facts", "contributions", "frameworks")
def values_the_chapters_use(t: Tables, check: Check) -> None:
    needed = dict(VALUES_THE_CHAPTERS_USE)
    laws = set(t["frameworks"].loc[t["frameworks"]["kind"] == "law", "framework_id"])
    for _, row in t.rows("contributions"):
        if row["framework_id"] in laws:
            needed[("contributions", "contribution_id", row["contribution_id"])] = (
                "law_article",
                "law_paragraph",
            )
    for (table, key, key_value), fields in needed.items():
        found = [(i, row) for i, row in t.rows(table) if row[key] == key_value]
        if not check(bool(found), table, None, key, f"the chapters use the row {key_value!r}; it is missing"):
            continue
        i, row = found[0]
        for name in fields:
            check(row[name] is not None, table, i, name, f"the chapters use this {name} of {key_value}")


@rule("twins-filled")
def twins_filled(t: Tables, check: Check) -> None:
    for table in t.frames:
        names = [f["name"] for f in t.fields(table)]
        pairs = []
        for name in names:
            if not name.endswith("_en"):
                continue
            twin = name.removesuffix("_en") + "_sl"
            message = f"{name} has no Slovenian twin {twin}: the Slovenian edition would show English"
            if check(twin in names, table, None, name, message):
                pairs.append((name, twin))
        for i, row in t.rows(table):
            for en, sl in pairs:
                filled, empty = (en, sl) if row[en] is not None else (sl, en)
                message = f"{filled} is filled but its twin {empty} is empty"
                check((row[en] is None) == (row[sl] is None), table, i, empty, message)


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _english_integer_forms(value: int) -> list[str]:
    """12, 2,000,000 and the ordinal 12th: how our English statements write an integer."""
    suffix = "th" if value % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return [str(value), f"{value:,}", f"{value}{suffix}"]


@rule("statements-match-values", "context_facts")
def statements_match_values(t: Tables, check: Check) -> None:
    for i, row in t.rows("context_facts"):
        wanted: dict[str, list[list[str]]] = {"statement_en": [], "statement_sl": []}
        if row["date"] is not None:
            date = row["date"]
            wanted["statement_en"].append([f"{date.day} {_MONTHS_EN[date.month - 1]} {date.year}"])
            wanted["statement_sl"].append(written_forms.date_forms(date))
        if row["month"] is not None:
            year, month = (int(part) for part in row["month"].split("-"))
            wanted["statement_en"].append([f"{_MONTHS_EN[month - 1]} {year}"])
            wanted["statement_sl"].append([f"{name} {year}" for name in written_forms.MONTHS_SL[month - 1]])
        value = row["value"]
        if value is not None and value.is_finite() and value == value.to_integral_value():
            wanted["statement_en"].append(_english_integer_forms(int(value)))
            wanted["statement_sl"].append(written_forms.integer_forms(int(value)))
        for name, alternatives in wanted.items():
            statement = row[name] or ""
            for forms in alternatives:
                message = f"the statement does not write the row's value (looked for: {', '.join(forms)})"
                check(
                    any(written_forms.appears_in(form, statement) for form in forms),
                    "context_facts",
                    i,
                    name,
                    message,
                )
