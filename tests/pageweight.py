"""What a page costs a reader on first view: bytes and load time, in headless Chromium.

Shared by tests/test_page_weight.py (bytes only: deterministic) and tools/bench.py
(bytes and load time under a throttled phone connection).

A page's first view is its HTML and every resource from the same origin that the
browser fetched before the load event, with a cold cache. Each is counted as a
static host serves it: text (HTML, CSS, JavaScript, SVG, JSON) gzip-compressed at
level 6, anything else (fonts, images) as it is. The server used here compresses
the same way, so that a throttled load moves the bytes that are counted.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from pronvovid import paths
from tests.browsing import CHROMIUM_ARGS, QuietHandler, serve

TEXT_SUFFIXES = {".html", ".htm", ".css", ".js", ".mjs", ".svg", ".json", ".txt", ".map", ".xml"}
# "Slow 4G" as Chrome's DevTools define it: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
PHONE = {"width": 390, "height": 844}
BUDGET = 400 * 1024


def is_text(path: str) -> bool:
    return Path(urlparse(path).path).suffix.lower() in TEXT_SUFFIXES


def wire_size(path: str, body: bytes) -> int:
    """Bytes on the wire: gzip level 6 for text, as-is for anything else."""
    return len(gzip.compress(body, compresslevel=6, mtime=0)) if is_text(path) else len(body)


class GzipHandler(QuietHandler):
    """A static host: text files gzip-compressed (level 6) when the browser accepts it."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.is_file() and is_text(path.name) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve_compressed(directory: Path):
    """Serve ``directory`` on 127.0.0.1 as a static host would; yields the base URL."""
    return serve(directory, GzipHandler)


def book_pages(project: Path) -> list[str]:
    """Every page of a Jupyter Book 1 project: its _toc.yml's files, and search.html."""
    pages = [p.relative_to(project).with_suffix(".html").as_posix() for p in paths.toc_files(project)]
    return [*dict.fromkeys(pages), "search.html"]


@dataclass
class FirstView:
    page: str
    resources: dict[str, int] = field(default_factory=dict)  # same-origin URL path -> bytes on the wire
    foreign: list[str] = field(default_factory=list)
    load_ms: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.resources.values())


def first_view(
    browser, base: str, page_path: str, html_root: Path, throttle: dict | None = None
) -> FirstView:
    """Open one page at 390×844 in a fresh context (cold cache) and record what it
    fetched until its load event. Sizes are those of the files in ``html_root``
    (what the host holds), compressed as a host serves them."""
    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        tab = context.new_page()
        view = FirstView(page_path)
        origin = urlparse(base).netloc
        loaded = False

        def on_request(request) -> None:
            url = urlparse(request.url)
            if url.scheme in ("data", "blob") or loaded:
                return
            if url.netloc != origin:
                view.foreign.append(request.url)
                return
            path = url.path.lstrip("/") or "index.html"
            file = html_root / path
            if file.is_file():
                view.resources[url.path] = wire_size(path, file.read_bytes())

        tab.on("request", on_request)
        if throttle:
            cdp = context.new_cdp_session(tab)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", throttle)
        tab.goto(f"{base}/{page_path}", wait_until="load", timeout=120_000)
        loaded = True
        view.load_ms = tab.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventStart; }"
        )
        return view
    finally:
        context.close()


def measure(html_root: Path, pages: list[str], throttle: dict | None = None, chromium: str | None = None):
    """First views of ``pages`` of the book built in ``html_root``."""
    from playwright.sync_api import sync_playwright

    from tests.browsing import CHROMIUM

    with sync_playwright() as playwright, serve_compressed(html_root) as base:
        # Nothing may leave the machine: every host but this one fails to resolve
        # (recorded as foreign), without the cost of intercepting each request.
        args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
        browser = playwright.chromium.launch(executable_path=chromium or CHROMIUM, args=args)
        try:
            return [first_view(browser, base, page, html_root, throttle) for page in pages]
        finally:
            browser.close()
