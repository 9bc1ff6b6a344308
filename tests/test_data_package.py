"""The data package: valid under Frictionless, typed by the loader, every book
rule run and passed, provenance on every row."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from decimal import Decimal

import pandas as pd
import pytest

from pronvovid import datapackage, load_book_data, messages, rules, written_forms
from pronvovid.formatting import Formatter
from tests.conftest import DATA


@pytest.fixture(scope="module")
def data():
    return load_book_data(DATA)


@pytest.fixture(scope="module")
def descriptor():
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def test_frictionless_cli_reports_the_package_valid():
    frictionless = [
        sys.executable,
        "-m",
        "frictionless",
        "validate",
        "--json",
        str(DATA / "datapackage.json"),
    ]
    completed = subprocess.run(frictionless, capture_output=True, text=True)
    report = json.loads(completed.stdout)
    assert completed.returncode == 0, completed.stdout[-2000:]
    assert report["valid"] is True
    assert len(report["tasks"]) == len(json.loads((DATA / "datapackage.json").read_text())["resources"])


def test_every_csv_in_data_is_described(descriptor):
    described = {res["path"] for res in descriptor["resources"]}
    on_disk = {p.name for p in DATA.glob("*.csv")}
    assert on_disk == described


def test_loader_returns_exact_types(data):
    amounts = data.funding["amount_eur"]
    assert all(isinstance(v, Decimal) for v in amounts)
    assert all(isinstance(v, dt.date) for v in data.project[["start_date", "end_date"]].iloc[0])
    assert str(data.indicators["value"].dtype) == "Int64"
    assert str(data.result_areas["results_reported"].dtype) == "boolean"
    # Optional values are missing, not empty strings or zeros.
    assert data.funding.set_index("line_id").loc["own-funds", "org_id"] is None or pd.isna(
        data.funding.set_index("line_id").loc["own-funds", "org_id"]
    )


def test_every_book_rule_ran_checked_something_and_passed(data):
    by_id = {r.rule_id: r for r in data.rule_results}
    assert set(by_id) == {rule.rule_id for rule in rules.RULES}
    for result in data.rule_results:
        assert result.checked > 0, f"{result.rule_id} checked nothing"
        assert result.passed, f"{result.rule_id}: {result.problems or result.skipped_because}"


def test_reported_rows_carry_their_source_sentence(data):
    reported = [name for name in data.tables if data.tier(name) == "reported"]
    assert reported
    for name in reported:
        frame = data[name]
        assert "source_id" in frame and "quote_sl" in frame, name
        assert set(frame["source_id"]) == {"report"}, name
        assert frame["quote_sl"].str.len().min() > 0, name


def test_context_rows_carry_source_and_status(data):
    context = [name for name in data.tables if data.tier(name) == "context"]
    assert context
    for name in context:
        frame = data[name]
        assert set(frame["status"]) <= {"verified", "secondary"}, name
        sources = data.sources.set_index("source_id")
        assert (sources.loc[frame["source_id"], "kind"] == "context").all(), name


def test_english_translations_are_marked_as_ours(descriptor):
    for res in descriptor["resources"]:
        if res["tier"] != "reported":
            continue
        for field in res["schema"]["fields"]:
            name = field["name"]
            if name.endswith("_en") and name not in {"place_en", "unit_en", "report_label_en", "basis_en"}:
                assert "our" in field["description"].lower(), f"{res['name']}.{name} is not marked as ours"


def test_the_report_structure_is_kept(data):
    areas = data.result_areas.set_index("area_id")
    # All three areas, including the one the report leaves empty.
    assert list(areas.index) == [1, 2, 3]
    assert not areas.loc[2, "results_reported"]
    assert (data.results["area_id"] != 2).all()
    roles = set(data.participations["project_role"])
    assert roles == {"funder", "applicant", "partner", "associated-partner"}
    assert set(data.funding["kind"]) == {"total", "part"}
    cited = set(data.contributions["srs_goal_number"].dropna())
    assert cited <= set(data.srs_goals["goal_number"])
    assert set(data.frameworks["kind"]) == {"strategy", "law"}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("76.334,02", Decimal("76334.02")),
        ("60.000,00", Decimal("60000")),
        ("3", Decimal(3)),
        ("treh", Decimal(3)),
        ("dveh", Decimal(2)),
        ("Treh", Decimal(3)),
        ("abc", None),
        ("1,2,3", None),
    ],
)
def test_written_forms_are_read_as_the_report_writes_them(written, value):
    assert written_forms.value_of_written(written) == value


def test_written_forms_match_whole_tokens_only():
    assert written_forms.appears_in("3", "vzpostavljena 3 delovna mesta")
    assert written_forms.appears_in("3", "(3. odstavek, 24. člena)")
    assert not written_forms.appears_in("3", "za 34 udeležencev")
    assert not written_forms.appears_in("334,02", "76.334,02 EUR")
    assert written_forms.date_in(dt.date(2018, 10, 1), "od 1. oktobra 2018 do")
    assert not written_forms.date_in(dt.date(2018, 10, 11), "od 1. oktobra 2018 do")


def test_the_archived_report_is_recorded_with_its_sha256(data):
    report = data.sources.set_index("source_id").loc["report"]
    archive = DATA / report["archive_path"]
    assert rules.inside(DATA, report["archive_path"]) and not archive.is_symlink()
    raw = archive.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == report["archive_sha256"]
    assert raw.decode("utf-8").startswith("Doseženi rezultati projekta PRO-NVO-VID")
    # Not a table: the descriptor describes the CSV files only; the archive is a file of the report's row.
    assert all(res["path"].endswith(".csv") for res in data.descriptor["resources"])


def test_quotes_are_compared_with_whitespace_normalised_and_nothing_else():
    assert rules.whitespace_normalised(" a \n\t b\u00a0c ") == "a b c"
    assert rules.whitespace_normalised("»Za internet ljudi«") == "»Za internet ljudi«"


def test_every_source_says_where_a_reader_can_check_it(data):
    for _, row in data.sources.iterrows():
        if row["kind"] == "book":
            continue
        has_url = isinstance(row["url"], str)
        assert has_url or isinstance(row["url_note"], str), row["source_id"]
        assert not has_url or isinstance(row["retrieved_date"], dt.date), row["source_id"]


def test_every_title_and_description_has_its_slovenian_twin(descriptor):
    """Chapter 5's data dictionary shows them in the edition's language
    (``datapackage.described``); a missing twin would show English or fail."""
    specs = [("package", descriptor)]
    for res in descriptor["resources"]:
        specs.append((res["name"], res))
        specs += [(f"{res['name']}.{f['name']}", f) for f in res["schema"]["fields"]]
    for where, spec in specs:
        for key in ("title", "description"):
            if key in spec:
                twin = spec.get(f"{key}_sl")
                assert isinstance(twin, str) and twin.strip(), f"{where} has no {key}_sl"
                assert twin != spec[key], f"{where}: {key}_sl is a copy of the English"
                assert datapackage.described(spec, key, "sl") == twin
                assert datapackage.described(spec, key, "en") == spec[key]


def test_slovenian_twins_are_required_where_the_english_is(descriptor):
    for res in descriptor["resources"]:
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        for name, spec in fields.items():
            if name.endswith("_en"):
                twin = fields.get(name.removesuffix("_en") + "_sl")
                assert twin is not None, f"{res['name']}.{name} has no Slovenian twin"
                required = spec.get("constraints", {}).get("required", False)
                assert twin.get("constraints", {}).get("required", False) == required, (
                    f"{res['name']}: {twin['name']} and {name} differ in being required"
                )


def test_indicator_units_are_unit_ids_not_words(data, descriptor):
    """The words come from the phrase catalogue (fmt.quantity), in every plural form."""
    assert "unit_en" not in data.indicators and "unit_sl" not in data.indicators
    spec = next(
        f
        for f in next(r for r in descriptor["resources"] if r["name"] == "indicators")["schema"]["fields"]
        if f["name"] == "unit"
    )
    assert set(data.indicators["unit"]) <= set(spec["constraints"]["enum"])


def test_every_unit_id_of_the_schema_has_its_words_in_the_catalogue(data, descriptor):
    spec = next(
        f
        for r in descriptor["resources"]
        if r["name"] == "indicators"
        for f in r["schema"]["fields"]
        if f["name"] == "unit"
    )
    assert set(spec["constraints"]["enum"]) == set(messages.UNITS)
    for language in ("en", "sl"):
        formatter = Formatter(language)
        for row in data.indicators.itertuples():
            written = formatter.quantity(row.value, row.unit)
            assert written.startswith(formatter.count(row.value)) and len(written) > len(str(row.value)) + 1
    assert Formatter("sl").quantity(34, "participants") == "34 udeležencev"
