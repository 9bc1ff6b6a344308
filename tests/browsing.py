"""Helpers for driving the built book in headless Chromium (Playwright)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

# The book's own print tool knows where Debian's Chromium is and how it must start
# (never reaching the internet on its own); the tests use the same.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import pdf

CHROMIUM = pdf.chromium()
CHROMIUM_ARGS = pdf.CHROMIUM_ARGS


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the tests report what matters
        pass


@contextlib.contextmanager
def serve(directory: Path, handler_class: type = QuietHandler):
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class PageWatch:
    """Everything a page did on the network and in its console. Requests to any
    host but 127.0.0.1 are recorded and blocked."""

    def __init__(self, page):
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("requestfailed", self._failed)
        page.on(
            "response", lambda r: self.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None
        )
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)

    def _failed(self, request) -> None:
        if request.url not in self.foreign:  # blocked on purpose, reported as foreign
            self.failed.append(f"{request.url} ({request.failure})")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


def open_page(page, url: str) -> None:
    """Open a page and wait for its load event. Requests it makes later are still
    watched: tests check the watch after they have worked with the page."""
    page.goto(url, wait_until="load")
