"""Build the book: validate the data, execute exactly the notebooks whose inputs
changed, render with Jupyter Book (strict), and publish atomically.

    python tools/build.py                    # what `make book` runs
    python tools/build.py --refresh-outputs  # re-execute and store outputs in chapters/*.ipynb
    python tools/build.py --refresh-outputs chapters/04-finances.ipynb

Why not Jupyter Book's own execution cache: it keys on code cells only, so after
a change in data/ it serves stale numbers. Here a notebook's execution key
covers its code cells, every file in data/, the helper package (src/pronvovid),
the pinned requirements, the Python version and the book's language. A key
that matches a cached execution reuses its outputs; prose-only edits therefore
execute nothing.

Order and safety:
1. The data package is validated first; invalid data stops the build before
   any notebook runs, with the loader's message.
2. Stale notebooks run in parallel, each in a fresh kernel; a failing cell (or
   any output on stderr) fails the build.
3. The book is rendered from a staging copy (source prose + cached outputs)
   with warnings as errors; only a successful render replaces _build/html, so a
   failed build never leaves a half-built book in its place.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
CACHE = BUILD / ".cache"
EXECUTED = CACHE / "executed"
STAGE = BUILD / ".stage"
HTML = BUILD / "html"
LAST_BUILD = CACHE / "last-build.json"

# What the rendered book is made from (besides the notebooks, which are merged).
STAGED_PATHS = ("_config.yml", "_toc.yml", "_ext", "_static", "_templates", "chapters", "data")
# What a copy of the project needs to build and test itself (tests and benchmarks copy this).
PROJECT_PATHS = (*STAGED_PATHS, "src", "tools", "tests", "requirements.txt", "pyproject.toml")
EXECUTION_TIMEOUT = 180


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def sha256_files(paths: list[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(base).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def files_under(folder: Path) -> list[Path]:
    if not folder.exists():
        return []
    return [
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts
    ]


def book_language() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")) or {}
    return str(((config.get("sphinx") or {}).get("config") or {}).get("language", "en"))


def toc_notebooks() -> list[Path]:
    """The notebooks listed in _toc.yml, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    entries: list[str] = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                entries.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    found = []
    for entry in entries:
        path = ROOT / entry
        if path.suffix == "":
            path = path.with_suffix(".ipynb")
        if path.suffix == ".ipynb":
            found.append(path)
    return found


def shared_input_key() -> str:
    """The inputs every notebook depends on besides its own code."""
    digest = hashlib.sha256()
    digest.update(sha256_files(files_under(ROOT / "data"), ROOT).encode())
    digest.update(sha256_files(files_under(ROOT / "src" / "pronvovid"), ROOT).encode())
    digest.update(sha256_files([ROOT / "requirements.txt"], ROOT).encode())
    digest.update(f"python {sys.version_info.major}.{sys.version_info.minor}".encode())
    digest.update(f"language {book_language()}".encode())
    return digest.hexdigest()


def execution_key(notebook: Path, shared: str) -> str:
    nb = nbformat.read(notebook, as_version=4)
    digest = hashlib.sha256(shared.encode())
    digest.update(nb.metadata.get("kernelspec", {}).get("name", "python3").encode())
    for cell in nb.cells:
        if cell.cell_type == "code":
            digest.update(b"\0cell\0" + cell.source.encode())
    return digest.hexdigest()


# ----------------------------------------------------------------------------
# Validation


def validate_data(shared: str) -> None:
    """Validate the package unless these exact inputs were validated before."""
    memo = CACHE / "validated.key"
    if memo.exists() and memo.read_text() == shared:
        return
    log("validating data/ ...")
    sys.path.insert(0, str(ROOT / "src"))
    from pronvovid.datapackage import DataValidationError, load_book_data

    try:
        load_book_data(ROOT / "data")
    except DataValidationError as error:
        print(str(error), file=sys.stderr)
        log("FAILED: invalid data; no notebook was executed and _build/html was left as it was.")
        raise SystemExit(2) from None
    CACHE.mkdir(parents=True, exist_ok=True)
    memo.write_text(shared)


