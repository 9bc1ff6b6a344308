"""The project's promises about its own set-up: two commands, pinned
dependencies, and CI that runs exactly what the README says."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import yaml
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from tests.conftest import ROOT


def readme_commands() -> list[str]:
    """The commands in the README's first code block: the whole set-up."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, flags=re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.index("```sh") < 200, "the commands must come first"
    assert readme_commands() == ["make book", "make test"]


def test_ci_runs_the_readme_test_command_and_nothing_weaker():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.startswith("#")]
    assert commands[-1] == "exec make test"


def test_publishing_workflow_runs_only_the_readme_commands():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    runs = [
        step["run"].strip() for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
    ]
    assert runs and set(runs) <= set(readme_commands()), runs
    assert "make test" in runs and "make book" in runs
    uploads = [
        s
        for job in workflow["jobs"].values()
        for s in job["steps"]
        if "upload-pages-artifact" in s.get("uses", "")
    ]
    assert uploads and uploads[0]["with"]["path"] == "_build/html"


def test_every_dependency_is_pinned():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines
    unpinned = [line for line in lines if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^\s=]+", line)]
    assert unpinned == []
    names = {line.split("==")[0].lower() for line in lines}
    assert {"jupyter-book", "pandas", "matplotlib", "nbval", "pytest", "frictionless", "babel"} <= names
    assert (
        next(line for line in lines if line.lower().startswith("jupyter-book=="))
        .split("==")[1]
        .startswith("1.")
    )


SUPPORTED = ["3.11", "3.12", "3.13"]


def test_supported_pythons_are_declared_alike():
    """pyproject, the set-up script, the README and the pins name the same Pythons."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = SpecifierSet(pyproject["project"]["requires-python"])
    assert [f"3.{minor}" for minor in range(8, 20) if f"3.{minor}.0" in declared] == SUPPORTED
    script = (ROOT / "tools" / "ensure-venv.sh").read_text(encoding="utf-8")
    accepted = re.search(r"^\s*3\.11 \| 3\.12 \| 3\.13\)", script, flags=re.M)
    assert accepted, "ensure-venv.sh must accept exactly the versions of requires-python"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme[: readme.index("## What this is")]
    assert "Python 3.11, 3.12 or 3.13" in setup and "or newer" not in setup
    header = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()[:3]
    assert any("3.11, 3.12 and 3.13" in line for line in header), header


def test_pinned_setuptools_installs_on_python_3_12_and_later():
    """setuptools before 66 imports pkgutil.ImpImporter, which Python 3.12 removed;
    the editable install also needs pyproject's build requirement (>=68)."""
    pins = dict(
        line.strip().split("==")
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert Version(pins["setuptools"]) >= Version("68"), pins["setuptools"]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (build_requirement,) = [r for r in pyproject["build-system"]["requires"] if r.startswith("setuptools")]
    assert Version(pins["setuptools"]) in SpecifierSet(build_requirement.removeprefix("setuptools"))
    unpinned = (ROOT / "requirements.in").read_text(encoding="utf-8")
    assert re.search(r"^setuptools>=68\b", unpinned, flags=re.M), "make lock could pin an old setuptools"


def test_unsupported_python_is_refused_in_one_line_before_anything_is_made(tmp_path: Path):
    """Through make, as a user meets it: one line on stderr, nothing on stdout, no .venv."""
    fake = tmp_path / "bin" / "python3.10"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 3.10\n", encoding="utf-8")
    fake.chmod(0o755)
    project = tmp_path / "project"
    (project / "tools").mkdir(parents=True)
    for name in ("Makefile", "requirements.txt", "pyproject.toml", "tools/ensure-venv.sh"):
        shutil.copy2(ROOT / name, project / name)
    result = subprocess.run(
        ["make", "--no-print-directory", "book", f"PYTHON={fake}"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert f"Python 3.11–3.13 is needed; {fake} is 3.10" in result.stderr
    assert not (project / ".venv").exists()
