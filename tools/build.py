"""Build the book: snapshot and validate the data, execute exactly the notebooks
whose inputs changed, render with Jupyter Book (strict), and publish atomically.

    python tools/build.py                    # what `make book` runs
    python tools/build.py --refresh-outputs  # re-execute and store outputs in chapters/*.ipynb
    python tools/build.py --refresh-outputs chapters/04-finances.ipynb

What Jupyter Book, myst-nb and nbclient cannot do, and this script does:
- Execution keyed on the data. Jupyter Book's cache keys on code cells only, so
  after a change in data/ it serves stale numbers. Here the build first copies
  data/ to a snapshot (_build/.snapshot/data), and the notebooks read that snapshot; a
  notebook's key covers its code cells, the snapshot's bytes, the helper
  package, the pinned requirements, the Python version and the book's language.
  So the key describes exactly the data the notebooks read, even if data/ is
  edited while they run. A matching key reuses the cached execution (an
  unreadable cache entry is a miss); prose-only edits execute nothing.
- Atomic publishing. The book is rendered from a staging copy (prose + cached
  outputs) with warnings as errors; only a successful render replaces
  _build/html, so a failed build never leaves a half-built book in its place.

Everything else is theirs: nbclient raises on a failing cell and on a timeout;
myst-nb turns output on stderr into a warning (nb_output_stderr), which the
strict build makes an error. Invalid data stops the build before any notebook
runs, with the loader's file, row, field and rule.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import copy
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this tree's helper package, wherever the venv points
from pronvovid import editions, paths  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
import pdf  # noqa: E402  (tools/pdf.py: the whole book as one PDF, printed by Chromium)

BUILD = ROOT / "_build"
CACHE = BUILD / ".cache"
EXECUTED = CACHE / "executed"
SNAPSHOT = BUILD / ".snapshot" / "data"  # named data/, so messages name data/ files
STAGE = BUILD / ".stage"
HTML = BUILD / "html"
LAST_BUILD = CACHE / "last-build.json"

# What the rendered book is made from (besides the notebooks, which are merged, and data/,
# which comes from the snapshot).
STAGED_PATHS = (
    "_config.yml",
    "_toc.yml",
    "CITATION.cff",
    "_ext",
    "_static",
    "_templates",
    "chapters",
    "locales",
)
# The PDF is printed from the rendered pages: its code is an input of the render.
RENDER_INPUTS = ("tools/pdf.py",)
# What a copy of the project needs to build and test itself (tests and benchmarks copy this).
PROJECT_PATHS = (
    *STAGED_PATHS,
    "data",
    "src",
    "babel.cfg",
    "tools",
    "tests",
    "requirements.txt",
    "pyproject.toml",
)
# What the site publishes beside each edition's pages (copied in when publishing):
# the data package at a stable flat path, and as a zip; the source kit
# that reruns the book anywhere (`make book`, `make test`).
PUBLISHED = "_published"
DATA_ZIP = "downloads/pro-nvo-vid-data.zip"
SOURCE_ZIP = "downloads/pro-nvo-vid-book.zip"
KIT_PATHS = (
    *PROJECT_PATHS,
    "Makefile",
    "README.md",
    "requirements.in",
    "LICENSE",
    "LICENSE-CC-BY-4.0.md",
    ".ci",
)
# The editions (the first is the default, at the site's root; each other one under <language>/).
EDITIONS = paths.LANGUAGES
# Where the stored notebooks keep the other editions' outputs (cell metadata).
OTHER_OUTPUTS = "pronvovid-outputs"
EXECUTION_TIMEOUT = 180  # seconds a cell may run; --timeout changes it


class BuildFailed(Exception):
    """Stops the build with one line (and the details printed before it)."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def files_under(folder: Path) -> list[Path]:
    if not folder.exists():
        return []
    skip = {"__pycache__", ".ipynb_checkpoints", "_build"}
    return sorted(
        p
        for p in folder.rglob("*")
        if (p.is_file() or p.is_symlink()) and not skip & set(p.relative_to(folder).parts)
    )


