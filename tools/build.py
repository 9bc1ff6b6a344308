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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this tree's helper package, wherever the venv points
from pronvovid import paths  # noqa: E402

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
STAGED_PATHS = ("_config.yml", "_toc.yml", "CITATION.cff", "_ext", "_static", "_templates", "locales", "chapters")
# The PDF is printed from the rendered pages: its code is an input of the render.
RENDER_INPUTS = ("tools/pdf.py",)
# What a copy of the project needs to build and test itself (tests and benchmarks copy this).
PROJECT_PATHS = (*STAGED_PATHS, "data", "src", "tools", "tests", "requirements.txt", "pyproject.toml")
# What the site publishes beside the pages (Sphinx copies _published/ to the site's root:
# html_extra_path): the data package at a stable flat path, and as a zip; the source kit
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
    execution depends on besides each notebook's code."""
    mirror({SNAPSHOT / p.relative_to(ROOT / "data"): p for p in files_under(ROOT / "data")}, SNAPSHOT)
    digest = hashlib.sha256()
    digest_of(files_under(SNAPSHOT), SNAPSHOT, digest)
    digest_of(files_under(ROOT / "src" / "pronvovid"), ROOT, digest)
    digest_of([ROOT / "requirements.txt"], ROOT, digest)
    digest.update(f"python {sys.version_info.major}.{sys.version_info.minor}".encode())
    digest.update(f"language {paths.book_language(ROOT)}".encode())
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


# ----------------------------------------------------------------------------
# Execution


def execution_key(notebook: Path, shared: str) -> str:
    nb = nbformat.read(notebook, as_version=4)
    digest = hashlib.sha256(shared.encode())
    digest.update(nb.metadata.get("kernelspec", {}).get("name", "python3").encode())
    for cell in nb.cells:
        if cell.cell_type == "code":
            digest.update(b"\0cell\0" + cell.source.encode())
    return digest.hexdigest()


def cached_execution(notebook: Path, key: str) -> nbformat.NotebookNode | None:
    """The cached execution of ``notebook`` for ``key``, or None: a missing, stale
    or unreadable entry is a miss."""
    try:
        if (EXECUTED / f"{notebook.stem}.key").read_text() != key:
            return None
        return nbformat.read(EXECUTED / f"{notebook.stem}.ipynb", as_version=4)
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


