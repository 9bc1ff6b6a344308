"""Shared fixtures: the project's root, temporary copies of it, and a guard
that no test changes the real data."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import browsing

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def load_build_tool():
    """tools/build.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("book_build", ROOT / "tools" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD_TOOL = load_build_tool()
copy_project = BUILD_TOOL.copy_project


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def run_nbval(
    project: Path, chapter: str, *options: str, env: dict | None = None
) -> subprocess.CompletedProcess:
    """nbval on one chapter of a copy of the project, as `make test` runs it
    (strict, the project's sanitize file), in a process of its own."""
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-o", "addopts="]
    command += ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]
    return subprocess.run(
        [*command, *options, chapter], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )


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


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The project's own book, built with the build command (incremental: fast
    when nothing changed). Returns _build/html."""
    completed = subprocess.run(
        [sys.executable, "tools/build.py"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert completed.returncode == 0, f"the build failed:\n{completed.stdout}\n{completed.stderr}"
    return ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium. Missing: a loud skip, or a failure under CI=true."""
    if browsing.CHROMIUM:
        return browsing.CHROMIUM
    message = "Chromium is not installed, so the browser tests cannot run (make test installs it as root)."
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true and {message}")
    print(f"\n!!!!! SKIPPING THE BROWSER TESTS: {message} !!!!!", file=sys.stderr)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=browsing.CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh tab whose network and console are watched (see browsing.PageWatch)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    tab = context.new_page()
    tab.watch = browsing.PageWatch(tab)
    yield tab
    context.close()


# ----------------------------------------------------------------------------
# What the run compared, printed at its end.

NBVAL_EXCLUDED_TAGS = {"nbval-skip", "nbval-ignore-output"}
NBVAL_EXCLUDED_MARKERS = ("# NBVAL_SKIP", "# NBVAL_IGNORE_OUTPUT")


def nbval_exclusions() -> list[str]:
    """Cells excluded from nbval's comparison, with the reason each gives."""
    import nbformat

    found = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            tags = set(cell.metadata.get("tags", [])) & NBVAL_EXCLUDED_TAGS
            markers = [m for m in NBVAL_EXCLUDED_MARKERS if m in cell.source]
            if tags or markers:
                found.append(f"{path.name} cell {index}: {', '.join(sorted(tags) + markers)}")
    return found


def pytest_terminal_summary(terminalreporter):
    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, [])]
    cells = [r for r in reports if ".ipynb::Cell" in r.nodeid and r.when == "call"]
    if cells:
        notebooks = {r.nodeid.split("::")[0] for r in cells}
        excluded = nbval_exclusions()
        terminalreporter.write_line(
            f"nbval: {len(notebooks)} notebooks, {len(cells)} cells compared, {len(excluded)} excluded"
        )
        for line in excluded:
            terminalreporter.write_line(f"  excluded: {line}")
    # Audits travel as user properties, so they reach the summary from xdist workers too.
    audits = {}
    for report in reports:
        for name, value in getattr(report, "user_properties", []):
            if name == "axe":
                audits[value["page"]] = value["violations"]
    totals: dict[str, int] = {}
    for page, counts in sorted(audits.items()):
        summary = ", ".join(f"{impact}={n}" for impact, n in sorted(counts.items())) or "no violations"
        terminalreporter.write_line(f"axe {page}: {summary}")
        for impact, n in counts.items():
            totals[impact] = totals.get(impact, 0) + n
    if audits:
        terminalreporter.write_line(
            f"axe: {len(audits)} pages audited; violations by impact: "
            + (", ".join(f"{k}={v}" for k, v in sorted(totals.items())) or "none")
        )
