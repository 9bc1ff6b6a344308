"""Fault injection: each corruption of a copy of data/ must be rejected with a
message that names the file, the row where there is one, the field and the
rule. The real data/ is never touched (see conftest.real_data_untouched)."""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pronvovid import DataValidationError, load_book_data, rules
from tests.csvedit import edit_rows, read_rows, row_number, write_rows


def edit(table: str, key: str, key_value: str, **changes: str) -> Callable[[Path], None]:
    """Set fields of the row whose ``key`` is ``key_value``."""
    return lambda folder: edit_rows(folder, table, key, key_value, **changes)


def decompose(table: str, key: str, key_value: str, field: str) -> Callable[[Path], None]:
    """Write one value in Unicode NFD (decomposed), as some editors save it."""

    def apply(folder: Path) -> None:
        _, rows = read_rows(folder, table)
        value = next(row[field] for row in rows if row[key] == key_value)
        assert unicodedata.normalize("NFD", value) != value, "the value has nothing to decompose"
        edit_rows(folder, table, key, key_value, **{field: unicodedata.normalize("NFD", value)})

    return apply


def replace_in_file(table: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / f"{table}.csv"
        raw = path.read_bytes()
        assert old in raw
        path.write_bytes(raw.replace(old, new, 1))

    return apply


def drop_column(table: str, column: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        header, rows = read_rows(folder, table)
        header.remove(column)
        write_rows(folder, table, header, [{k: v for k, v in r.items() if k != column} for r in rows])

    return apply


def add_column(table: str, column: str, value: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        header, rows = read_rows(folder, table)
        write_rows(folder, table, [*header, column], [dict(r, **{column: value}) for r in rows])

    return apply


def rename_column(table: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / f"{table}.csv"
        head, rest = path.read_text(encoding="utf-8").split("\n", 1)
        path.write_text(
            ",".join(new if c == old else c for c in head.split(",")) + "\n" + rest, encoding="utf-8"
        )

    return apply


def swap_columns(table: str, a: str, b: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        header, rows = read_rows(folder, table)
        i, j = header.index(a), header.index(b)
        header[i], header[j] = header[j], header[i]
        write_rows(folder, table, header, rows)

    return apply


def duplicate_row(table: str, key: str, key_value: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        header, rows = read_rows(folder, table)
        write_rows(folder, table, header, [*rows, next(dict(r) for r in rows if r[key] == key_value)])

    return apply


def delete_row(table: str, key: str, key_value: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        header, rows = read_rows(folder, table)
        write_rows(folder, table, header, [r for r in rows if r[key] != key_value])

    return apply


def add_row(table: str, **values: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        header, rows = read_rows(folder, table)
        write_rows(folder, table, header, [*rows, {h: values.get(h, "") for h in header}])

    return apply


def write_file(name: str, content: bytes) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        (folder / name).write_bytes(content)

    return apply


def remove_file(name: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        (folder / name).unlink()

    return apply


def edit_resource(name: str, change: Callable[[dict], dict | None]) -> Callable[[Path], None]:
    """Change (or, if ``change`` returns None, remove) one resource of the descriptor."""

    def apply(folder: Path) -> None:
        path = folder / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        resources = [change(dict(r)) if r["name"] == name else r for r in descriptor["resources"]]
        descriptor["resources"] = [r for r in resources if r is not None]
        path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")

    return apply


def link_outside(name: str) -> Callable[[Path], None]:
    """A file in data/ that is a symlink to a file outside it."""

    def apply(folder: Path) -> None:
        outside = folder.parent / "outside.csv"
        outside.write_bytes((folder / "gaps.csv").read_bytes())
        os.symlink(outside, folder / name)
        edit_resource("gaps", lambda r: dict(r, path=name))(folder)

    return apply


def replace_in_value(table: str, key: str, key_value: str, field: str, old: str, new: str):
    """Replace ``old`` (which must be there) by ``new`` in one value, as a slip of the hand would."""

    def apply(folder: Path) -> None:
        _, rows = read_rows(folder, table)
        value = next(row[field] for row in rows if row[key] == key_value)
        assert old in value, f"{old!r} is not in {table}.{field} of {key_value}"
        edit_rows(folder, table, key, key_value, **{field: value.replace(old, new, 1)})

    return apply


ARCHIVE = "report/results-page.txt"


def replace_in_archive(old: bytes, new: bytes) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / ARCHIVE
        raw = path.read_bytes()
        assert raw.count(old) == 1
        path.write_bytes(raw.replace(old, new))

    return apply


def archive_linked_outside(folder: Path) -> None:
    """The archive replaced by a symlink to an identical file outside data/."""
    outside = folder.parent / "outside.txt"
    outside.write_bytes((folder / ARCHIVE).read_bytes())
    (folder / ARCHIVE).unlink()
    os.symlink(outside, folder / ARCHIVE)


def combine(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        for step in steps:
            step(folder)

    return apply


@dataclass(frozen=True)
class At:
    """The row a problem must name, found by key in the corrupted file."""

    table: str
    key: str
    key_value: str
    last: bool = False


@dataclass(frozen=True)
class Corruption:
    name: str
    apply: Callable[[Path], None]
    file: str
    field: str | None
    rule: str
    row: At | int | None = None  # an int only for the header (row 1)


OWN_FUNDS_QUOTE = (
    "Nosilec projekta IPAK ter projektna partnerja INePA in LJUDMILA so sofinancirali "
    "projekt z lastnimi sredstvi v višini 16.334,12 EUR."
)

OWN_FUNDS = At("funding", "line_id", "own-funds")
TOTAL = At("funding", "line_id", "total")
JOBS = At("indicators", "indicator_id", "jobs-created")
REPORT = At("sources", "source_id", "report")
PROJECT = At("project", "project_id", "pro-nvo-vid")
DESCRIPTOR = "datapackage.json"

CORRUPTIONS = [
    # Money
    Corruption(
        "parts do not add up to the total",
        edit(
            "funding",
            "line_id",
            "own-funds",
            amount_eur="16334.12",
            value_as_written="16.334,12",
            quote_sl=OWN_FUNDS_QUOTE,
        ),
        "funding.csv",
        "amount_eur",
        "parts-sum-to-total",
        row=TOTAL,
    ),
    Corruption(
        "negative amount",
        edit("funding", "line_id", "own-funds", amount_eur="-16334.02"),
        "funding.csv",
        "amount_eur",
        "constraint-error",
        row=OWN_FUNDS,
    ),
    Corruption(
        "comma as decimal separator (quoted, as a spreadsheet exports it)",
        edit("funding", "line_id", "total", amount_eur="76334,02"),
        "funding.csv",
        "amount_eur",
        "type-error",
        row=TOTAL,
    ),
    Corruption(
        "amount with a third decimal",
        edit("funding", "line_id", "own-funds", amount_eur="16334.020"),
        "funding.csv",
        "amount_eur",
        "amounts-to-the-cent",
        row=OWN_FUNDS,
    ),
    Corruption(
        "an infinite number",
        edit("context_facts", "fact_id", "call-total", value="inf"),
        "context_facts.csv",
        "value",
        "finite-numbers",
        row=At("context_facts", "fact_id", "call-total"),
    ),
    Corruption(
        "not a number",
        edit("context_facts", "fact_id", "srs-goal-count", value="NaN"),
        "context_facts.csv",
        "value",
        "constraint-error",
        row=At("context_facts", "fact_id", "srs-goal-count"),
    ),
    # Keys
    Corruption(
        "negative count",
        edit("indicators", "indicator_id", "jobs-created", value="-3"),
        "indicators.csv",
        "value",
        "constraint-error",
        row=JOBS,
    ),
    Corruption(
        "unknown organisation in a foreign key",
        edit("participations", "org_id", "beletrina", org_id="unknown-org"),
        "participations.csv",
        "org_id",
        "foreign-key",
        row=At("participations", "org_id", "unknown-org"),
    ),
    Corruption(
        "duplicate primary key",
        duplicate_row("organisations", "org_id", "ipak"),
        "organisations.csv",
        "org_id",
        "primary-key",
        row=At("organisations", "org_id", "ipak", last=True),
    ),
    Corruption(
        "value outside its enum",
        edit("participations", "org_id", "inepa", project_role="sponsor"),
        "participations.csv",
        "project_role",
        "constraint-error",
        row=At("participations", "org_id", "inepa"),
    ),
    Corruption(
        "missing required value",
        edit("funding", "line_id", "total", label_en=""),
        "funding.csv",
        "label_en",
        "constraint-error",
        row=TOTAL,
    ),
    Corruption(
        "a trailing space in a key",
        edit("glossary", "term", "IKT", term="IKT "),
        "glossary.csv",
        "term",
        "clean-text",
        row=At("glossary", "term", "IKT "),
    ),
    Corruption(
        "a leading space in a name",
        edit("organisations", "org_id", "ipak", short_name=" IPAK"),
        "organisations.csv",
        "short_name",
        "clean-text",
        row=At("organisations", "org_id", "ipak"),
    ),
    Corruption(
        "a name not in Unicode NFC",
        decompose("glossary", "term", "SŠGZ", "expansion_sl"),
        "glossary.csv",
        "expansion_sl",
        "clean-text",
        row=At("glossary", "term", "SŠGZ"),
    ),
    # Dates
    Corruption(
        "impossible date",
        edit("project", "project_id", "pro-nvo-vid", end_date="2019-13-31"),
        "project.csv",
        "end_date",
        "type-error",
        row=PROJECT,
    ),
    Corruption(
        "date not in ISO 8601",
        edit("project", "project_id", "pro-nvo-vid", start_date="1.10.2018"),
        "project.csv",
        "start_date",
        "type-error",
        row=PROJECT,
    ),
    Corruption(
        "end before start",
        edit("project", "project_id", "pro-nvo-vid", end_date="2018-09-30"),
        "project.csv",
        "end_date",
        "dates-in-order",
        row=PROJECT,
    ),
    Corruption(
        "call deadline after the project's start",
        edit("context_facts", "fact_id", "call-deadline", date="2018-11-01"),
        "context_facts.csv",
        "date",
        "dates-in-order",
        row=At("context_facts", "fact_id", "call-deadline"),
    ),
    # Files and columns
    Corruption(
        "missing column", drop_column("events", "motto_en"), "events.csv", "motto_en", "missing-column", row=1
    ),
    Corruption(
        "extra column",
        add_column("calls", "budget_eur", "2000000.00"),
        "calls.csv",
        "budget_eur",
        "extra-column",
        row=1,
    ),
    Corruption(
        "duplicated column",
        rename_column("calls", "name_en", "name_sl"),
        "calls.csv",
        "name_sl",
        "duplicate-column",
        row=1,
    ),
    Corruption(
        "columns out of order",
        swap_columns("frameworks", "name_sl", "name_en"),
        "frameworks.csv",
        None,
        "column-order",
        row=1,
    ),
    Corruption("empty file", write_file("gaps.csv", b""), "gaps.csv", None, "empty-file"),
    Corruption("missing file", remove_file("sources.csv"), "sources.csv", None, "missing-file"),
    Corruption(
        "non-UTF-8 bytes",
        replace_in_file("glossary", b"Savinjsko", b"Savinjsko\xe9"),
        "glossary.csv",
        "expansion_sl",
        "encoding-error",
        row=At("glossary", "term", "SŠGZ"),
    ),
    Corruption(
        "UTF-8 byte order mark",
        replace_in_file("sources", b"source_id", b"\xef\xbb\xbfsource_id"),
        "sources.csv",
        None,
        "byte-order-mark",
        row=1,
    ),
    # The descriptor
    Corruption(
        "descriptor is not JSON", write_file(DESCRIPTOR, b"{ not json"), DESCRIPTOR, None, "invalid-json"
    ),
    Corruption(
        "a table missing from the descriptor",
        edit_resource("gaps", lambda r: None),
        DESCRIPTOR,
        "resources",
        "missing-resource",
    ),
    Corruption(
        "a resource without a path",
        edit_resource("gaps", lambda r: {k: v for k, v in r.items() if k != "path"}),
        DESCRIPTOR,
        "gaps.path",
        "missing-path",
    ),
    Corruption(
        "an absolute path",
        edit_resource("gaps", lambda r: dict(r, path="/etc/passwd")),
        DESCRIPTOR,
        "gaps.path",
        "unsafe-path",
    ),
    Corruption(
        "a path out of the data folder",
        edit_resource("gaps", lambda r: dict(r, path="../gaps.csv")),
        DESCRIPTOR,
        "gaps.path",
        "unsafe-path",
    ),
    Corruption(
        "a symlink out of the data folder", link_outside("linked.csv"), DESCRIPTOR, "gaps.path", "unsafe-path"
    ),
    # Quotes and consistency
    Corruption(
        "number that does not match its quote",
        edit("indicators", "indicator_id", "training-participants", value="35", value_as_written="35"),
        "indicators.csv",
        "value_as_written",
        "numbers-match-quotes",
        row=At("indicators", "indicator_id", "training-participants"),
    ),
    Corruption(
        "number word that does not mean the value",
        edit("indicators", "indicator_id", "job-ngos", value="4"),
        "indicators.csv",
        "value",
        "numbers-match-quotes",
        row=At("indicators", "indicator_id", "job-ngos"),
    ),
    Corruption(
        "year that is not in its quote",
        edit("calls", "call_id", "mju-ngo-call-2018", year="2017"),
        "calls.csv",
        "year",
        "numbers-match-quotes",
        row=At("calls", "call_id", "mju-ngo-call-2018"),
    ),
    Corruption(
        "name that is not verbatim in its quote",
        edit("organisations", "org_id", "ipak", name_sl="IPAK Inštitut za razvoj"),
        "organisations.csv",
        "name_sl",
        "names-match-quotes",
        row=At("organisations", "org_id", "ipak"),
    ),
    Corruption(
        "participants fewer than their organisations",
        edit(
            "indicators",
            "indicator_id",
            "participant-ngos",
            value="40",
            value_as_written="40",
            quote_sl="za 34 udeležencev iz 40 nevladnih organizacij",
        ),
        "indicators.csv",
        "value",
        "groups-not-exceeding-units",
        row=At("indicators", "indicator_id", "training-participants"),
    ),
    Corruption(
        "empty area marked as having results",
        edit("result_areas", "area_id", "2", results_reported="true"),
        "result_areas.csv",
        "results_reported",
        "area-results-consistent",
        row=At("result_areas", "area_id", "2"),
    ),
    Corruption(
        "a location dropped",
        delete_row("event_locations", "place_sl", "Velenje"),
        "events.csv",
        "locations_indicator_id",
        "locations-match-count",
        row=At("events", "event_id", "day-2019"),
    ),
    Corruption(
        "context status differs from its source",
        edit("context_facts", "fact_id", "call-subsidy-per-job", status="verified"),
        "context_facts.csv",
        "status",
        "tiers-match-sources",
        row=At("context_facts", "fact_id", "call-subsidy-per-job"),
    ),
    Corruption(
        "reported row citing a context source",
        edit("indicators", "indicator_id", "jobs-created", source_id="itu-wtisd"),
        "indicators.csv",
        "source_id",
        "tiers-match-sources",
        row=JOBS,
    ),
    Corruption(
        "SRS goal name differs from the public list",
        edit("srs_goals", "goal_number", "2", name_sl="Znanje za življenje"),
        "contributions.csv",
        "srs_goal_number",
        "srs-goal-names-match",
        row=At("contributions", "srs_goal_number", "2"),
    ),
    Corruption(
        "a fact the chapters use has no value",
        edit("context_facts", "fact_id", "call-subsidy-per-job", value="", unit_en="", unit_sl=""),
        "context_facts.csv",
        "value",
        "values-the-chapters-use",
        row=At("context_facts", "fact_id", "call-subsidy-per-job"),
    ),
    Corruption(
        "a value without its unit",
        edit("context_facts", "fact_id", "call-max-partners", unit_en="", unit_sl=""),
        "context_facts.csv",
        "unit_en",
        "units-with-values",
        row=At("context_facts", "fact_id", "call-max-partners"),
    ),
    Corruption(
        "an English unit whose Slovenian twin is empty",
        edit("context_facts", "fact_id", "call-max-partners", unit_sl=""),
        "context_facts.csv",
        "unit_sl",
        "twins-filled",
        row=At("context_facts", "fact_id", "call-max-partners"),
    ),
    Corruption(
        "a Slovenian label whose English twin is empty",
        edit("contributions", "contribution_id", "ds-coalition", report_label_sl="cilj"),
        "contributions.csv",
        "report_label_en",
        "twins-filled",
        row=At("contributions", "contribution_id", "ds-coalition"),
    ),
    Corruption(
        "an English column without its Slovenian twin",
        combine(
            drop_column("gaps", "topic_sl"),
            edit_resource(
                "gaps",
                lambda r: dict(
                    r,
                    schema=dict(
                        r["schema"], fields=[f for f in r["schema"]["fields"] if f["name"] != "topic_sl"]
                    ),
                ),
            ),
        ),
        "gaps.csv",
        "topic_en",
        "twins-filled",
    ),
    Corruption(
        "a Slovenian statement with another date than the row's",
        replace_in_value(
            "context_facts", "fact_id", "srs-adopted", "statement_sl", "7. decembra", "8. decembra"
        ),
        "context_facts.csv",
        "statement_sl",
        "statements-match-values",
        row=At("context_facts", "fact_id", "srs-adopted"),
    ),
    Corruption(
        "a value changed but not its English statement",
        edit("context_facts", "fact_id", "srs-goal-count", value="13"),
        "context_facts.csv",
        "statement_en",
        "statements-match-values",
        row=At("context_facts", "fact_id", "srs-goal-count"),
    ),
    Corruption(
        "the report's date is missing",
        edit("sources", "source_id", "report", published_date=""),
        "sources.csv",
        "published_date",
        "values-the-chapters-use",
        row=At("sources", "source_id", "report"),
    ),
    Corruption(
        "the report's address is missing",
        edit("sources", "source_id", "report", url=""),
        "sources.csv",
        "url",
        "values-the-chapters-use",
        row=At("sources", "source_id", "report"),
    ),
    Corruption(
        "a fact the chapters place in an event without its event",
        edit("context_facts", "fact_id", "manifesto-presented", event_id=""),
        "context_facts.csv",
        "event_id",
        "values-the-chapters-use",
        row=At("context_facts", "fact_id", "manifesto-presented"),
    ),
    Corruption(
        "a cited act without its article",
        edit("contributions", "contribution_id", "znorg-content-networks", law_article="", law_paragraph=""),
        "contributions.csv",
        "law_article",
        "values-the-chapters-use",
        row=At("contributions", "contribution_id", "znorg-content-networks"),
    ),
    # The archived report and the sources
    Corruption(
        "a quote edited by one character",
        replace_in_value(
            "project_statements", "statement_id", "objective", "quote_sl", "trajnost", "trajnosť"
        ),
        "project_statements.csv",
        "quote_sl",
        "quotes-in-archive",
        row=At("project_statements", "statement_id", "objective"),
    ),
    Corruption(
        "a quoted name edited in its quote as well",
        combine(
            replace_in_value("frameworks", "framework_id", "ngo-strategy", "name_sl", "razvoja", "razvoj"),
            replace_in_value("frameworks", "framework_id", "ngo-strategy", "quote_sl", "razvoja", "razvoj"),
        ),
        "frameworks.csv",
        "name_sl",
        "quotes-in-archive",
        row=At("frameworks", "framework_id", "ngo-strategy"),
    ),
    Corruption(
        "the archived report changed by one byte",
        replace_in_archive(b"Dodaj odgovor", b"Dodaj odgovoR"),
        "sources.csv",
        "archive_sha256",
        "quotes-in-archive",
        row=REPORT,
    ),
    Corruption(
        "the archived report recorded without its sha256",
        edit("sources", "source_id", "report", archive_sha256=""),
        "sources.csv",
        "archive_sha256",
        "quotes-in-archive",
        row=REPORT,
    ),
    Corruption(
        "the archived report missing",
        remove_file(ARCHIVE),
        "sources.csv",
        "archive_path",
        "quotes-in-archive",
        row=REPORT,
    ),
    Corruption(
        "an archive path out of the data folder",
        edit("sources", "source_id", "report", archive_path="../report/results-page.txt"),
        "sources.csv",
        "archive_path",
        "constraint-error",
        row=REPORT,
    ),
    Corruption(
        "an absolute archive path",
        edit("sources", "source_id", "report", archive_path="/etc/passwd"),
        "sources.csv",
        "archive_path",
        "constraint-error",
        row=REPORT,
    ),
    Corruption(
        "an archive symlinked out of the data folder",
        archive_linked_outside,
        "sources.csv",
        "archive_path",
        "quotes-in-archive",
        row=REPORT,
    ),
    Corruption(
        "a context source without its address or a note why",
        edit("sources", "source_id", "itu-wtisd", url=""),
        "sources.csv",
        "url",
        "sources-checkable",
        row=At("sources", "source_id", "itu-wtisd"),
    ),
    Corruption(
        "an address without the date it was retrieved",
        edit("sources", "source_id", "itu-wtisd", retrieved_date=""),
        "sources.csv",
        "retrieved_date",
        "sources-checkable",
        row=At("sources", "source_id", "itu-wtisd"),
    ),
    Corruption(
        "a second project",
        add_row(
            "project",
            project_id="another",
            acronym="PRO-NVO-VID",
            title_sl="Profesionalizacija",
            title_en="x",
            start_date="2018-10-01",
            end_date="2019-12-31",
            funder_org_id="mju",
            call_id="mju-ngo-call-2018",
            source_id="report",
            quote_sl="PRO-NVO-VID Profesionalizacija 1. oktobra 2018 31. decembra 2019",
        ),
        "project.csv",
        None,
        "one-project",
    ),
]


def expected_row(corruption: Corruption, folder: Path) -> int | None:
    if isinstance(corruption.row, At):
        at = corruption.row
        return row_number(folder, at.table, at.key, at.key_value, at.last)
    return corruption.row


@pytest.mark.parametrize("corruption", CORRUPTIONS, ids=[c.name for c in CORRUPTIONS])
def test_corruption_is_rejected_with_file_row_field_and_rule(corruption: Corruption, data_copy: Path):
    corruption.apply(data_copy)
    row = expected_row(corruption, data_copy)
    with pytest.raises(DataValidationError) as raised:
        load_book_data(data_copy)
    error = raised.value
    matching = [
        p
        for p in error.problems
        if p.file == f"data/{corruption.file}"
        and p.rule == corruption.rule
        and (corruption.field is None or p.field == corruption.field)
        and (row is None or p.row == row)
    ]
    assert matching, f"expected {corruption.rule} on {corruption.file}/{corruption.field}; got:\n{error}"
    message = str(error)
    line = str(matching[0])
    assert line in message
    assert f"data/{corruption.file}" in line and f"[{corruption.rule}]" in line
    if corruption.field:
        assert f"field {corruption.field}" in line
    if row:
        assert f"row {row}" in line
    assert "nothing was loaded" in message


def test_every_book_rule_has_a_corruption_that_trips_it():
    tripped = {c.rule for c in CORRUPTIONS}
    assert {rule.rule_id for rule in rules.RULES} <= tripped


def test_all_problems_are_listed_at_once(data_copy: Path):
    edit("funding", "line_id", "total", label_en="")(data_copy)
    edit("participations", "org_id", "beletrina", org_id="unknown-org")(data_copy)
    edit("indicators", "indicator_id", "job-ngos", value="4")(data_copy)
    with pytest.raises(DataValidationError) as raised:
        load_book_data(data_copy)
    rules_hit = {p.rule for p in raised.value.problems}
    assert {"constraint-error", "foreign-key", "numbers-match-quotes"} <= rules_hit


def test_empty_file_message_names_the_expected_fields(data_copy: Path):
    write_file("gaps.csv", b"")(data_copy)
    with pytest.raises(DataValidationError) as raised:
        load_book_data(data_copy)
    assert "gap_id,topic_en,missing_en" in str(raised.value)


def test_the_schema_verdict_is_remembered_only_for_identical_files(data_copy: Path):
    first = load_book_data(data_copy)
    again = load_book_data(data_copy)
    assert (first.schema_from_memo, again.schema_from_memo) == (False, True)
    # Any change of bytes is a new verdict: the corruption is caught by the schema again.
    edit("funding", "line_id", "own-funds", amount_eur="-16334.02")(data_copy)
    with pytest.raises(DataValidationError) as raised:
        load_book_data(data_copy)
    assert any(p.rule == "constraint-error" and p.field == "amount_eur" for p in raised.value.problems)


def test_the_book_rules_run_even_when_the_schema_verdict_is_remembered(data_copy: Path):
    load_book_data(data_copy)
    loaded = load_book_data(data_copy)
    assert loaded.schema_from_memo
    assert all(result.checked > 0 and result.passed for result in loaded.rule_results)
