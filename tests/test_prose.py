"""Prose holds no typed figure: every number in a chapter's text is computed
and inserted with glue, and every inserted figure carries its tier marker."""

from __future__ import annotations

import re

import nbformat
import pytest

from pronvovid import paths
from tests.conftest import ROOT

# Proper names that contain digits. No count, amount, share or date belongs here.
ALLOWED_NAMES = ("SRS 2030", "Development Strategy 2030", "Digitalna Slovenija 2020")

GLUE_ROLE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`]*)`")
TIER_MARKER = re.compile(r'<sup class="tier tier-(reported|derived|context)">')


def chapters() -> list:
    return paths.toc_files(ROOT)


def glued_outputs(nb) -> dict[str, dict]:
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                found[name] = {
                    k.removeprefix("application/papermill.record/"): v for k, v in output["data"].items()
                }
    return found


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_markdown_has_no_typed_digits(path):
    nb = nbformat.read(path, as_version=4)
    offences = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        text = GLUE_ROLE.sub("", cell.source)
        for name in ALLOWED_NAMES:
            text = text.replace(name, "")
        for match in re.finditer(r"\d", text):
            start = max(0, match.start() - 30)
            offences.append(f"cell {index}: …{text[start : match.end() + 30]}…")
    assert not offences, f"{path.name}: digits typed in prose:\n" + "\n".join(offences)


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_every_glue_reference_has_a_stored_value(path):
    nb = nbformat.read(path, as_version=4)
    stored = glued_outputs(nb)
    referenced = {
        key.split(":")[0]
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for key in GLUE_ROLE.findall(cell.source)
    }
    assert referenced <= set(stored), f"{path.name}: no stored glue for {sorted(referenced - set(stored))}"


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_every_figure_in_prose_carries_its_tier_marker(path):
    """{glue:md} inserts figures; each must carry a reported/derived/context marker
    (links are the one exception: they are sources, not figures)."""
    nb = nbformat.read(path, as_version=4)
    stored = glued_outputs(nb)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in re.finditer(r"\{glue:md\}`([^`]*)`", cell.source):
            key = match.group(1).split(":")[0]
            markdown = stored[key].get("text/markdown", "")
            is_link = markdown.startswith("[") and "](<" in markdown
            assert is_link or TIER_MARKER.search(markdown), f"{path.name}: {key} has no tier marker"


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_every_reported_figure_carries_the_reports_clause(path):
    """A reader taps a reported figure's marker and reads the Slovenian clause it
    comes from: every glued reported figure holds one, marked lang="sl"."""
    nb = nbformat.read(path, as_version=4)
    missing = [
        key
        for key, bundle in glued_outputs(nb).items()
        if 'class="tier tier-reported"' in bundle.get("text/markdown", "")
        and 'class="tier-quote"' not in bundle["text/markdown"]
    ]
    assert missing == [], f"{path.name}: reported figures without the report's clause: {missing}"
