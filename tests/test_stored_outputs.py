"""The outputs stored in chapters/*.ipynb are exactly what running the notebooks
gives: merging a fresh execution (the build's, keyed on the same code, data
and environment) into each chapter changes no byte, PNGs included. This is what
`make outputs` does, so running it again changes nothing."""

from __future__ import annotations

import nbformat
import pytest

from tests.conftest import ROOT, load_build_tool


def test_stored_outputs_are_byte_identical_to_a_fresh_execution(built_book):
    build = load_build_tool()
    shared = build.shared_input_key()
    chapters = build.toc_notebooks()
    assert chapters
    for chapter in chapters:
        key_file = build.EXECUTED / f"{chapter.stem}.key"
        # The build just ran: its execution of this chapter matches the current inputs.
        assert key_file.read_text() == build.execution_key(chapter, shared), chapter.name
        executed = nbformat.read(build.EXECUTED / f"{chapter.stem}.ipynb", as_version=4)
        regenerated = nbformat.writes(build.merged(chapter, executed)) + "\n"
        if regenerated != chapter.read_text(encoding="utf-8"):
            pytest.fail(
                f"{chapter.name}: stored outputs differ from a fresh run; run `make outputs` and review"
            )


def test_stored_notebooks_carry_no_timing_or_run_metadata():
    for chapter in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = nbformat.read(chapter, as_version=4)
        assert "version" not in nb.metadata.get("language_info", {}), chapter.name
        for cell in nb.cells:
            assert "execution" not in cell.metadata, f"{chapter.name}: timing metadata"
            if cell.cell_type == "code":
                assert all(o.get("output_type") != "error" for o in cell.outputs), chapter.name
