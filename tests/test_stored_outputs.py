"""The outputs stored in chapters/*.ipynb are exactly what running the notebooks
gives, in both editions' languages (the Slovenian ones in each cell's metadata).
`make outputs` writes each chapter's prose merged with fresh executions;
here the build's own execution of the same inputs (fresh on a clean clone, as
in CI) is merged the same way and must give the stored bytes, PNGs included:
running `make outputs` again changes nothing."""

from __future__ import annotations

import nbformat

from pronvovid import paths
from tests.conftest import BUILD_TOOL as build
from tests.conftest import ROOT


def test_stored_outputs_are_byte_identical_to_the_builds_execution(built_book):
    stale = []
    for chapter in paths.toc_files(ROOT):
        # The build just ran, so its executions of this chapter (one per edition)
        # match the current inputs.
        executed = {}
        for language in build.EDITIONS:
            key = build.executed_path(chapter, language, ".key").read_text()
            executed[language] = build.cached_execution(chapter, language, key)
            assert executed[language] is not None, f"{chapter.name}: the build left no {language} execution"
        if build.merged(chapter, executed) != chapter.read_text(encoding="utf-8"):
            stale.append(chapter.name)
    assert stale == [], f"stored outputs differ from an execution: {stale}; run `make outputs` and review"


def test_stored_notebooks_carry_no_timing_or_run_metadata():
    for chapter in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = nbformat.read(chapter, as_version=4)
        assert "version" not in nb.metadata.get("language_info", {}), chapter.name
        for cell in nb.cells:
            assert "execution" not in cell.metadata, f"{chapter.name}: timing metadata"
            if cell.cell_type == "code":
                assert all(o.get("output_type") != "error" for o in cell.outputs), chapter.name
