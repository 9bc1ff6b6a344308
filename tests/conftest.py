"""Shared fixtures: the project's root, temporary copies of it, and a guard
that no test changes the real data."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

# What a copy of the project needs in order to build and test itself.
PROJECT_FILES = (
    "_config.yml",
    "_toc.yml",
    "_ext",
    "_static",
    "chapters",
    "data",
    "src",
    "tools",
    "tests",
    "requirements.txt",
    "pyproject.toml",
)


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def copy_project(destination: Path, with_build: bool = False) -> Path:
    """Copy the project (and, if asked, its _build with caches) to ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, destination / name)
    if with_build and (ROOT / "_build").exists():
        shutil.copytree(
            ROOT / "_build",
            destination / "_build",
            symlinks=True,
            ignore=shutil.ignore_patterns("screenshots"),
        )
    return destination


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A throw-away copy of data/ to corrupt."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


@pytest.fixture(scope="session", autouse=True)
def real_data_untouched():
    """Every corruption happens in copies: the real data/ ends as it began."""
    before = tree_digest(DATA)
    yield
    assert tree_digest(DATA) == before, "a test changed the files in data/"