# ----------------------------------------------------------------------------
# Execution


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes between runs without changing the content, so that
    stored outputs are byte-identical from one run to the next."""
    nb.metadata.pop("widgets", None)
    info = nb.metadata.get("language_info")
    if info:
        nb.metadata["language_info"] = {
            k: info[k] for k in ("name", "pygments_lexer", "file_extension", "mimetype") if k in info
        }
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.metadata.pop("collapsed", None)
            cell.metadata.pop("scrolled", None)
    return nb


def stderr_outputs(nb: nbformat.NotebookNode) -> list[str]:
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                found.append(f"cell {index}: {output.get('text', '').strip()[:500]}")
    return found


def kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PRONVOVID_DATA_DIR"] = str(ROOT / "data")
    # This tree's helper package, even where the editable install points at another copy.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # debugpy's frozen-modules notice
    env["MPLBACKEND"] = "Agg"
    env.setdefault("PYTHONHASHSEED", "0")
    return env


async def execute_one(notebook: Path) -> nbformat.NotebookNode:
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    with tempfile.TemporaryDirectory(prefix="pnv-kernel-") as sockets:
        # ipc transport: the kernel talks over Unix sockets, not TCP on localhost.
        manager = AsyncKernelManager(kernel_name="python3", transport="ipc")
        manager.connection_file = os.path.join(sockets, "kernel.json")
        manager.ip = os.path.join(sockets, "ipc")
        client = NotebookClient(
            nb,
            km=manager,
            timeout=EXECUTION_TIMEOUT,
            record_timing=False,
            resources={"metadata": {"path": str(notebook.parent)}},
        )
        try:
            await client.async_execute(env=kernel_env(), cwd=str(notebook.parent))
        finally:
            if await manager.is_alive():
                await manager.shutdown_kernel(now=False)
    return normalise(nb)


async def execute_all(notebooks: list[Path], jobs: int) -> dict[Path, nbformat.NotebookNode]:
    from nbclient.exceptions import CellExecutionError

    gate = asyncio.Semaphore(jobs)
    results: dict[Path, nbformat.NotebookNode] = {}
    failures: list[str] = []

    async def run(notebook: Path) -> None:
        async with gate:
            started = time.perf_counter()
            try:
                nb = await execute_one(notebook)
            except CellExecutionError as error:
                failures.append(f"{notebook.relative_to(ROOT)}: a cell failed:\n{error}")
                return
            except Exception as error:  # a kernel that dies or times out
                failures.append(f"{notebook.relative_to(ROOT)}: {type(error).__name__}: {error}")
                return
            noise = stderr_outputs(nb)
            if noise:
                failures.append(f"{notebook.relative_to(ROOT)} wrote to stderr:\n  " + "\n  ".join(noise))
                return
            results[notebook] = nb
            log(f"executed {notebook.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s")

    await asyncio.gather(*(run(nb) for nb in notebooks))
    if failures:
        for failure in failures:
            print(failure, file=sys.stderr)
        log("FAILED: a notebook did not execute cleanly; _build/html was left as it was.")
        raise SystemExit(3)
    return results


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> bool:
    """Write only if the bytes change (keeps mtimes, so Sphinx rebuilds only what changed)."""
    text = nbformat.writes(nb) + "\n"
    return write_text_if_changed(path, text)


def write_text_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def merged(source: Path, executed: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The source notebook (its current prose) with the executed outputs."""
    nb = nbformat.read(source, as_version=4)
    code_outputs = [c for c in executed.cells if c.cell_type == "code"]
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    if len(code_outputs) != len(code_cells):  # cannot happen when the keys match
        raise RuntimeError(f"{source}: executed copy does not match the source's code cells")
    for cell, done in zip(code_cells, code_outputs, strict=True):
        cell.outputs = copy.deepcopy(done.outputs)
        cell.execution_count = done.execution_count
    for key in ("kernelspec", "language_info"):
        if key in executed.metadata:
            nb.metadata[key] = executed.metadata[key]
    return normalise(nb)


def execute_stale(notebooks: list[Path], shared: str, jobs: int, force: bool) -> list[Path]:
    EXECUTED.mkdir(parents=True, exist_ok=True)
    keys = {nb: execution_key(nb, shared) for nb in notebooks}
    stale = []
    for nb in notebooks:
        key_file = EXECUTED / f"{nb.stem}.key"
        cached = EXECUTED / f"{nb.stem}.ipynb"
        if force or not cached.exists() or not key_file.exists() or key_file.read_text() != keys[nb]:
            stale.append(nb)
    if stale:
        log(f"executing {len(stale)} of {len(notebooks)} notebooks ({min(jobs, len(stale))} at a time)")
        results = asyncio.run(execute_all(stale, jobs))
        for nb, executed in results.items():
            write_notebook(executed, EXECUTED / f"{nb.stem}.ipynb")
            (EXECUTED / f"{nb.stem}.key").write_text(keys[nb])
    else:
        log("no notebook needs executing")
    return stale


# ----------------------------------------------------------------------------
# Staging and rendering


def stage(notebooks: list[Path]) -> None:
    """Mirror the book's sources into _build/.stage, notebooks with executed outputs."""
    wanted: set[Path] = set()
    merged_notebooks = {nb.resolve() for nb in notebooks}
    for name in STAGED_PATHS:
        source = ROOT / name
        paths = [source] if source.is_file() else files_under(source)
        for path in paths:
            target = STAGE / path.relative_to(ROOT)
            wanted.add(target)
            if path.resolve() in merged_notebooks:
                executed = nbformat.read(EXECUTED / f"{path.stem}.ipynb", as_version=4)
                write_notebook(merged(path, executed), target)
            elif not target.exists() or target.read_bytes() != path.read_bytes():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    for path in files_under(STAGE):
        if path not in wanted and "_build" not in path.relative_to(STAGE).parts:
            path.unlink()


