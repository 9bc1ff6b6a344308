"""The project's promises about its own set-up: two commands, pinned
dependencies, and CI that runs exactly what the README says."""

from __future__ import annotations

import re

import yaml

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