def digest_of(files: list[Path], base: Path, digest=None) -> str:
    digest = digest or hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        # A link is keyed by where it points: its target is checked by the loader.
        digest.update(os.readlink(path).encode() if path.is_symlink() else path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def copy_project(destination: Path, source: Path = ROOT) -> Path:
    """Copy what the project needs to build and test itself to ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
    for name in PROJECT_PATHS:
        if (source / name).is_dir():
            shutil.copytree(source / name, destination / name, ignore=ignore, symlinks=True)
        elif (source / name).exists():
            shutil.copy2(source / name, destination / name)
    return destination


def mirror(pairs: dict[Path, Path], folder: Path, keep: frozenset[Path] = frozenset()) -> None:
    """Make ``folder`` hold exactly the targets of ``pairs`` (target: source) and
    ``keep``, copying only what changed (unchanged files keep their mtimes, so
    Sphinx rereads only what changed). Links are copied as links."""
    for target, source in pairs.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            if not (target.is_symlink() and os.readlink(target) == os.readlink(source)):
                target.unlink(missing_ok=True)
                os.symlink(os.readlink(source), target)
        elif target.is_symlink() or not target.exists() or target.read_bytes() != source.read_bytes():
            target.unlink(missing_ok=True)
            shutil.copyfile(source, target)
    for path in files_under(folder):
        if path not in pairs and path not in keep:
            path.unlink()


# ----------------------------------------------------------------------------
# The data: snapshot, key, validation


def snapshot_data() -> str:
    """Copy data/ to the snapshot the notebooks read, and key everything the
    execution depends on besides each notebook's code and the edition's language."""
    mirror({SNAPSHOT / p.relative_to(ROOT / "data"): p for p in files_under(ROOT / "data")}, SNAPSHOT)
    digest = hashlib.sha256()
    digest_of(files_under(SNAPSHOT), SNAPSHOT, digest)
    digest_of(files_under(ROOT / "src" / "pronvovid"), ROOT, digest)
    digest_of([ROOT / "requirements.txt"], ROOT, digest)
    digest.update(f"python {sys.version_info.major}.{sys.version_info.minor}".encode())
    return digest.hexdigest()


def validate_data(key: str) -> None:
    """Validate the snapshot unless these exact inputs were validated before."""
    memo = CACHE / "validated.key"
    if memo.exists() and memo.read_text() == key:
        return
    log("validating data/ ...")
    from pronvovid import DataValidationError, load_book_data

    try:
        load_book_data(SNAPSHOT)
    except DataValidationError as error:
        print(str(error).replace(str(SNAPSHOT), str(ROOT / "data")), file=sys.stderr)
        raise BuildFailed("invalid data; no notebook was executed", 2) from None
    CACHE.mkdir(parents=True, exist_ok=True)
    memo.write_text(key)


def check_translations(notebooks: list[Path]) -> None:
    """Both editions can be made: every English paragraph has its Slovenian twin
    (see pronvovid.editions) and every phrase the code writes is translated."""
    from pronvovid import messages

    problems = [p for nb in notebooks for p in editions.notebook_problems(nb)]
    problems += [p for language in EDITIONS for p in messages.catalogue_problems(language)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        raise BuildFailed(
            f"{len(problems)} missing or mismatched translation(s); no notebook was executed", 2
        )


# ----------------------------------------------------------------------------
# Execution: each notebook once per edition, in the edition's language


def execution_key(notebook: Path, language: str, shared: str) -> str:
    nb = nbformat.read(notebook, as_version=4)
    digest = hashlib.sha256(shared.encode())
    digest.update(f"\0language\0{language}".encode())
    # The phrases the code writes in this language (the English are in the package).
    catalogue = ROOT / "locales" / language / "LC_MESSAGES" / "pronvovid.po"
    digest_of([catalogue] if catalogue.exists() else [], ROOT, digest)
    digest.update(nb.metadata.get("kernelspec", {}).get("name", "python3").encode())
    for cell in nb.cells:
        if cell.cell_type == "code":
            digest.update(b"\0cell\0" + cell.source.encode())
    return digest.hexdigest()


def executed_path(notebook: Path, language: str, suffix: str) -> Path:
    return EXECUTED / f"{notebook.stem}.{language}{suffix}"


def cached_execution(notebook: Path, language: str, key: str) -> nbformat.NotebookNode | None:
    """The cached execution of ``notebook`` in ``language`` for ``key``, or None:
    a missing, stale or unreadable entry is a miss."""
    try:
        if executed_path(notebook, language, ".key").read_text() != key:
            return None
        return nbformat.read(executed_path(notebook, language, ".ipynb"), as_version=4)
    except Exception:  # truncated JSON, a bad notebook, a missing file: execute again
        return None


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes between runs without changing the content, so that
    stored outputs are byte-identical from one run to the next."""
    nb.metadata.pop("widgets", None)
    info = nb.metadata.get("language_info")
    if info:
        keep = ("name", "pygments_lexer", "file_extension", "mimetype")
        nb.metadata["language_info"] = {k: info[k] for k in keep if k in info}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.metadata.pop("collapsed", None)
            cell.metadata.pop("scrolled", None)
    return nb


async def execute_one(notebook: Path, language: str, timeout: int) -> nbformat.NotebookNode:
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    env = dict(
        os.environ,
        PRONVOVID_DATA_DIR=str(SNAPSHOT),
        PRONVOVID_LANGUAGE=language,
        # This tree's helper package, even where the editable install points at another copy.
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
        PYDEVD_DISABLE_FILE_VALIDATION="1",  # debugpy's frozen-modules notice
        MPLBACKEND="Agg",
        PYTHONHASHSEED=os.environ.get("PYTHONHASHSEED", "0"),
    )
    with tempfile.TemporaryDirectory(prefix="pnv-kernel-") as sockets:
        # ipc transport: the kernel talks over Unix sockets, not TCP on localhost.
        manager = AsyncKernelManager(kernel_name="python3", transport="ipc")
        manager.connection_file = os.path.join(sockets, "kernel.json")
        manager.ip = os.path.join(sockets, "ipc")
        client = NotebookClient(nb, km=manager, timeout=timeout, record_timing=False)
        try:
            await client.async_execute(env=env, cwd=str(notebook.parent))
        finally:
            # Killed, not asked: a kernel stuck in a timed-out cell would print a ZMQError.
            if await manager.is_alive():
                await manager.shutdown_kernel(now=True)
    return normalise(nb)


Run = tuple[Path, str]  # a notebook and the language it runs in


async def execute_all(runs: list[Run], jobs: int, timeout: int) -> dict[Run, nbformat.NotebookNode]:
    gate = asyncio.Semaphore(jobs)
    results: dict[Run, nbformat.NotebookNode] = {}
    failures: list[str] = []

    async def run(notebook: Path, language: str) -> None:
        async with gate:
            started = time.perf_counter()
            name = f"{notebook.relative_to(ROOT)} ({language})"
            try:
                results[notebook, language] = await execute_one(notebook, language, timeout)
            except Exception as error:  # nbclient's CellExecutionError, timeout, dead kernel
                failures.append(f"{name}: {type(error).__name__}: {error}")
                return
            log(f"executed {name} in {time.perf_counter() - started:.1f} s")

    await asyncio.gather(*(run(nb, language) for nb, language in runs))
    if failures:
        print("\n".join(failures), file=sys.stderr)
        raise BuildFailed("a notebook did not execute cleanly", 3)
    return results


def write_if_changed(path: Path, text: str | bytes) -> bool:
    """Write only if the bytes change (keeps mtimes, so Sphinx rebuilds only what changed)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def code_cells(nb: nbformat.NotebookNode) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def with_outputs(
    source: Path, executed: dict[str, nbformat.NotebookNode], main: str
) -> nbformat.NotebookNode:
    """The source notebook (its current prose) with ``executed[main]``'s outputs
    as the cells' outputs and each other language's in the cell's metadata
    (OTHER_OUTPUTS), where `make test` finds them for nbval."""
    nb = nbformat.read(source, as_version=4)
    cells = code_cells(nb)
    for cell in cells:
        cell.metadata.pop(OTHER_OUTPUTS, None)
    for language, done in executed.items():
        ran = code_cells(done)
        if len(ran) != len(cells):
            raise BuildFailed(f"{source.relative_to(ROOT)}: its code changed while it was executed", 3)
        for cell, done_cell in zip(cells, ran, strict=True):
            if language == main:
                cell.outputs = copy.deepcopy(done_cell.outputs)
                cell.execution_count = done_cell.execution_count
            else:
                cell.metadata.setdefault(OTHER_OUTPUTS, {})[language] = copy.deepcopy(done_cell.outputs)
    for key in ("kernelspec", "language_info"):
        if key in executed[main].metadata:
            nb.metadata[key] = executed[main].metadata[key]
    return normalise(nb)


def merged(source: Path, executed: dict[str, nbformat.NotebookNode]) -> str:
    """What `make outputs` stores in chapters/: both languages' prose, the
    default edition's outputs, the others' in the cells' metadata."""
    return nbformat.writes(with_outputs(source, executed, editions.DEFAULT)) + "\n"


def edition_page(source: Path, executed: nbformat.NotebookNode, language: str) -> str:
    """One edition's page: the source's prose in ``language`` with that
    edition's execution as the outputs."""
    nb = with_outputs(source, {language: executed}, language)
    return nbformat.writes(editions.for_edition(nb, language)) + "\n"


def executions(
    notebooks: list[Path], shared: str, jobs: int, timeout: int, force: bool, languages=EDITIONS
) -> tuple[dict[Run, nbformat.NotebookNode], list[Run]]:
    """Each notebook's execution in each edition's language for the current
    inputs: cached where the key matches, else run now. Returns them and the
    runs that executed."""
    runs = [(nb, language) for nb in notebooks for language in languages]
    keys = {run: execution_key(run[0], run[1], shared) for run in runs}
    done = {run: None if force else cached_execution(*run, keys[run]) for run in runs}
    stale = [run for run, executed in done.items() if executed is None]
    if stale:
        log(f"executing {len(stale)} of {len(runs)} notebook runs ({min(jobs, len(stale))} at a time)")
        for run, executed in asyncio.run(execute_all(stale, jobs, timeout)).items():
            write_if_changed(executed_path(*run, ".ipynb"), nbformat.writes(executed) + "\n")
            executed_path(*run, ".key").write_text(keys[run])
            done[run] = executed
    else:
        log("no notebook needs executing")
    return done, stale


# ----------------------------------------------------------------------------
# Rendering and publishing


def zip_bytes(files: dict[str, Path]) -> bytes:
    """A zip of ``files`` (name in the archive: file) that is the same bytes for
    the same contents: sorted, fixed dates and modes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if os.access(files[name], os.X_OK) else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name].read_bytes())
    return buffer.getvalue()


def source_kit_files() -> dict[str, Path]:
    """The book's source as a reader downloads it: notebooks with their stored
    outputs, the data (the snapshot the pages show), the helper package, the
    Makefile, the README and the pins."""
    files = {}
    for name in KIT_PATHS:
        source = ROOT / name
        for path in [source] if source.is_file() else files_under(source):
            if name != "data":
                files[f"pro-nvo-vid-book/{path.relative_to(ROOT).as_posix()}"] = path
    for path in files_under(SNAPSHOT):
        files[f"pro-nvo-vid-book/data/{path.relative_to(SNAPSHOT).as_posix()}"] = path
    return files


def chart_csvs(stage_dir: Path, done: dict[Path, nbformat.NotebookNode]) -> dict[Path, str]:
    """The CSV of what each chart draws, as the chapters' outputs carry it (in
    their metadata, see display.show_chart), to be published as charts/<name>.csv."""
    found: dict[Path, str] = {}
    for notebook, executed in done.items():
        for cell in executed.cells:
            for output in cell.get("outputs", []):
                csv = output.get("metadata", {}).get("pronvovid/chart-csv")
                if csv is None:
                    continue
                name = csv.get("filename", "")
                target = stage_dir / PUBLISHED / "charts" / name
                if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.csv", name) or target in found:
                    raise BuildFailed(
                        f"{notebook.relative_to(ROOT)}: a chart's CSV name {name!r} is bad or repeated", 4
                    )
                found[target] = csv["text"]
    return found


def edition_config(language: str) -> str:
    """_config.yml for one edition: the edition's language (the theme's and
    Sphinx's, hence <html lang>) and the book's title in that language."""
    from pronvovid.formatting import Formatter

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["sphinx"]["config"]["language"] = language
    config["title"] = Formatter(language).text("book.title")
    return "# Staged by tools/build.py from _config.yml for one edition.\n" + yaml.safe_dump(
        config, allow_unicode=True, sort_keys=False
    )


def stage_edition(language: str, done: dict[Path, nbformat.NotebookNode]) -> dict[str, str]:
    """Mirror one edition's sources into _build/.stage/<language> (its prose and
    outputs, data/ from the snapshot, the published data package and zips);
    return fingerprints of what was staged."""
    stage_dir = STAGE / language
    pairs = {}
    for path in files_under(SNAPSHOT):
        pairs[stage_dir / "data" / path.relative_to(SNAPSHOT)] = path
        pairs[stage_dir / PUBLISHED / "data" / path.relative_to(SNAPSHOT)] = path
    for name in STAGED_PATHS:
        source = ROOT / name
        for path in [source] if source.is_file() else files_under(source):
            pairs[stage_dir / path.relative_to(ROOT)] = path
    pages = {stage_dir / nb.relative_to(ROOT): nb for nb in done}
    charts = chart_csvs(stage_dir, done)
    zips = {
        stage_dir / PUBLISHED / DATA_ZIP: {
            f"pro-nvo-vid-data/{p.relative_to(SNAPSHOT).as_posix()}": p for p in files_under(SNAPSHOT)
        },
        stage_dir / PUBLISHED / SOURCE_ZIP: source_kit_files(),
    }
    config = stage_dir / "_config.yml"
    keep = frozenset([*pages, *zips, *charts, config])
    mirror({t: s for t, s in pairs.items() if t not in keep}, stage_dir, keep=keep)
    write_if_changed(config, edition_config(language))
    for target, source in pages.items():
        write_if_changed(target, edition_page(source, done[source], language))
    for target, files in zips.items():
        write_if_changed(target, zip_bytes(files))
    for target, text in charts.items():
        write_if_changed(target, text)
    # The pages and the PDF are made from everything but _published/, which the
    # publishing step copies beside them (the data package, zips, chart CSVs).
    inputs = [ROOT / "requirements.txt", *(ROOT / name for name in RENDER_INPUTS)]
    sources = [p for p in files_under(stage_dir) if PUBLISHED not in p.relative_to(stage_dir).parts]
    return {
        "pages": digest_of(sources, stage_dir) + digest_of(inputs, ROOT),
        "extras": digest_of(files_under(stage_dir / PUBLISHED), stage_dir),
    }


def render_inputs_key() -> str:
    # What Sphinx does not watch itself (our extensions, the theme files, the
    # catalogues, the environment): when it changes, every page is written again.
    watched = [*files_under(ROOT / "_ext"), *files_under(ROOT / "_static"), *files_under(ROOT / "_templates")]
    watched += files_under(ROOT / "locales")
    watched += [
        ROOT / name
        for name in ("_config.yml", "_toc.yml", "CITATION.cff", "requirements.txt", *RENDER_INPUTS)
    ]
    return digest_of(watched, ROOT)


def render(languages: list[str]) -> None:
    """Render the staged editions with Jupyter Book, strict, side by side."""
    key = render_inputs_key()
    started = time.perf_counter()
    running = {}
    for language in languages:
        stage_dir, key_file = STAGE / language, CACHE / f"renderer-{language}.key"
        if not key_file.exists() or key_file.read_text() != key:
            shutil.rmtree(stage_dir / "_build", ignore_errors=True)
            key_file.unlink(missing_ok=True)
        command = [
            Path(sys.executable).with_name("jupyter-book"),
            "build",
            stage_dir,
            "-W",
            "-n",
            "--keep-going",
        ]
        env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
        running[language] = subprocess.Popen(
            command, cwd=stage_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    failed = 0
    for language, process in running.items():
        output, _ = process.communicate()
        warnings = [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line]
        if process.returncode != 0 or warnings:
            print(f"--- the {language} edition:\n{output}", file=sys.stderr)
            # Sphinx would not reread unchanged pages next time and their warnings
            # would vanish; drop its environment so the next build sees them again.
            shutil.rmtree(STAGE / language / "_build" / ".doctrees", ignore_errors=True)
            failed += max(len(warnings), 1)
        else:
            (CACHE / f"renderer-{language}.key").write_text(key)
    if failed:
        raise BuildFailed(f"the strict build reported {failed} warning(s)/error(s)", 4)
    seconds = time.perf_counter() - started
    log(f"rendered {', '.join(languages)} with Jupyter Book in {seconds:.1f} s, 0 warnings")


def print_pdfs(languages: list[str]) -> None:
    """Each edition's PDF, inside its staged HTML (so that publishing the pages
    and the PDF stays one rename), printed side by side."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(languages)) as pool:
        jobs = [
            pool.submit(pdf.make_pdf, STAGE / language, STAGE / language / "_build" / "html" / pdf.PDF_NAME)
            for language in languages
        ]
        for job in jobs:
            try:
                job.result()
            except pdf.PdfFailed as error:
                raise BuildFailed(f"the PDF: {error}", 6) from None


