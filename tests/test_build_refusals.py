"""Invalid data stops the build before any notebook runs: one `[build] FAILED`
line, the problem's file, row, field and rule, no traceback, and the published
book left byte for byte as it was. The corruptions are those of the fault
injection tests; here they go through the build command on a copy of the project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_project, tree_digest
from tests.test_fault_injection import CORRUPTIONS, expected_row

pytestmark = pytest.mark.build

# The kinds of bad input that once got past validation and ended in tracebacks.
REFUSED = (
    "an infinite number",
    "not a number",
    "a fact the chapters use has no value",
    "the report's date is missing",
    "a table missing from the descriptor",
    "a resource without a path",
    "an absolute path",
    "a path out of the data folder",
    "a symlink out of the data folder",
    "a trailing space in a key",
    "a name not in Unicode NFC",
    "duplicated column",
)


@pytest.fixture(scope="module")
def project(tmp_path_factory, built_book) -> Path:
    """A copy of the project with the real build's published book."""
    project = copy_project(tmp_path_factory.mktemp("refusals") / "book")
    shutil.copytree(built_book, project / "_build" / "html")
    shutil.copytree(project / "data", project / "data-backup", symlinks=True)
    return project


@pytest.mark.parametrize("name", REFUSED)
def test_bad_input_is_refused_before_execution_in_one_line(project: Path, name: str):
    corruption = next(c for c in CORRUPTIONS if c.name == name)
    shutil.rmtree(project / "data")
    shutil.copytree(project / "data-backup", project / "data", symlinks=True)
    corruption.apply(project / "data")
    row = expected_row(corruption, project / "data")
    before = tree_digest(project / "_build" / "html")

    completed = subprocess.run(
        [sys.executable, "tools/build.py"], cwd=project, capture_output=True, text=True, timeout=300
    )

    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    failed = [line for line in completed.stdout.splitlines() if line.startswith("[build] FAILED")]
    assert failed == [
        "[build] FAILED: invalid data; no notebook was executed; _build/html was left as it was."
    ]
    where = f"data/{corruption.file}, " + (f"row {row}" if row else "whole file")
    if corruption.field:
        where += f", field {corruption.field}"
    assert f"{where}: [{corruption.rule}]" in completed.stderr, output
    assert "Traceback" not in output
    assert "[build] executing" not in completed.stdout
    assert tree_digest(project / "_build" / "html") == before
