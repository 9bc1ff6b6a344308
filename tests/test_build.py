"""The build command on temporary copies of the project: invalid data and
failing cells stop it and leave the previous book in place; a data change
shows new figures, never cached ones; a prose-only change executes no
notebook; a no-op build does nothing. (Hostile text in the data: see
tests/test_hostile_text.py.)

The scenario runs once per session, step by step on one copy (each step
restores what the previous one changed), and the tests read its record.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from tests.conftest import copy_project, tree_digest
from tests.csvedit import edit_rows, set_participants

pytestmark = pytest.mark.build


@dataclass
class Step:
    returncode: int
    stdout: str
    stderr: str
    html_before: str
    html_after: str
    last_build: dict


def run_build(project: Path, *arguments: str, on: tuple[str, object] | None = None) -> Step:
    """Run the build; ``on`` = (prefix, callback): the callback runs once, when the
    build prints a line with that prefix (e.g. when notebooks start running)."""
    html = project / "_build" / "html"
    before = tree_digest(html) if html.exists() else ""
    # The PDFs are tested on the real build (tests/test_pdf.py); here they would
    # only add a Chromium print to every step.
    command = [sys.executable, "tools/build.py", "--no-pdf", *arguments]
    process = subprocess.Popen(
        command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stdout = []
    for line in process.stdout:
        stdout.append(line)
        if on and line.startswith(on[0]):
            on[1]()
            on = None
    stderr = process.stderr.read()
    returncode = process.wait(timeout=600)
    completed = subprocess.CompletedProcess(command, returncode, "".join(stdout), stderr)
    record_file = project / "_build" / ".cache" / "last-build.json"
    record = json.loads(record_file.read_text()) if record_file.exists() else {}
    after = tree_digest(html) if html.exists() else ""
    return Step(completed.returncode, completed.stdout, completed.stderr, before, after, record)


def prose(en: str, sl: str) -> list:
    """A paragraph in both languages: an English cell and its Slovenian twin."""
    return [
        nbformat.v4.new_markdown_cell(en, metadata={"tags": ["lang-en"]}),
        nbformat.v4.new_markdown_cell(sl, metadata={"tags": ["lang-sl"]}),
    ]


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
    edit_rows(project / "data", "funding", "line_id", "total", amount_eur="76334.12")
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
        nb.cells.extend(prose("Missing: {glue:md}`no_such_key`", "Manjka: {glue:md}`no_such_key`"))

    edit_notebook(chapter, add_bad_reference)
    steps["warning"] = run_build(project)
    restore()

    # 3b. Output on stderr (a warning, a notice): myst-nb warns, the strict build fails.
    def add_stderr_cell(nb):
        nb.cells.append(nbformat.v4.new_code_cell("import sys\n\nprint('a notice', file=sys.stderr)"))

    edit_notebook(chapter, add_stderr_cell)
    steps["stderr"] = run_build(project)
    restore()

    # 4. A changed number (with its quote), and data/ edited again while the
    # notebooks run (to 99), then put back (to 36): the book shows the data it
    # was built from, never the edit, and the next build knows it is up to date.
    set_participants(project / "data", 36)
    steps["changed_data"] = steps["edited_while_executing"] = run_build(
        project, on=("[build] executing", lambda: set_participants(project / "data", 99))
    )
    (project / "changed-html").mkdir()
    shutil.copytree(project / "_build" / "html", project / "changed-html" / "html")
    set_participants(project / "data", 36)
    steps["after_revert"] = run_build(project)
    shutil.copytree(project / "_build" / "html", project / "reverted-html")

    # 5. Prose only: one sentence added to a chapter, in both languages; then
    # its Slovenian changed alone.
    def add_sentence(nb):
        nb.cells.extend(prose("A sentence added to the prose only.", "Stavek, dodan samo besedilu."))

    edit_notebook(chapter, add_sentence)
    steps["prose_only"] = run_build(project)
    shutil.copytree(project / "_build" / "html", project / "prose-html")

    def change_slovenian(nb):
        nb.cells[-1].source = "Stavek, spremenjen samo v slovenščini."

    edit_notebook(chapter, change_slovenian)
    steps["slovenian_only"] = run_build(project)

    # 5b. An English paragraph without its Slovenian twin stops the build before execution.
    def add_untranslated(nb):
        nb.cells.insert(-2, nbformat.v4.new_markdown_cell("Untranslated.", metadata={"tags": ["lang-en"]}))

    edit_notebook(chapter, add_untranslated)
    steps["missing_twin"] = run_build(project)
    edit_notebook(chapter, lambda nb: nb.cells.pop(-3))

    # 6. Nothing changed.
    steps["no_op"] = run_build(project)

    # 7. A truncated cache entry is a miss: the notebook runs again (when the
    # build needs it: here a prose edit makes it stage the chapter again).
    cached = project / "_build" / ".cache" / "executed" / "04-finances.sl.ipynb"
    cached.write_bytes(cached.read_bytes()[:100])

    def change_slovenian_again(nb):
        nb.cells[-1].source = "Stavek, spremenjen še enkrat."

    edit_notebook(chapter, change_slovenian_again)
    steps["corrupt_cache"] = run_build(project)

    # From here on the data stay as step 4 left them (36), so that the cached
    # executions serve: only the chapter is put back after each step.
    chapter.write_bytes(chapter_backup)

    # 9. A hung cell: nbclient's timeout stops it, with one clean message.
    def add_hanging_cell(nb):
        nb.cells.append(nbformat.v4.new_code_cell("import time\n\ntime.sleep(120)"))

    edit_notebook(chapter, add_hanging_cell)
    steps["hung_cell"] = run_build(project, "--timeout", "3")
    chapter.write_bytes(chapter_backup)

    # 10. The new book cannot be published: _build/.html-new is in the way.
    edit_notebook(chapter, add_sentence)
    blocker = project / "_build" / ".html-new"
    blocker.write_text("in the way")
    steps["publish_failure"] = run_build(project)
    blocker.unlink()
    chapter.write_bytes(chapter_backup)

    # 11. Another build holds the lock: this one says it waits, and runs once it is free.
    with open(project / "_build" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        fallback = threading.Timer(120, fcntl.flock, (lock, fcntl.LOCK_UN))  # never hang the suite
        fallback.start()
        steps["waiting"] = run_build(
            project, on=("[build] waiting", lambda: fcntl.flock(lock, fcntl.LOCK_UN))
        )
        fallback.cancel()
    steps["project"] = project  # type: ignore[assignment]
    return steps


def page(html_root: Path, name: str) -> str:
    return (html_root / "chapters" / f"{name}.html").read_text(encoding="utf-8")


def tile_value(html_text: str, label: str, twin: str | None = None) -> str:
    """The figure a scorecard tile shows for ``label`` (or, in ``twin``, the
    other edition's page, the tile at the same place)."""
    tiles = BeautifulSoup(html_text, "html.parser").select(".scorecard-tile")
    index = next(i for i, t in enumerate(tiles) if t.select_one(".scorecard-label").get_text() == label)
    if twin is not None:
        tiles = BeautifulSoup(twin, "html.parser").select(".scorecard-tile")
    return tiles[index].select_one(".scorecard-value").get_text()


def runs(*notebooks: str) -> set[str]:
    """The build's record of running each notebook in both languages."""
    return {f"chapters/{name}.ipynb ({language})" for name in notebooks for language in ("en", "sl")}


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


def test_output_on_stderr_fails_the_strict_build_and_keeps_the_book(scenario):
    step = scenario["stderr"]
    assert step.returncode != 0
    assert "stderr was found in the cell outputs" in step.stderr
    assert "[build] FAILED" in step.stdout
    assert step.html_after == step.html_before


def test_a_data_change_shows_the_new_figure_never_a_cached_one(scenario):
    step = scenario["changed_data"]
    assert step.returncode == 0
    assert set(step.last_build["executed"]) >= runs("00-overview", "02-outcomes")
    html_root = scenario["project"] / "changed-html" / "html"
    for name in ("00-overview", "02-outcomes"):
        assert tile_value(page(html_root, name), "Participants in the trainings") == "36", name
        twin = page(html_root / "sl", name)
        assert tile_value(page(html_root, name), "Participants in the trainings", twin) == "36", name
    outcomes = BeautifulSoup(page(html_root, "02-outcomes"), "html.parser")
    # Figures derived from it follow: participants per training = 36 / 4.
    assert "36 ÷ 4 = 9.0" in outcomes.get_text() and "34 ÷ 4" not in outcomes.get_text()


def test_a_prose_only_change_executes_no_notebook(scenario):
    step = scenario["prose_only"]
    assert step.returncode == 0, step.stderr[-3000:]
    assert step.last_build["executed"] == []
    assert step.last_build["rendered"] == ["en", "sl"]
    assert "A sentence added to the prose only." in page(scenario["project"] / "prose-html", "04-finances")
    assert "Stavek, dodan samo besedilu." in page(scenario["project"] / "prose-html" / "sl", "04-finances")


def test_a_change_in_one_language_renders_only_that_edition(scenario):
    step = scenario["slovenian_only"]
    assert step.returncode == 0, step.stderr[-3000:]
    assert step.last_build["executed"] == [] and step.last_build["rendered"] == ["sl"]


def test_a_paragraph_without_its_twin_stops_the_build_and_keeps_the_book(scenario):
    step = scenario["missing_twin"]
    assert step.returncode != 0
    assert "04-finances.ipynb, markdown cell" in step.stderr and "no sl twin" in step.stderr
    assert "[build] executing" not in step.stdout
    assert step.html_after == step.html_before


def test_a_no_op_build_executes_and_renders_nothing(scenario):
    step = scenario["no_op"]
    assert step.returncode == 0
    assert step.last_build == {**step.last_build, "executed": [], "rendered": []}
    assert step.html_after == step.html_before


def test_a_truncated_cache_entry_is_executed_again(scenario):
    step = scenario["corrupt_cache"]
    assert step.returncode == 0, step.stderr[-3000:]
    assert step.last_build["executed"] == ["chapters/04-finances.ipynb (sl)"]


def test_data_edited_during_execution_never_leaves_a_stale_book(scenario):
    edited, reverted = scenario["edited_while_executing"], scenario["after_revert"]
    assert edited.returncode == 0 and reverted.returncode == 0, (
        edited.stderr[-2000:] + reverted.stderr[-2000:]
    )
    assert runs("02-outcomes") <= set(edited.last_build["executed"])
    assert reverted.last_build["executed"] == [], "the reverted data is the data the book was built from"
    html_root = scenario["project"] / "reverted-html"
    shown = tile_value(page(html_root, "02-outcomes"), "Participants in the trainings")
    assert shown == "36", "the page shows data that is not in data/"
    assert (
        tile_value(
            page(html_root, "02-outcomes"),
            "Participants in the trainings",
            page(html_root / "sl", "02-outcomes"),
        )
        == "36"
    )
    downloads = list(html_root.rglob("indicators.csv"))
    assert downloads and all(
        d.read_bytes() == (scenario["project"] / "data" / "indicators.csv").read_bytes() for d in downloads
    ), "the downloadable data differs from the data the pages show"


def test_a_hung_cell_times_out_with_one_clean_message(scenario):
    step = scenario["hung_cell"]
    assert step.returncode != 0
    assert "CellTimeoutError" in step.stderr and "04-finances.ipynb" in step.stderr
    assert "ZMQError" not in step.stdout + step.stderr and "Traceback" not in step.stdout + step.stderr
    assert "[build] FAILED" in step.stdout
    assert step.html_after == step.html_before


def test_a_publish_failure_is_one_line_and_keeps_the_book(scenario):
    step = scenario["publish_failure"]
    assert step.returncode != 0
    assert "[build] FAILED: could not publish to _build/html" in step.stdout
    assert "Traceback" not in step.stdout + step.stderr
    assert step.html_after == step.html_before


def test_a_second_build_says_that_it_waits(scenario):
    step = scenario["waiting"]
    assert step.returncode == 0, step.stderr[-2000:]
    assert step.stdout.startswith("[build] waiting for another build")
