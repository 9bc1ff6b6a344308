"""Sphinx extension for the PRO-NVO-VID results book.

1. Refuse to render notebooks whose stored outputs hold an error. With
   execution off, Jupyter Book would otherwise print a stored traceback into
   the book without a word. (Stored text on stderr is myst-nb's to refuse:
   ``nb_output_stderr: warn`` in _config.yml.)
2. Keep the book offline: drop sphinx-thebe's assets (the book has no live code,
   and they point at unpkg.com and are added twice), and fail the build if any
   page still links a script or stylesheet from another host.
"""

from __future__ import annotations

import json

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def check_stored_outputs(app: Sphinx, docname: str, source: list[str]) -> None:
    path = app.env.doc2path(docname)
    if not str(path).endswith(".ipynb"):
        return
    try:
        notebook = json.loads(source[0])
    except json.JSONDecodeError:
        return  # myst-nb reports unreadable notebooks itself
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                logger.warning(
                    "%s: cell %d holds a stored error (%s)",
                    docname,
                    index,
                    output.get("ename", "error"),
                    location=docname,
                )


def _is_thebe(asset) -> bool:
    filename = str(getattr(asset, "filename", "") or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return "thebe" in filename or "THEBE_JS_URL" in body


def drop_thebe_config(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext():
            node.parent.remove(node)


def keep_pages_offline(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if assets is None:
            continue
        assets[:] = [asset for asset in assets if not _is_thebe(asset)]
        for asset in assets:
            filename = str(getattr(asset, "filename", "") or "")
            if filename.startswith(("http://", "https://", "//")):
                logger.warning("%s: links an asset from another host: %s", pagename, filename)


def setup(app: Sphinx) -> dict:
    app.connect("source-read", check_stored_outputs)
    # After sphinx-thebe has added its configuration node (default priority 500).
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    app.connect("html-page-context", keep_pages_offline, priority=900)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
