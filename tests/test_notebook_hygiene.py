"""Chapters can be rerun cell by cell in any order a reader tries: no name is
bound in more than one code cell, so rerunning an earlier cell after a later
one neither breaks it nor changes what it shows."""

from __future__ import annotations

import ast

import nbformat
import pytest

from tests.test_prose import chapters


class TopLevelBindings(ast.NodeVisitor):
    """Names a cell binds in the notebook's namespace: assignments, loop
    targets, imports, function definitions. Function bodies, lambdas and
    comprehensions have their own scope and are skipped."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            self.names.add(node.id)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.names.add(node.name)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        self.names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)

    visit_ImportFrom = visit_Import

    def skip(self, node: ast.AST) -> None:
        pass

    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = skip


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_no_name_is_bound_in_two_cells(path):
    nb = nbformat.read(path, as_version=4)
    first_bound: dict[str, int] = {}
    offences = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        visitor = TopLevelBindings()
        visitor.visit(ast.parse(cell.source))
        for name in sorted(visitor.names - {"_"}):
            if name in first_bound:
                offences.append(f"{name!r} bound in cells {first_bound[name]} and {index}")
            else:
                first_bound[name] = index
    assert not offences, f"{path.name}: give each thing its own name:\n" + "\n".join(offences)
