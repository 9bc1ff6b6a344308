"""The build command on temporary copies of the project: invalid data and
failing cells stop it and leave the previous book in place; a data change
shows new figures, never cached ones; a prose-only change executes no
notebook; a no-op build does nothing. (Hostile text in the data: see
tests/test_hostile_text.py.)

The scenario runs once per session, step by step on one copy (each step
restores what the previous one changed), and the tests read its record.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from tests.conftest import copy_project, tree_digest

pytestmark = pytest.mark.build


@dataclass
class Step:
    returncode: int
    stdout: str
    stderr: str
    html_before: str
    html_after: str
    last_build: dict


def run_build(project: Path) -> Step:
    html = project / "_build" / "html"
    before = tree_digest(html) if html.exists() else ""
    completed = subprocess.run(
        [sys.executable, "tools/build.py"], cwd=project, capture_output=True, text=True, timeout=600
    )
    record_file = project / "_build" / ".cache" / "last-build.json"
    record = json.loads(record_file.read_text()) if record_file.exists() else {}
    after = tree_digest(html) if html.exists() else ""
    return Step(completed.returncode, completed.stdout, completed.stderr, before, after, record)


def edit_csv_cell(project: Path, table: str, key: str, key_value: str, field: str, value: str) -> None:
    import csv
    import io

    path = project / "data" / f"{table}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = list(rows[0])
    for row in rows:
        if row[key] == key_value:
            row[field] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def edit_notebook(path: Path, edit) -> None:
    nb = nbformat.read(path, as_version=4)
    edit(nb)
    nbformat.write(nb, path)


@pytest.fixture(scope="session")
def scenario(tmp_path_factory, built_book) -> dict[str, Step]:
    project = copy_project(tmp_path_factory.mktemp("book"))
    # Start from the real build's published book and execution cache (keys are
    # content hashes, so they hold for the copy), not from its Sphinx environment.
    for name in ("html", ".cache"):
        shutil.copytree(built_book.parent / name, project / "_build" / name)
    steps: dict[str, Step] = {}
    data_backup = project / "data-backup"
    shutil.copytree(project / "data", data_backup)
    chapter = project / "chapters" / "04-finances.ipynb"
    chapter_backup = chapter.read_bytes()

    def restore() -> None:
        shutil.rmtree(project / "data")
        shutil.copytree(data_backup, project / "data")
        chapter.write_bytes(chapter_backup)

    # 1. Invalid data: the parts no longer add up to the total.
    edit_csv_cell(project, "funding", "line_id", "total", "amount_eur", "76334.12")
    steps["invalid_data"] = run_build(project)
    restore()

    # 2. A failing cell.
    def add_failing_cell(nb):
        nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("injected failure")'))

    edit_notebook(chapter, add_failing_cell)
    steps["failing_cell"] = run_build(project)
    restore()

    # 3. A warning: prose refers to a glue key that does not exist.
    def add_bad_reference(nb):
        nb.cells.append(nbformat.v4.new_markdown_cell("Missing: {glue:md}`no_such_key`"))

    edit_notebook(chapter, add_bad_reference)
    steps["warning"] = run_build(project)
    restore()

    # 4. A changed number (with its quote).
    edit_csv_cell(project, "indicators", "indicator_id", "training-participants", "value", "36")
    edit_csv_cell(project, "indicators", "indicator_id", "training-participants", "value_as_written", "36")
    edit_csv_cell(
        project,
        "indicators",
        "indicator_id",
        "training-participants",
        "quote_sl",
        "za 36 udeležencev iz 21 nevladnih organizacij",
    )
    steps["changed_data"] = run_build(project)
    (project / "changed-html").mkdir()
    shutil.copytree(project / "_build" / "html", project / "changed-html" / "html")

    # 5. Prose only: one sentence added to a chapter.
    def add_sentence(nb):
        nb.cells.append(nbformat.v4.new_markdown_cell("A sentence added to the prose only."))

    edit_notebook(chapter, add_sentence)
    steps["prose_only"] = run_build(project)

    # 6. Nothing changed.
    steps["no_op"] = run_build(project)
    steps["project"] = project  # type: ignore[assignment]
    return steps


def page(html_root: Path, name: str) -> str:
    return (html_root / "chapters" / f"{name}.html").read_text(encoding="utf-8")


def test_invalid_data_stops_before_executing_and_keeps_the_book(scenario):
    step = scenario["invalid_data"]
    assert step.returncode != 0
    assert "data/funding.csv, row 2, field amount_eur: [parts-sum-to-total]" in step.stderr
    assert "[build] executing" not in step.stdout and "[build] executed" not in step.stdout
    assert step.html_after == step.html_before


def test_a_failing_cell_fails_the_build_and_keeps_the_book(scenario):
    step = scenario["failing_cell"]
    assert step.returncode != 0
    assert "04-finances.ipynb" in step.stderr and "injected failure" in step.stderr
    assert step.html_after == step.html_before


def test_a_warning_fails_the_strict_build_and_keeps_the_book(scenario):
    step = scenario["warning"]
    assert step.returncode != 0
    assert "no_such_key" in step.stderr
    assert step.html_after == step.html_before


def test_a_data_change_shows_the_new_figure_never_a_cached_one(scenario):
    step = scenario["changed_data"]
    assert step.returncode == 0
    assert set(step.last_build["executed"]) >= {"chapters/00-overview.ipynb", "chapters/02-outcomes.ipynb"}
    html_root = scenario["project"] / "changed-html" / "html"
    overview = BeautifulSoup(page(html_root, "00-overview"), "html.parser")
    row = next(tr for tr in overview.find_all("tr") if "Participants in them" in tr.get_text())
    assert re.search(r"(?<!\d)36(?!\d)", row.get_text()) and not re.search(r"(?<!\d)34(?!\d)", row.get_text())
    outcomes = BeautifulSoup(page(html_root, "02-outcomes"), "html.parser")
    row = next(tr for tr in outcomes.find_all("tr") if "Participants in the trainings" in tr.get_text())
    assert [td.get_text() for td in row.find_all("td")][2] == "36"
    # Figures derived from it follow: participants per training = 36 / 4.
    assert "36 ÷ 4 = 9.0" in outcomes.get_text() and "34 ÷ 4" not in outcomes.get_text()


def test_a_prose_only_change_executes_no_notebook(scenario):
    step = scenario["prose_only"]
    assert step.returncode == 0, step.stderr[-3000:]
    assert step.last_build["executed"] == []
    assert step.last_build["rendered"] is True
    assert "A sentence added to the prose only." in page(
        scenario["project"] / "_build" / "html", "04-finances"
    )


def test_a_no_op_build_executes_and_renders_nothing(scenario):
    step = scenario["no_op"]
    assert step.returncode == 0
    assert step.last_build == {**step.last_build, "executed": [], "rendered": False}
    assert step.html_after == step.html_before