async def execute_one(notebook: Path, timeout: int) -> nbformat.NotebookNode:
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    env = dict(
        os.environ,
        PRONVOVID_DATA_DIR=str(SNAPSHOT),
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


async def execute_all(notebooks: list[Path], jobs: int, timeout: int) -> dict[Path, nbformat.NotebookNode]:
    gate = asyncio.Semaphore(jobs)
    results: dict[Path, nbformat.NotebookNode] = {}
    failures: list[str] = []

    async def run(notebook: Path) -> None:
        async with gate:
            started = time.perf_counter()
            try:
                results[notebook] = await execute_one(notebook, timeout)
            except Exception as error:  # nbclient's CellExecutionError, timeout, dead kernel
                failures.append(f"{notebook.relative_to(ROOT)}: {type(error).__name__}: {error}")
                return
            log(f"executed {notebook.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s")

    await asyncio.gather(*(run(nb) for nb in notebooks))
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


def merged(source: Path, executed: nbformat.NotebookNode) -> str:
    """The source notebook (its current prose) with the executed outputs, as text."""
    nb = nbformat.read(source, as_version=4)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for cell, done in zip(code_cells, [c for c in executed.cells if c.cell_type == "code"], strict=True):
        cell.outputs = copy.deepcopy(done.outputs)
        cell.execution_count = done.execution_count
    for key in ("kernelspec", "language_info"):
        if key in executed.metadata:
            nb.metadata[key] = executed.metadata[key]
    return nbformat.writes(normalise(nb)) + "\n"


def executions(
    notebooks: list[Path], shared: str, jobs: int, timeout: int, force: bool
) -> tuple[dict, list[Path]]:
    """Each notebook's execution for the current inputs: cached where the key
    matches, else run now. Returns them and the notebooks that ran."""
    keys = {nb: execution_key(nb, shared) for nb in notebooks}
    done = {nb: None if force else cached_execution(nb, keys[nb]) for nb in notebooks}
    stale = [nb for nb, executed in done.items() if executed is None]
    if stale:
        log(f"executing {len(stale)} of {len(notebooks)} notebooks ({min(jobs, len(stale))} at a time)")
        for nb, executed in asyncio.run(execute_all(stale, jobs, timeout)).items():
            write_if_changed(EXECUTED / f"{nb.stem}.ipynb", nbformat.writes(executed) + "\n")
            (EXECUTED / f"{nb.stem}.key").write_text(keys[nb])
            done[nb] = executed
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


def chart_csvs(done: dict[Path, nbformat.NotebookNode]) -> dict[Path, str]:
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
                target = STAGE / PUBLISHED / "charts" / name
                if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.csv", name) or target in found:
                    raise BuildFailed(
                        f"{notebook.relative_to(ROOT)}: a chart's CSV name {name!r} is bad or repeated", 4
                    )
                found[target] = csv["text"]
    return found


def stage(done: dict[Path, nbformat.NotebookNode]) -> str:
    """Mirror the book's sources into _build/.stage (notebooks with their outputs,
    data/ from the snapshot, the published data package and zips); return a
    fingerprint of what was staged."""
    pairs = {}
    for path in files_under(SNAPSHOT):
        pairs[STAGE / "data" / path.relative_to(SNAPSHOT)] = path
        pairs[STAGE / PUBLISHED / "data" / path.relative_to(SNAPSHOT)] = path
    for name in STAGED_PATHS:
        source = ROOT / name
        for path in [source] if source.is_file() else files_under(source):
            pairs[STAGE / path.relative_to(ROOT)] = path
    notebooks = {STAGE / nb.relative_to(ROOT): nb for nb in done}
    charts = chart_csvs(done)
    zips = {
        STAGE / PUBLISHED / DATA_ZIP: {
            f"pro-nvo-vid-data/{p.relative_to(SNAPSHOT).as_posix()}": p for p in files_under(SNAPSHOT)
        },
        STAGE / PUBLISHED / SOURCE_ZIP: source_kit_files(),
    }
    keep = frozenset([*notebooks, *zips, *charts])
    mirror({t: s for t, s in pairs.items() if t not in notebooks}, STAGE, keep=keep)
    for target, source in notebooks.items():
        write_if_changed(target, merged(source, done[source]))
    for target, files in zips.items():
        write_if_changed(target, zip_bytes(files))
    for target, text in charts.items():
        write_if_changed(target, text)
    inputs = [ROOT / "requirements.txt", *(ROOT / name for name in RENDER_INPUTS)]
    return digest_of(files_under(STAGE), STAGE) + digest_of(inputs, ROOT)


def render() -> None:
    # What Sphinx does not watch itself (our extension, the theme files, the
    # environment): when it changes, every page is written again.
    watched = [*files_under(ROOT / "_ext"), *files_under(ROOT / "_static"), *files_under(ROOT / "_templates")]
    watched += files_under(ROOT / "locales")
    watched += [
        ROOT / name
        for name in ("_config.yml", "_toc.yml", "CITATION.cff", "requirements.txt", *RENDER_INPUTS)
    ]
    key, key_file = digest_of(watched, ROOT), CACHE / "renderer.key"
    if not key_file.exists() or key_file.read_text() != key:
        shutil.rmtree(STAGE / "_build", ignore_errors=True)
        key_file.unlink(missing_ok=True)
    command = [Path(sys.executable).with_name("jupyter-book"), "build", STAGE, "-W", "-n", "--keep-going"]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=STAGE, env=env, capture_output=True, text=True)
    output = completed.stdout + completed.stderr
    warnings = [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line]
    if completed.returncode != 0 or warnings:
        print(output, file=sys.stderr)
        # Sphinx would not reread unchanged pages next time and their warnings
        # would vanish; drop its environment so the next build sees them again.
        shutil.rmtree(STAGE / "_build" / ".doctrees", ignore_errors=True)
        raise BuildFailed(f"the strict build reported {len(warnings)} warning(s)/error(s)", 4)
    key_file.write_text(key)
    log(f"rendered with Jupyter Book in {time.perf_counter() - started:.1f} s, 0 warnings")


