"""Where the project's files are, for notebooks run from any folder."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "PRONVOVID_DATA_DIR"


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


def book_config_path(start: Path | None = None) -> Path:
    return find_project_root(start) / "_config.yml"
