"""Benchmark the build and the tests on this machine (`make bench`).

Times, several runs each, median reported:
  - clean build of both editions (no _build, environment present), and of the
    English edition alone (`--edition en`), to compare
  - no-op rebuild
  - rebuild after a prose-only change in one language (the Slovenian)
  - rebuild after a data change (and checks the new figure is in the HTML)
  - the full test command (`make test`, environment and browser present)
  - the same clean build of the book `jupyter-book create` makes, as a reference
  - page weight: each page's first view in bytes (text gzip-compressed) and its load
    time under "Slow 4G" (150 ms, 1.6 Mbit/s) at 390×844, cold cache, for this book
    and the reference (`--only-weight` runs just these rows)
and prints the ratio of our clean build per executed notebook to the
reference's, with the costs that bound it (kernel start, imports, Sphinx).

Builds run in a temporary copy of the project, so the working tree is not
touched; the test command runs in the project itself. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build import ROOT, copy_project  # tools/ is on the path when this script runs

sys.path.insert(0, str(ROOT))
from tests.csvedit import set_participants
from tests.pageweight import BUDGET, SLOW_4G, book_pages, measure

PYTHON = sys.executable
BIN = Path(PYTHON).parent
TARGETS = {
    "clean ratio": "≤ 1 × the reference's time per executed notebook",
    "clean": "≤ 2 × clean (en only)",
    "no-op": "< 1 s",
    "prose-only": "< 3 s",
    "data change": "≤ clean build, never stale",
    "full tests": "< 120 s",
    "bytes": f"≤ {BUDGET // 1024} KiB per page",
    "load": "< 3 s on Slow 4G",
}


def run(command: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        print(completed.stdout[-3000:], completed.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"failed: {' '.join(command)} in {cwd}")
    return elapsed


def build(project: Path, *arguments: str) -> tuple[float, dict]:
    seconds = run([PYTHON, "tools/build.py", *arguments], project)
    record = json.loads((project / "_build" / ".cache" / "last-build.json").read_text())
    return seconds, record


def change_slovenian_prose(project: Path, note: str) -> None:
    """A translator's edit: one sentence added to a Slovenian paragraph."""
    import nbformat

    path = project / "chapters" / "04-finances.ipynb"
    nb = nbformat.read(path, as_version=4)
    paragraph = next(c for c in reversed(nb.cells) if "lang-sl" in c.metadata.get("tags", []))
    paragraph.source += f"\n\nOpomba za meritev {note}."
    nbformat.write(nb, path)


def figure_in_html(project: Path, count: int) -> bool:
    """The figure on the outcomes page of every edition."""
    html = project / "_build" / "html"
    pages = [html / "chapters" / "02-outcomes.html", html / "sl" / "chapters" / "02-outcomes.html"]
    return all(
        f'<span class="scorecard-value">{count}</span>' in p.read_text(encoding="utf-8") for p in pages
    )


def reference_book(folder: Path, runs: int) -> list[float]:
    run([str(BIN / "jupyter-book"), "create", str(folder / "ref")], folder)
    times = []
    for _ in range(runs):
        shutil.rmtree(folder / "ref" / "_build", ignore_errors=True)
        times.append(run([str(BIN / "jupyter-book"), "build", str(folder / "ref")], folder))
    return times


def bounds(project: Path) -> dict[str, float]:
    """What a single notebook execution costs at least: a kernel and the imports."""
    kernel = (
        "import time, jupyter_client; t = time.perf_counter(); "
        "km, kc = jupyter_client.manager.start_new_kernel(kernel_name='python3'); "
        "kc.execute_interactive('pass'); print(time.perf_counter() - t); "
        "kc.stop_channels(); km.shutdown_kernel()"
    )
    imports = (
        "import time; t = time.perf_counter(); "
        "import pandas, matplotlib, babel.numbers; from pronvovid import load_book_data; "
        "import pronvovid.display, pronvovid.charts; t1 = time.perf_counter(); "
        "load_book_data(); print(t1 - t, time.perf_counter() - t1)"
    )

    def output(code: str) -> list[float]:
        completed = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, cwd=project)
        return [float(word) for word in completed.stdout.split()]

    kernel_s = output(kernel)[-1]
    import_s, load_s = output(imports)
    return {"kernel start": kernel_s, "imports in a notebook": import_s, "load_book_data()": load_s}


