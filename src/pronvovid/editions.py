"""The book's two editions, English and Slovenian, from one set of notebooks.

Prose: every markdown cell carries one language tag, ``lang-en`` or ``lang-sl``,
and each English cell is followed at once by its Slovenian twin, so that a
paragraph's two versions are read, reviewed and changed together. When the
build stages an edition it keeps that edition's cells and drops the others.
A cell without a tag, an English cell without its twin, or twins that glue
different figures or set different targets stop the build.

Code: the notebooks run once per edition, with ``PRONVOVID_LANGUAGE`` set;
every string the code writes comes from the gettext catalogue (see
``pronvovid.formatting``).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat

from pronvovid.paths import LANGUAGES

DEFAULT = LANGUAGES[0]
TAGS = {language: f"lang-{language}" for language in LANGUAGES}
# Where each edition is published, relative to the site's root.
PREFIX = {"en": "", "sl": "sl/"}

GLUE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`]+)`")
LANGUAGE_BOUND = re.compile(rf"_(?:{'|'.join(LANGUAGES)})(?::[a-z]+)?$")
TARGET = re.compile(r"^\(([^)\s]+)\)=\s*$", re.MULTILINE)
HEADING = re.compile(r"^(#{1,6}) ", re.MULTILINE)
DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{([a-z-]+)\}", re.MULTILINE)


def cell_language(cell) -> str | None:
    tags = [t for t in cell.get("metadata", {}).get("tags", []) if t in TAGS.values()]
    return tags[0].removeprefix("lang-") if len(tags) == 1 else None


def skeleton(text: str) -> dict:
    """What must be the same in a paragraph's two versions: the figures it glues,
    the targets it sets, its heading levels and its directives."""
    return {
        # Keys ending in _en or _sl glue a name in one language (the title in
        # English, say); an edition may show it or not. Every other key must be
        # glued in both versions.
        "glued figures": sorted(k for k in GLUE.findall(text) if not LANGUAGE_BOUND.search(k)),
        "targets": TARGET.findall(text),
        "headings": [len(h) for h in HEADING.findall(text)],
        "directives": [d for _, d in DIRECTIVE.findall(text)],
    }


def twin_problems(nb: nbformat.NotebookNode, name: str) -> list[str]:
    """Why ``nb``'s prose cannot make both editions (empty when it can)."""
    problems = []
    cells = nb.cells
    index = 0
    while index < len(cells):
        cell = cells[index]
        if cell.cell_type != "markdown":
            index += 1
            continue
        where = f"{name}, markdown cell {index + 1}"
        language = cell_language(cell)
        if language is None:
            problems.append(f"{where}: needs exactly one of the tags {', '.join(TAGS.values())}")
            index += 1
            continue
        if language != DEFAULT:
            problems.append(f"{where}: a {language} cell with no English cell before it")
            index += 1
            continue
        group = [cell]
        for other in LANGUAGES[1:]:
            following = cells[index + len(group)] if index + len(group) < len(cells) else None
            if following is None or following.cell_type != "markdown" or cell_language(following) != other:
                problems.append(f"{where}: the English cell has no {other} twin right after it")
                break
            group.append(following)
        english = skeleton(cell.source)
        for twin in group[1:]:
            theirs = skeleton(twin.source)
            for part, value in english.items():
                if theirs[part] != value:
                    language = cell_language(twin)
                    problems.append(
                        f"{where}: its {language} twin differs in {part}: {theirs[part]} vs {value}"
                    )
        index += len(group)
    return problems


def for_edition(nb: nbformat.NotebookNode, language: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` with only the prose of ``language`` (tags removed)."""
    edition = copy.deepcopy(nb)
    kept = []
    for cell in edition.cells:
        if cell.cell_type == "markdown":
            if cell_language(cell) != language:
                continue
            tags = [t for t in cell.metadata.get("tags", []) if t not in TAGS.values()]
            if tags:
                cell.metadata["tags"] = tags
            else:
                cell.metadata.pop("tags", None)
        kept.append(cell)
    edition.cells = kept
    return edition


def split_path(path: str) -> tuple[str, str]:
    """A site path's edition and page: 'sl/chapters/x.html' -> ('sl', 'chapters/x.html')."""
    for language, prefix in PREFIX.items():
        if prefix and path.startswith(prefix):
            return language, path.removeprefix(prefix)
    return DEFAULT, path


def twin_href(pagename: str, language: str, other: str) -> str:
    """The relative address, from ``pagename`` in ``language``'s edition, of the
    same page in ``other``'s edition."""
    up = "../" * (pagename.count("/") + PREFIX[language].count("/"))
    return f"{up}{PREFIX[other]}{pagename}.html"


def notebook_problems(path: Path) -> list[str]:
    return twin_problems(nbformat.read(path, as_version=4), path.name)