def publish(languages: list[str]) -> None:
    """Swap the new HTML of both editions into _build/html in one rename: the
    default edition at the root, each other one under <language>/."""
    fresh, old = BUILD / ".html-new", BUILD / ".html-old"
    try:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        for language in languages:
            site = fresh / editions.PREFIX[language]
            shutil.copytree(STAGE / language / "_build" / "html", site, dirs_exist_ok=True)
            shutil.copytree(STAGE / language / PUBLISHED, site, dirs_exist_ok=True)
        if HTML.exists():
            HTML.rename(old)
        fresh.rename(HTML)
    except OSError as error:
        if old.exists() and not HTML.exists():
            old.rename(HTML)
        raise BuildFailed(f"could not publish to {HTML.relative_to(ROOT)}: {error}", 5) from None
    shutil.rmtree(old, ignore_errors=True)


def record_build(started: float, executed: list[Run], rendered: list[str]) -> None:
    """What this build did, for tests and `make bench`."""
    record = {
        "executed": [f"{p.relative_to(ROOT)} ({language})" for p, language in executed],
        "rendered": rendered,
        "seconds": round(time.perf_counter() - started, 2),
    }
    CACHE.mkdir(parents=True, exist_ok=True)
    LAST_BUILD.write_text(json.dumps(record, indent=1) + "\n")