def stage_fingerprint() -> str:
    staged = [p for p in files_under(STAGE) if "_build" not in p.relative_to(STAGE).parts]
    return sha256_files(staged, STAGE) + sha256_files([ROOT / "requirements.txt"], ROOT)


def renderer_key() -> str:
    """What Sphinx does not watch itself: the code of our extension and the
    environment. When it changes, every page must be written again."""
    watched = [*files_under(ROOT / "_ext"), *files_under(ROOT / "_static"), *files_under(ROOT / "_templates")]
    watched += [ROOT / name for name in ("_config.yml", "_toc.yml", "requirements.txt")]
    return sha256_files(watched, ROOT)


def render() -> None:
    key_file = CACHE / "renderer.key"
    key = renderer_key()
    if not key_file.exists() or key_file.read_text() != key:
        # A full Sphinx build: drop its environment and its output.
        shutil.rmtree(STAGE / "_build", ignore_errors=True)
        key_file.unlink(missing_ok=True)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(STAGE), "--warningiserror", "--nitpick", "--keep-going"]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=STAGE, env=env, capture_output=True, text=True)
    output = completed.stdout + completed.stderr
    warnings = [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line]
    if completed.returncode != 0 or warnings:
        print(output, file=sys.stderr)
        # Sphinx would not re-read unchanged pages next time and their warnings
        # would vanish; drop its environment so the next build sees them again.
        shutil.rmtree(STAGE / "_build" / ".doctrees", ignore_errors=True)
        log(
            f"FAILED: the strict build reported {len(warnings)} warning(s)/error(s); "
            "_build/html was left as it was."
        )
        raise SystemExit(4)
    key_file.write_text(key)
    log(f"rendered with Jupyter Book in {time.perf_counter() - started:.1f} s, 0 warnings")


def publish() -> None:
    """Swap the new HTML into _build/html in one rename."""
    fresh = BUILD / ".html-new"
    old = BUILD / ".html-old"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(STAGE / "_build" / "html", fresh)
    if HTML.exists():
        HTML.rename(old)
    fresh.rename(HTML)
    shutil.rmtree(old, ignore_errors=True)


def record(executed: list[Path], rendered: bool, started: float) -> None:
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


def build(force: bool, jobs: int) -> None:
    started = time.perf_counter()
    if force:  # from scratch: no Sphinx environment, no remembered render
        shutil.rmtree(STAGE / "_build", ignore_errors=True)
        (CACHE / "renderer.key").unlink(missing_ok=True)
    notebooks = toc_notebooks()
    shared = shared_input_key()
    validate_data(shared)
    executed = execute_stale(notebooks, shared, jobs, force)
    stage(notebooks)
    fingerprint = stage_fingerprint()
    published = CACHE / "published.key"
    if not force and HTML.exists() and published.exists() and published.read_text() == fingerprint:
        log("the book is up to date: _build/html/index.html")
        record(executed, False, started)
        return
    published.unlink(missing_ok=True)
    render()
    publish()
    published.write_text(fingerprint)
    record(executed, True, started)
    log(f"done in {time.perf_counter() - started:.1f} s: {HTML.relative_to(ROOT)}/index.html")


def refresh_outputs(selected: list[str], jobs: int) -> None:
    """Re-execute notebooks in clean kernels and store their outputs in place."""
    notebooks = toc_notebooks()
    if selected:
        chosen = {(ROOT / s).resolve() if not Path(s).is_absolute() else Path(s).resolve() for s in selected}
        unknown = chosen - {nb.resolve() for nb in notebooks}
        if unknown:
            raise SystemExit(f"not a chapter listed in _toc.yml: {', '.join(map(str, sorted(unknown)))}")
        notebooks = [nb for nb in notebooks if nb.resolve() in chosen]
    shared = shared_input_key()
    validate_data(shared)
    execute_stale(notebooks, shared, jobs, force=True)
    for nb in notebooks:
        executed = nbformat.read(EXECUTED / f"{nb.stem}.ipynb", as_version=4)
        changed = write_notebook(merged(nb, executed), nb)
        log(f"{'updated' if changed else 'unchanged'}: {nb.relative_to(ROOT)}")


@contextlib.contextmanager
def build_lock():
    """One build at a time per project (two test workers, or two terminals)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    with open(BUILD / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="ignore every cache and rebuild from scratch")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="notebooks executed at once (default: the number of cores)",
    )
    parser.add_argument(
        "--refresh-outputs",
        nargs="*",
        metavar="NOTEBOOK",
        help="re-execute (all or the given) chapters and store their outputs in place",
    )
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    with build_lock():
        if args.refresh_outputs is not None:
            refresh_outputs(args.refresh_outputs, args.jobs)
        else:
            build(args.force, args.jobs)


if __name__ == "__main__":
    main()
