"""Where the project's files are, and what its configuration says, for the
notebooks (run from any folder), the build and the tests alike."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

DATA_DIR_ENV = "PRONVOVID_DATA_DIR"
LANGUAGES = ("en", "sl")


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working directory)
    that holds ``data/datapackage.json``.

    Searching from the working directory (not from this file) lets a copy of the
    project, e.g. in a test's temporary folder, use its own data.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder
    raise FileNotFoundError(
        f"No data/datapackage.json found in {here} or any folder above it; "
        f"run from inside the project or set {DATA_DIR_ENV}."
    )


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data folder: ``explicit`` if given, else $PRONVOVID_DATA_DIR, else the
    ``data/`` folder of the project that contains the working directory."""
    if explicit is not None:
        return Path(explicit).resolve()
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]).resolve()
    return find_project_root() / "data"


def cache_dir(data_folder: Path) -> Path:
    """The project's _build/.cache for a data folder: the ``_build`` it sits in
    (the build's snapshot of data/), else the one beside it."""
    folder = data_folder.resolve()
    build = next((p for p in folder.parents if p.name == "_build"), folder.parent / "_build")
    return build / ".cache"


def book_config(root: Path | None = None) -> dict:
    """_config.yml of the project (found from the working directory by default)."""
    path = (root or find_project_root()) / "_config.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def book_language(root: Path | None = None) -> str:
    """The language of the edition being made: ``PRONVOVID_LANGUAGE`` when set
    (the build sets it for each edition's kernels), else the book's default,
    ``sphinx: config: language`` in _config.yml. It sets every number, date and
    label the code formats."""
    language = os.environ.get("PRONVOVID_LANGUAGE")
    if not language:
        try:
            config = book_config(root)
        except FileNotFoundError:
            return "en"
        language = str(((config.get("sphinx") or {}).get("config") or {}).get("language", "en"))
    if language not in LANGUAGES:
        raise ValueError(f"the book's language is {language!r}; the book supports {list(LANGUAGES)}")
    return language


def toc_files(root: Path) -> list[Path]:
    """The pages listed in _toc.yml, in reading order, as paths with their suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    entries = [toc["root"]]

    def walk(node) -> None:
        if isinstance(node, dict):
            if "file" in node:
                entries.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return [root / (e if Path(e).suffix else f"{e}.ipynb") for e in entries]