def weight(name: str, project: Path) -> list[str]:
    """Rows: first-view bytes and Slow 4G load time, min/max over the pages."""
    pages = book_pages(project)
    views = measure(project / "_build" / "html", pages, throttle=SLOW_4G)
    sizes = [v.total / 1024 for v in views]
    times = [v.load_ms / 1000 for v in views]
    heaviest = max(views, key=lambda v: v.total).page
    return [
        f"  {name + ' bytes':<22} {min(sizes):6.0f}–{max(sizes):.0f} KiB over {len(pages)} pages "
        f"(heaviest {heaviest})   {TARGETS['bytes']}",
        f"  {name + ' load':<22} {min(times):6.2f}–{max(times):.2f} s   {TARGETS['load']}",
    ]


def weight_only() -> None:
    run([PYTHON, "tools/build.py"], ROOT)
    with tempfile.TemporaryDirectory(prefix="pnv-bench-") as tmp:
        reference_book(Path(tmp), 1)
        rows = weight("reference", Path(tmp) / "ref")
    print("\nPage weight: first view, cold cache, 390×844; load on Slow 4G (150 ms, 1.6 Mbit/s)\n")
    print("\n".join(weight("book", ROOT) + rows))


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark builds and tests (median of several runs).")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-tests", action="store_true", help="do not time the full test command")
    parser.add_argument("--only-weight", action="store_true", help="only the page-weight rows")
    args = parser.parse_args()
    if args.only_weight:
        weight_only()
        return

    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="pnv-bench-") as tmp:
        project = copy_project(Path(tmp) / "book")
        executed = 0
        for name in ("clean (en only)", "clean", "no-op", "prose-only", "data change"):
            results[name] = []
        participants = 34
        for i in range(args.runs):
            shutil.rmtree(project / "_build", ignore_errors=True)
            results["clean (en only)"].append(build(project, "--edition", "en")[0])
            shutil.rmtree(project / "_build", ignore_errors=True)
            seconds, record = build(project)
            results["clean"].append(seconds)
            executed = len(record["executed"])
            seconds, record = build(project)
            assert record["executed"] == [] and not record["rendered"], record
            results["no-op"].append(seconds)
            change_slovenian_prose(project, str(i))
            seconds, record = build(project)
            assert record["executed"] == [], f"a prose-only change executed {record['executed']}"
            assert record["rendered"] == ["sl"], f"a Slovenian change rendered {record['rendered']}"
            results["prose-only"].append(seconds)
            participants = 35 if participants == 34 else 34
            set_participants(project / "data", participants)
            seconds, record = build(project)
            assert figure_in_html(project, participants), "STALE: the data change is not in the HTML"
            results["data change"].append(seconds)
        results["reference clean"] = reference_book(Path(tmp), args.runs)
        costs = bounds(project)
        weight_rows = weight("book", project) + weight("reference", Path(tmp) / "ref")

    if not args.skip_tests:
        results["full tests"] = [run(["make", "test"], ROOT) for _ in range(args.runs)]

    median = {name: statistics.median(times) for name, times in results.items()}
    ours_per_nb = median["clean"] / executed
    # The template book executes two notebooks: notebooks.ipynb and markdown-notebooks.md.
    ref_per_nb = median["reference clean"] / 2
    print(f"\nBenchmark on {os.cpu_count()} cores, {args.runs} runs each (median; all runs in brackets)\n")
    for name, times in results.items():
        runs = ", ".join(f"{t:.2f}" for t in times)
        target = TARGETS.get(name, "")
        print(f"  {name:<16} {median[name]:7.2f} s   [{runs}]   {target}")
    print(
        f"\n  clean build per executed notebook: ours {ours_per_nb:.2f} s ({executed} notebook runs, "
        "each chapter once per edition), "
        f"reference {ref_per_nb:.2f} s (2 notebooks); ratio {ours_per_nb / ref_per_nb:.2f} "
        f"(target {TARGETS['clean ratio']})"
    )
    editions_ratio = median["clean"] / median["clean (en only)"]
    print(f"  both editions vs the English alone: {editions_ratio:.2f} (target ≤ 2)")
    ratio = median["data change"] / median["clean"]
    print(f"  data change vs clean build: {ratio:.2f} (target ≤ 1; never stale: checked in every run)")
    print("\n  What bounds a notebook's execution:")
    for name, seconds in costs.items():
        print(f"    {name:<24} {seconds:.2f} s")
    print("\n  Page weight: first view, cold cache, 390×844; load on Slow 4G (150 ms, 1.6 Mbit/s)")
    print("\n".join(weight_rows))


if __name__ == "__main__":
    main()
