"""The nbval regression can fail: change a value in a copy of the data and the
cells whose stored outputs show that value must fail, while cells that do not
depend on it keep passing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import nbformat

from pronvovid import load_book_data
from pronvovid.formatting import fmt
from tests.conftest import copy_project, run_nbval
from tests.csvedit import correct_report, edit_rows

CHAPTER = "chapters/04-finances.ipynb"


def cells_showing(path: Path, text: str) -> set[int]:
    nb = nbformat.read(path, as_version=4)
    found = set()
    for index, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        outputs = nbformat.writes(nbformat.v4.new_notebook(cells=[cell]))
        if text in outputs:
            found.add(index)
    return found


def test_changing_a_reported_amount_fails_exactly_the_cells_that_show_it(tmp_path):
    project = copy_project(tmp_path / "book")
    data = load_book_data(project / "data")
    own = data.funding.set_index("line_id")["amount_eur"]["own-funds"]
    total = data.funding.set_index("line_id")["amount_eur"]["total"]
    new_own, new_total = own + Decimal("0.10"), total + Decimal("0.10")

    # A valid change: own funds and total move together, quotes and all.
    def written(amount: Decimal) -> str:
        return f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")

    for line, old, new in (("own-funds", own, new_own), ("total", total, new_total)):
        correct_report(project / "data", written(old), written(new))
        edit_rows(project / "data", "funding", "line_id", line, amount_eur=str(new))
    load_book_data(project / "data")  # still valid

    report = tmp_path / "nbval.xml"
    completed = run_nbval(project, CHAPTER, f"--junitxml={report}")
    assert completed.returncode != 0, "nbval passed although the data changed"

    results = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        index = int(case.get("name").split()[-1])
        results[index] = case.find("failure") is None and case.find("error") is None
    failed = {i for i, ok in results.items() if not ok}

    old_figures = cells_showing(project / CHAPTER, fmt.eur(total)) | cells_showing(
        project / CHAPTER, fmt.eur(own)
    )
    assert old_figures, "no stored output shows the amounts; the test would prove nothing"
    assert old_figures <= failed, f"cells showing the old amounts passed: {sorted(old_figures - failed)}"
    nb = nbformat.read(project / CHAPTER, as_version=4)
    silent = {i for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code") if not cell.outputs}
    assert silent and not (silent & failed), "cells without outputs cannot depend on the change"
    assert len(failed) < len(results), "every cell failed: the comparison is not selective"
    print(f"nbval on the changed copy: {len(failed)} of {len(results)} cells failed: {sorted(failed)}")