def build(force: bool, jobs: int, timeout: int, languages: list[str] = EDITIONS, pdfs: bool = True) -> None:
    started = time.perf_counter()
    if force:  # from scratch: no Sphinx environment, no remembered render
        for language in languages:
            shutil.rmtree(STAGE / language / "_build", ignore_errors=True)
            (CACHE / f"renderer-{language}.key").unlink(missing_ok=True)
    notebooks = paths.toc_files(ROOT)
    shared = snapshot_data()
    # Everything the published site is made from: when none of it changed since
    # the last build that published, there is nothing to do.
    sources = [
        p
        for name in STAGED_PATHS
        for p in ([ROOT / name] if (ROOT / name).is_file() else files_under(ROOT / name))
    ]
    site_key = (
        digest_of(sources, ROOT, hashlib.sha256(f"{shared} {languages}".encode())) + render_inputs_key()
    )
    published = CACHE / "published.json"
    try:
        before = json.loads(published.read_text()) if HTML.exists() else {}
    except (OSError, ValueError):
        before = {}
    if not force and before.get("site") == site_key:
        record_build(started, [], [])
        log(f"the book is up to date: {HTML.relative_to(ROOT)}/index.html")
        return
    validate_data(shared)
    check_translations(notebooks)
    done, executed = executions(notebooks, shared, jobs, timeout, force, languages)
    fingerprints = {
        language: stage_edition(language, {nb: done[nb, language] for nb in notebooks})
        for language in languages
    }
    changed = [lang for lang in languages if force or before.get(lang) != fingerprints[lang]["pages"]]
    pages = {lang: fingerprints[lang]["pages"] for lang in languages}
    extras = [fingerprints[lang]["extras"] for lang in languages]
    updated = bool(changed) or before.get("extras") != extras
    if updated:
        published.unlink(missing_ok=True)
        if changed:
            render(changed)
            if pdfs:
                print_pdfs(changed)
            else:
                log("no PDF printed (--no-pdf)")
        publish(languages)
    published.write_text(json.dumps({"site": site_key, **pages, "extras": extras}))
    record_build(started, executed, changed)
    if updated:
        log(f"done in {time.perf_counter() - started:.1f} s: {HTML.relative_to(ROOT)}/index.html")
    else:
        log(f"the book is up to date: {HTML.relative_to(ROOT)}/index.html")


