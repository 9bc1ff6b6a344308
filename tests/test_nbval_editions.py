"""nbval over every edition, not only the default one: `make test` collects
chapters/*.ipynb (the English outputs, as stored); here each other edition's
stored outputs (kept in each code cell's metadata by `make outputs`) are put in
place in a copy of the chapter, which nbval reruns in that edition's language
and compares cell by cell, as strictly as the English."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

from pronvovid import paths
from tests.conftest import BUILD_TOOL as build
from tests.conftest import ROOT, run_nbval

OTHER_EDITIONS = [language for language in build.EDITIONS if language != build.editions.DEFAULT]
CHAPTERS = [path.relative_to(ROOT).as_posix() for path in paths.toc_files(ROOT)]


def edition_copy(chapter: str, language: str, folder: Path) -> tuple[Path, int]:
    """The chapter with ``language``'s stored outputs as its outputs, and the
    number of code cells that have outputs to compare."""
    nb = nbformat.read(ROOT / chapter, as_version=4)
    compared = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        stored = cell.metadata.get(build.OTHER_OUTPUTS, {})
        assert language in stored, f"{chapter} cell {index}: no stored {language} outputs; run `make outputs`"
        cell.outputs = stored[language]
        compared += bool(cell.outputs)
    target = folder / chapter
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return target, compared


@pytest.mark.parametrize("language", OTHER_EDITIONS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_nbval_compares_the_stored_outputs_of_the_edition(chapter, language, tmp_path):
    # Inside the project, so that the kernel finds the project (and its data) as the chapter does.
    folder = ROOT / "_build" / "nbval" / language / tmp_path.name
    target, compared = edition_copy(chapter, language, folder)
    assert compared, f"{chapter}: no {language} output to compare; the test would prove nothing"
    report = tmp_path / "nbval.xml"
    env = dict(os.environ, PRONVOVID_LANGUAGE=language)
    completed = run_nbval(ROOT, str(target.relative_to(ROOT)), f"--junitxml={report}", env=env)
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    cases = list(ET.parse(report).getroot().iter("testcase"))
    skipped = [c.get("name") for c in cases if c.find("skipped") is not None]
    assert not skipped and len(cases) >= compared, f"{len(cases)} cells compared, skipped: {skipped}"