def publish() -> None:
    """Swap the new HTML into _build/html in one rename."""
    fresh, old = BUILD / ".html-new", BUILD / ".html-old"
    try:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        shutil.copytree(STAGE / "_build" / "html", fresh)
        if HTML.exists():
            HTML.rename(old)
        fresh.rename(HTML)
    except OSError as error:
        if old.exists() and not HTML.exists():
            old.rename(HTML)
        raise BuildFailed(f"could not publish to {HTML.relative_to(ROOT)}: {error}", 5) from None
    shutil.rmtree(old, ignore_errors=True)


def build(force: bool, jobs: int, timeout: int) -> None:
    started = time.perf_counter()
    if force:  # from scratch: no Sphinx environment, no remembered render
        shutil.rmtree(STAGE / "_build", ignore_errors=True)
        (CACHE / "renderer.key").unlink(missing_ok=True)
    shared = snapshot_data()
    validate_data(shared)
    done, executed = executions(paths.toc_files(ROOT), shared, jobs, timeout, force)
    fingerprint = stage(done)
    published = CACHE / "published.key"
    rendered = force or not HTML.exists() or not published.exists() or published.read_text() != fingerprint
    if rendered:
        published.unlink(missing_ok=True)
        render()
        try:  # inside the staged HTML, so that publishing the pages and the PDF stays one rename
            pdf.make_pdf(STAGE, STAGE / "_build" / "html" / pdf.PDF_NAME)
        except pdf.PdfFailed as error:
            raise BuildFailed(f"the PDF: {error}", 6) from None
        publish()
        published.write_text(fingerprint)
    LAST_BUILD.write_text(
        json.dumps(
            {
                "executed": [str(p.relative_to(ROOT)) for p in executed],
                "rendered": rendered,
                "seconds": round(time.perf_counter() - started, 2),
            },
            indent=1,
        )
        + "\n"
    )
    if rendered:
        log(f"done in {time.perf_counter() - started:.1f} s: {HTML.relative_to(ROOT)}/index.html")
    else:
        log(f"the book is up to date: {HTML.relative_to(ROOT)}/index.html")


def refresh_outputs(selected: list[str], jobs: int, timeout: int) -> None:
    """Re-execute notebooks in clean kernels and store their outputs in place."""
    notebooks = paths.toc_files(ROOT)
    if selected:
        chosen = {(ROOT / s).resolve() for s in selected}
        unknown = chosen - {nb.resolve() for nb in notebooks}
        if unknown:
            raise BuildFailed(f"not a chapter listed in _toc.yml: {', '.join(map(str, sorted(unknown)))}", 1)
        notebooks = [nb for nb in notebooks if nb.resolve() in chosen]
    shared = snapshot_data()
    validate_data(shared)
    done, _ = executions(notebooks, shared, jobs, timeout, force=True)
    for nb in notebooks:
        changed = write_if_changed(nb, merged(nb, done[nb]))
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
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    try:
        with build_lock():
            if args.refresh_outputs is not None:
                refresh_outputs(args.refresh_outputs, args.jobs, args.timeout)
            else:
                build(args.force, args.jobs, args.timeout)
    except BuildFailed as failure:
        log(f"FAILED: {failure}; {HTML.relative_to(ROOT)} was left as it was.")
        return failure.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