def refresh_outputs(selected: list[str], jobs: int, timeout: int) -> None:
    """Re-execute notebooks in clean kernels, in every edition's language, and
    store their outputs in place."""
    notebooks = paths.toc_files(ROOT)
    if selected:
        chosen = {(ROOT / s).resolve() for s in selected}
        unknown = chosen - {nb.resolve() for nb in notebooks}
        if unknown:
            raise BuildFailed(f"not a chapter listed in _toc.yml: {', '.join(map(str, sorted(unknown)))}", 1)
        notebooks = [nb for nb in notebooks if nb.resolve() in chosen]
    shared = snapshot_data()
    validate_data(shared)
    check_translations(notebooks)
    done, _ = executions(notebooks, shared, jobs, timeout, force=True)
    for nb in notebooks:
        changed = write_if_changed(nb, merged(nb, {language: done[nb, language] for language in EDITIONS}))
        log(f"{'updated' if changed else 'unchanged'}: {nb.relative_to(ROOT)}")


@contextlib.contextmanager
def build_lock():
    """One build at a time per project (two test workers, or two terminals)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    with open(BUILD / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log("waiting for another build of this project to finish ...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="ignore every cache and rebuild from scratch")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks executed at once")
    parser.add_argument("--timeout", type=int, default=EXECUTION_TIMEOUT, help="seconds a cell may run")
    parser.add_argument(
        "--refresh-outputs",
        nargs="*",
        metavar="NOTEBOOK",
        help="re-execute (all or the given) chapters and store their outputs in place",
    )
    parser.add_argument(
        "--edition",
        action="append",
        choices=EDITIONS,
        help="build only this edition (repeatable; default: all). For measuring; the site links both.",
    )
    parser.add_argument(
        "--no-pdf",
        action="store_true",
        help="publish the pages without printing the PDFs (the build tests' copies use it)",
    )
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    try:
        with build_lock():
            if args.refresh_outputs is not None:
                refresh_outputs(args.refresh_outputs, args.jobs, args.timeout)
            else:
                build(args.force, args.jobs, args.timeout, args.edition or list(EDITIONS), not args.no_pdf)
    except BuildFailed as failure:
        log(f"FAILED: {failure}; {HTML.relative_to(ROOT)} was left as it was.")
        return failure.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
