"""The book's own data rules, run after the Frictionless schema checks.

Each rule states what it guarantees, checks the typed tables and returns the
problems it found with file, row and field. A rule whose tables failed the
schema is not run (its result says so), so that one broken file does not
bury the real problems under follow-on noise.

Two field properties in ``datapackage.json`` drive the quote rules:
``"quoted": true`` (the value must stand in the row's ``quote_sl``: numbers
in a Slovenian written form, dates as the report writes them, text verbatim)
and ``"writtenFormOf": "<field>"`` (this text is how the report writes that
field's number, so it must appear in the quote and mean that number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from pronvovid import written_forms
from pronvovid.datapackage import Problem, RuleResult


@dataclass(frozen=True)
class Context:
    tables: dict[str, pd.DataFrame]
    descriptor: dict
    label: str

    def file(self, table: str) -> str:
        for res in self.descriptor["resources"]:
            if res["name"] == table:
                return f"{self.label}/{res['path']}"
        return f"{self.label}/{table}.csv"

    def fields(self, table: str) -> list[dict]:
        for res in self.descriptor["resources"]:
            if res["name"] == table:
                return res["schema"]["fields"]
        return []

    def tier(self, table: str) -> str:
        for res in self.descriptor["resources"]:
            if res["name"] == table:
                return res.get("tier", "")
        return ""

    def problem(self, table: str, index: int | None, field: str | None, rule: str, message: str) -> Problem:
        # Frames keep file order, so data row i is row i + 2 (the header is row 1).
        return Problem(self.file(table), None if index is None else index + 2, field, rule, message)


Check = Callable[[Context, str], tuple[int, list[Problem]]]


@dataclass(frozen=True)
class Rule:
    rule_id: str
    description: str
    tables: tuple[str, ...]
    check: Check


def _rows(frame: pd.DataFrame) -> Iterable[tuple[int, dict]]:
    for i, row in enumerate(frame.to_dict("records")):
        yield i, {k: (None if _missing(v) else v) for k, v in row.items()}


def _missing(value) -> bool:
    return value is None or (not isinstance(value, (str, Decimal, dt.date)) and pd.isna(value))


# ----------------------------------------------------------------------------
# Keys


def foreign_keys_resolve(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    """Every foreignKeys entry of the schemas: each non-empty reference exists.
    A reference into a table that failed the schema is not checked (that
    table's own problems are reported)."""
    problems, checked = [], 0
    for res in ctx.descriptor["resources"]:
        table = res["name"]
        if table not in ctx.tables:
            continue
        for key in res["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"] or table
            if target not in ctx.tables:
                continue
            fields, ref_fields = key["fields"], key["reference"]["fields"]
            known = set(ctx.tables[target][ref_fields].itertuples(index=False, name=None))
            for i, row in _rows(ctx.tables[table][fields]):
                values = tuple(row[f] for f in fields)
                if any(v is None for v in values):
                    continue
                checked += 1
                if values not in known:
                    problems.append(
                        ctx.problem(
                            table,
                            i,
                            ",".join(fields),
                            rule,
                            f"{', '.join(map(str, values))} is not a {'/'.join(ref_fields)} of {target}",
                        )
                    )
    return checked, problems


# ----------------------------------------------------------------------------
# Money


def parts_sum_to_total(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    funding = ctx.tables["funding"]
    totals = funding[funding["kind"] == "total"]
    parts = funding[funding["kind"] == "part"]
    if len(totals) != 1:
        return len(funding), [
            ctx.problem(
                "funding", None, "kind", rule, f"expected exactly one row of kind total, found {len(totals)}"
            )
        ]
    total = totals["amount_eur"].iloc[0]
    parts_sum = sum(parts["amount_eur"], Decimal("0"))
    if parts_sum != total:
        return len(funding), [
            ctx.problem(
                "funding",
                int(totals.index[0]),
                "amount_eur",
                rule,
                f"the parts sum to {parts_sum} EUR but the total is {total} EUR "
                f"(difference {total - parts_sum} EUR)",
            )
        ]
    return len(funding), []


def amounts_to_the_cent(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    problems, checked = [], 0
    for i, row in _rows(ctx.tables["funding"]):
        checked += 1
        if row["amount_eur"] is not None and row["amount_eur"].as_tuple().exponent != -2:
            problems.append(
                ctx.problem(
                    "funding",
                    i,
                    "amount_eur",
                    rule,
                    f"{row['amount_eur']} must be written with exactly two decimals (cents)",
                )
            )
    for i, row in _rows(ctx.tables["context_facts"]):
        if row["value"] is not None and (row["unit_en"] or "").startswith("EUR"):
            checked += 1
            if row["value"].as_tuple().exponent != -2:
                problems.append(
                    ctx.problem(
                        "context_facts",
                        i,
                        "value",
                        rule,
                        f"{row['value']} EUR must be written with exactly two decimals",
                    )
                )
    return checked, problems


def no_negative_values(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    problems, checked = [], 0
    for table, frame in ctx.tables.items():
        numeric = [f["name"] for f in ctx.fields(table) if f["type"] in ("integer", "number")]
        for i, row in _rows(frame):
            for name in numeric:
                if row[name] is None:
                    continue
                checked += 1
                if row[name] < 0:
                    problems.append(ctx.problem(table, i, name, rule, f"{row[name]} is negative"))
    return checked, problems


# ----------------------------------------------------------------------------
# Dates


def dates_in_order(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    problems, checked = [], 0
    project = ctx.tables["project"]
    for i, row in _rows(project):
        checked += 1
        if row["start_date"] >= row["end_date"]:
            problems.append(
                ctx.problem(
                    "project",
                    i,
                    "end_date",
                    rule,
                    f"end {row['end_date']} is not after start {row['start_date']}",
                )
            )
    if len(project) != 1:
        return checked, problems
    start, end = project["start_date"].iloc[0], project["end_date"].iloc[0]
    call_id = project["call_id"].iloc[0]
    for i, row in _rows(ctx.tables["events"]):
        checked += 1
        if not start.year <= row["year"] <= end.year:
            problems.append(
                ctx.problem(
                    "events", i, "year", rule, f"{row['year']} is outside the project period {start} to {end}"
                )
            )
    for i, row in _rows(ctx.tables["context_facts"]):
        if row["date"] is None:
            continue
        if row["event_id"] is not None:
            checked += 1
            if not start <= row["date"] <= end:
                problems.append(
                    ctx.problem(
                        "context_facts",
                        i,
                        "date",
                        rule,
                        f"the event's date {row['date']} is outside the project period",
                    )
                )
        if row["call_id"] == call_id:
            checked += 1
            if row["date"] >= start:
                problems.append(
                    ctx.problem(
                        "context_facts",
                        i,
                        "date",
                        rule,
                        f"a date of the project's call ({row['date']}) must precede its start {start}",
                    )
                )
    return checked, problems


# ----------------------------------------------------------------------------
# Quotes


def numbers_match_quotes(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    """Every quoted number or date stands in its row's quote as the report writes it."""
    problems, checked = [], 0
    for table, frame in ctx.tables.items():
        specs = ctx.fields(table)
        quoted = [f for f in specs if f.get("quoted") and f["type"] in ("integer", "number", "date")]
        written = [f for f in specs if f.get("writtenFormOf")]
        for i, row in _rows(frame):
            sentence = row.get("quote_sl") or ""
            for spec in quoted:
                value = row[spec["name"]]
                if value is None:
                    continue
                checked += 1
                if spec["type"] == "date":
                    ok, forms = written_forms.date_in(value, sentence), written_forms.date_forms(value)
                else:
                    ok, forms = (
                        written_forms.integer_in(int(value), sentence),
                        written_forms.integer_forms(int(value)),
                    )
                if not ok:
                    problems.append(
                        ctx.problem(
                            table,
                            i,
                            spec["name"],
                            rule,
                            f"{value} does not appear in quote_sl (looked for: {', '.join(forms)})",
                        )
                    )
            for spec in written:
                text, target = row[spec["name"]], spec["writtenFormOf"]
                checked += 1
                meaning = written_forms.value_of_written(text)
                if meaning is None or meaning != Decimal(row[target]):
                    problems.append(
                        ctx.problem(
                            table,
                            i,
                            target,
                            rule,
                            f"{row[target]} does not match how the report writes it "
                            f"({spec['name']} = {text!r})",
                        )
                    )
                elif not written_forms.appears_in(text, sentence):
                    problems.append(
                        ctx.problem(table, i, spec["name"], rule, f"{text!r} does not appear in quote_sl")
                    )
    return checked, problems


def names_match_quotes(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    """Every quoted text (a name, a title, a role) stands verbatim in its row's quote."""
    problems, checked = [], 0
    for table, frame in ctx.tables.items():
        quoted = [
            f["name"]
            for f in ctx.fields(table)
            if f.get("quoted") and f["type"] == "string" and not f.get("writtenFormOf")
        ]
        for i, row in _rows(frame):
            for name in quoted:
                if row[name] is None:
                    continue
                checked += 1
                if row[name] not in (row.get("quote_sl") or ""):
                    problems.append(
                        ctx.problem(
                            table, i, name, rule, f"{row[name]!r} does not appear verbatim in quote_sl"
                        )
                    )
    return checked, problems


# ----------------------------------------------------------------------------
# Consistency between tables


def groups_not_exceeding_units(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    """A count is not smaller than the count of the groups it came from
    (34 participants from 21 NGOs: each NGO sent at least one)."""
    indicators = ctx.tables["indicators"]
    value_of = dict(zip(indicators["indicator_id"], indicators["value"], strict=True))
    problems, checked = [], 0
    for i, row in _rows(indicators):
        group = row["groups_indicator_id"]
        if group is None or group not in value_of:
            continue
        checked += 1
        if row["value"] < value_of[group]:
            problems.append(
                ctx.problem(
                    "indicators",
                    i,
                    "value",
                    rule,
                    f"{row['indicator_id']} = {row['value']} is fewer than "
                    f"{group} = {value_of[group]}, the groups they came from",
                )
            )
    return checked, problems


def area_results_consistent(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    """An area marked as having results has some; an area marked empty has none."""
    counts = ctx.tables["results"]["area_id"].value_counts()
    problems = []
    for i, row in _rows(ctx.tables["result_areas"]):
        n = int(counts.get(row["area_id"], 0))
        if bool(row["results_reported"]) != (n > 0):
            problems.append(
                ctx.problem(
                    "result_areas",
                    i,
                    "results_reported",
                    rule,
                    f"says {row['results_reported']} but results.csv has {n} result(s) "
                    f"for area {row['area_id']}",
                )
            )
    return len(ctx.tables["result_areas"]), problems


def locations_match_count(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    """An event has as many location rows as the report's count of its locations."""
    indicators = ctx.tables["indicators"]
    value_of = dict(zip(indicators["indicator_id"], indicators["value"], strict=True))
    counts = ctx.tables["event_locations"]["event_id"].value_counts()
    problems = []
    for i, row in _rows(ctx.tables["events"]):
        expected = value_of.get(row["locations_indicator_id"])
        found = int(counts.get(row["event_id"], 0))
        if expected is not None and found != expected:
            problems.append(
                ctx.problem(
                    "events",
                    i,
                    "locations_indicator_id",
                    rule,
                    f"the report counts {expected} location(s) but event_locations.csv lists {found}",
                )
            )
    return len(ctx.tables["events"]), problems


def tiers_match_sources(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    """Reported tables cite the report; context tables cite context sources with
    the same verification status; nothing else is mixed in."""
    sources = {r["source_id"]: r for _, r in _rows(ctx.tables["sources"])}
    allowed = {"reported": {"report"}, "context": {"context"}, "book": {"report", "book"}}
    problems, checked = [], 0
    for i, row in _rows(ctx.tables["sources"]):
        checked += 1
        if (row["kind"] == "context") != (row["status"] is not None):
            problems.append(
                ctx.problem(
                    "sources",
                    i,
                    "status",
                    rule,
                    "a context source needs a status (verified or secondary); others have none",
                )
            )
    for table, frame in ctx.tables.items():
        tier = ctx.tier(table)
        if table == "sources" or "source_id" not in frame.columns or tier not in allowed:
            continue
        for i, row in _rows(frame):
            source = sources.get(row["source_id"])
            if source is None:
                continue  # an unknown source is a foreign-key error, reported by the schema
            checked += 1
            if source["kind"] not in allowed[tier]:
                problems.append(
                    ctx.problem(
                        table,
                        i,
                        "source_id",
                        rule,
                        f"a {tier} table cannot cite {row['source_id']!r}, a {source['kind']} source",
                    )
                )
            elif "status" in row and row["status"] != source["status"]:
                problems.append(
                    ctx.problem(
                        table,
                        i,
                        "status",
                        rule,
                        f"{row['status']!r} differs from the status of its source "
                        f"{row['source_id']!r} ({source['status']!r})",
                    )
                )
    return checked, problems


def srs_goal_names_match(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    """Where the report cites an SRS 2030 goal, it names it as the public list does."""
    goals = ctx.tables["srs_goals"]
    names = dict(zip(goals["goal_number"], goals["name_sl"], strict=True))
    problems, checked = [], 0
    for i, row in _rows(ctx.tables["contributions"]):
        goal = row["srs_goal_number"]
        if goal is None or goal not in names:
            continue
        checked += 1
        if names[goal] not in row["quote_sl"]:
            problems.append(
                ctx.problem(
                    "contributions",
                    i,
                    "srs_goal_number",
                    rule,
                    f"the quote does not name goal {goal} as the public list does ({names[goal]!r})",
                )
            )
    return checked, problems


def one_project(ctx: Context, rule: str) -> tuple[int, list[Problem]]:
    n = len(ctx.tables["project"])
    if n != 1:
        return n, [
            ctx.problem("project", None, None, rule, f"the book describes one project; found {n} rows")
        ]
    return 1, []


RULES: tuple[Rule, ...] = (
    Rule(
        "foreign-keys-resolve",
        "Every reference between tables (the schemas' foreign keys) resolves.",
        (),
        foreign_keys_resolve,
    ),
    Rule("one-project", "The package describes exactly one project.", ("project",), one_project),
    Rule(
        "parts-sum-to-total",
        "The financing parts sum exactly (to the cent) to the reported total.",
        ("funding",),
        parts_sum_to_total,
    ),
    Rule(
        "amounts-to-the-cent",
        "Amounts in euros are written with exactly two decimals.",
        ("funding", "context_facts"),
        amounts_to_the_cent,
    ),
    Rule("no-negative-values", "No count or amount is negative.", (), no_negative_values),
    Rule(
        "dates-in-order",
        "The project ends after it starts; events fall in the project period; "
        "the call's dates precede the project.",
        ("project", "events", "context_facts"),
        dates_in_order,
    ),
    Rule(
        "numbers-match-quotes",
        "Every reported number and date appears in its quoted sentence as the "
        "report writes it (digits such as 76.334,02 or a word such as »treh«).",
        (),
        numbers_match_quotes,
    ),
    Rule(
        "names-match-quotes",
        "Every reported name, title and role appears verbatim in its quoted sentence.",
        (),
        names_match_quotes,
    ),
    Rule(
        "groups-not-exceeding-units",
        "A count is not smaller than the count of groups it came from "
        "(participants not fewer than their organisations).",
        ("indicators",),
        groups_not_exceeding_units,
    ),
    Rule(
        "area-results-consistent",
        "Each result area's flag agrees with the results listed for it.",
        ("result_areas", "results"),
        area_results_consistent,
    ),
    Rule(
        "locations-match-count",
        "Each event lists as many locations as the report counts.",
        ("events", "event_locations", "indicators"),
        locations_match_count,
    ),
    Rule(
        "tiers-match-sources",
        "Reported tables cite the report; context tables cite context sources with the same status.",
        ("sources",),
        tiers_match_sources,
    ),
    Rule(
        "srs-goal-names-match",
        "The SRS 2030 goals the report cites carry the names of the public list.",
        ("contributions", "srs_goals"),
        srs_goal_names_match,
    ),
)


def run_all(tables: dict[str, pd.DataFrame], descriptor: dict, label: str) -> list[RuleResult]:
    """Run every rule whose tables passed the schema. A rule with no fixed
    tables (it scans all) runs over the tables that passed."""
    ctx = Context(tables, descriptor, label)
    results = []
    for rule in RULES:
        missing = [t for t in rule.tables if t not in tables]
        if missing:
            results.append(
                RuleResult(
                    rule.rule_id,
                    rule.description,
                    0,
                    skipped_because=f"table(s) failed the schema: {', '.join(missing)}",
                )
            )
            continue
        checked, problems = rule.check(ctx, rule.rule_id)
        results.append(RuleResult(rule.rule_id, rule.description, checked, tuple(problems)))
    return results
