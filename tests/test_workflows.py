"""The GitHub workflows run only modelinv commands, with least privilege and pinned actions.

The files are read with the project's own YAML 1.2 loader, so `on:` stays a key.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from modelinv.cli.main import command
from modelinv.loader import load_bytes

WORKFLOWS = sorted((Path(__file__).resolve().parents[1] / ".github" / "workflows").glob("*.yml"))
SHA = re.compile(r"^[^@]+@[0-9a-f]{40}$")
ALLOWED_SETUP = {
    ("python", "-m", "pip", "install", "."),
    ("bash", ".github/scripts/discovery-pr.sh"),  # git and gh: the one discovery PR
}


def _load(path: Path) -> dict[str, Any]:
    doc = load_bytes(path.read_bytes(), path.name)
    assert doc.findings == []
    assert isinstance(doc.data, dict)
    return doc.data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"validate.yml", "publish.yml", "discover.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    workflow = _load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} must state its permissions"
        assert "write-all" not in str(job["permissions"])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit(path: Path) -> None:
    for step in _steps(_load(path)):
        if "uses" in step:
            assert SHA.match(step["uses"]), step["uses"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_run_steps_call_existing_modelinv_commands(path: Path) -> None:
    for step in _steps(_load(path)):
        if "run" not in step:
            continue
        script = step["run"]
        assert "${{" not in script, "expressions go through env:, never inside run:"
        words = tuple(shlex.split(script.split(">>")[0]))
        if words in ALLOWED_SETUP:
            continue
        assert words[0] == "modelinv", script
        found = command(words[1])
        assert found is not None, f"{path.name}: no command 'modelinv {words[1]}'"
        if words[1] == "report":
            assert words[2] in found.commands  # type: ignore[attr-defined]
