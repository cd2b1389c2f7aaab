"""The GitHub workflows (this repository's, and the ones `modelinv init` writes) and the
composite action run only modelinv commands that exist, with least privilege, pinned
actions and no expression inside a shell script.

The files are read with the project's own YAML 1.2 loader, so `on:` stays a key.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from command_lines import parses
from modelinv.adoption.pin import Pin
from modelinv.adoption.scaffold import Settings, plan
from modelinv.cli.action import COMMANDS, Inputs, command_line
from modelinv.cli.main import command
from modelinv.loader import load_bytes

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTION = ROOT / "action.yml"
SHA = re.compile(r"^[^@]+@[0-9a-f]{40}$")
PIN = Pin("acme/modelinv", "0123456789abcdef0123456789abcdef01234567")
# The shell steps of this repository's own workflows that are not modelinv commands: the
# PR's tests, and the discovery workflow's install of this checkout and its one pull request.
ALLOWED_RUN = {
    ("bash", ".ci/run"),
    ("python", "-m", "pip", "install", "."),
    ("bash", ".github/scripts/discovery-pr.sh"),
}
NOT_THROUGH_THE_ACTION = {"repo:discover.yml"}
# Jobs that may write beyond Pages: the discovery job pushes its branch and opens its PR.
WRITERS = {("repo:discover.yml", "discover"): {"contents", "pull-requests"}}


def _parse(text: str, name: str) -> dict[str, Any]:
    doc = load_bytes(text.encode("utf-8"), name)
    assert doc.findings == []
    assert isinstance(doc.data, dict)
    return doc.data


def _load(path: Path) -> dict[str, Any]:
    return _parse(path.read_text(encoding="utf-8"), path.name)


def _init_workflows() -> dict[str, dict[str, Any]]:
    settings = Settings("acme", "@acme/platform", PIN, "0.1.0", dt.date(2026, 11, 26))
    return {
        rel: _parse(text, rel)
        for rel, text in plan(settings).items()
        if rel.startswith(".github/workflows/")
    }


INIT_WORKFLOWS = _init_workflows()
ALL = [(f"repo:{p.name}", _load(p)) for p in WORKFLOWS] + [
    (f"init:{rel}", workflow) for rel, workflow in INIT_WORKFLOWS.items()
]


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"validate.yml", "publish.yml", "discover.yml"}
    assert set(INIT_WORKFLOWS) == {
        ".github/workflows/validate.yml",
        ".github/workflows/publish.yml",
    }


@pytest.mark.parametrize(("name", "workflow"), ALL, ids=[name for name, _ in ALL])
def test_least_privilege(name: str, workflow: dict[str, Any]) -> None:
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {}
    for job_name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {job_name} must state its permissions"
        assert "write-all" not in str(job["permissions"])
        writes = {k for k, v in job["permissions"].items() if v == "write"}
        allowed = {"pages", "id-token"} | WRITERS.get((name, job_name), set())
        assert writes <= allowed, f"{name}: {job_name} writes {writes}"
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize(("name", "workflow"), ALL, ids=[name for name, _ in ALL])
def test_actions_are_pinned_by_commit(name: str, workflow: dict[str, Any]) -> None:
    for step in _steps(workflow):
        if "uses" in step:
            local = name.startswith("repo:") and step["uses"].startswith("./")
            assert local or SHA.match(step["uses"]), step["uses"]


@pytest.mark.parametrize(("name", "workflow"), ALL, ids=[name for name, _ in ALL])
def test_run_steps_call_existing_modelinv_commands(name: str, workflow: dict[str, Any]) -> None:
    for step in _steps(workflow):
        if "run" not in step:
            continue
        script = step["run"]
        assert "${{" not in script, "expressions go through env:, never inside run:"
        words = tuple(shlex.split(re.split(r">>?", script)[0]))
        if words in ALLOWED_RUN and name.startswith("repo:"):
            continue
        assert words[0] == "modelinv", script
        parses(list(words[1:]))


def _modelinv_steps(name: str, workflow: dict[str, Any]) -> list[dict[str, Any]]:
    """Steps that use the modelinv action: the pinned one (init) or a checkout of this
    repository (`./`, `./.modelinv-base`)."""
    found = []
    for step in _steps(workflow):
        uses = step.get("uses", "")
        if uses.startswith(f"{PIN.repo}@") or (name.startswith("repo:") and uses.startswith("./")):
            found.append(step)
    return found


@pytest.mark.parametrize(("name", "workflow"), ALL, ids=[name for name, _ in ALL])
def test_action_steps_run_existing_commands(name: str, workflow: dict[str, Any]) -> None:
    inputs = set(_load(ACTION)["inputs"])
    steps = _modelinv_steps(name, workflow)
    # This repository's scheduled discovery runs this checkout's modelinv directly (its
    # `discover` step is checked by test_run_steps_call_existing_modelinv_commands).
    assert steps or name in NOT_THROUGH_THE_ACTION, f"{name} does not use the modelinv action"
    for step in steps:
        given = step.get("with", {})
        assert set(given) <= inputs, f"unknown inputs {set(given) - inputs}"
        argv = command_line(
            Inputs(
                command=given.get("command", "validate"),
                catalog=given.get("catalog", "catalog"),
                base_ref=given.get("base-ref", ""),
                output_format=given.get("format", ""),
                args=given.get("args", ""),
                summary=given.get("summary", "false") == "true",
            )
        )
        parses(argv)


def test_init_workflows_pin_one_modelinv_commit() -> None:
    for workflow in INIT_WORKFLOWS.values():
        pinned = {s["uses"] for s in _steps(workflow) if s["uses"].startswith("acme/modelinv@")}
        assert pinned == {f"{PIN.repo}@{PIN.ref}"}


def test_this_repository_takes_the_catalog_verdict_from_the_base_ref() -> None:
    """A pull request that edits the validator must not judge its own catalog: the catalog
    job runs the action of a separate checkout of the base commit."""
    workflow = _load(ROOT / ".github" / "workflows" / "validate.yml")
    steps = workflow["jobs"]["catalog"]["steps"]
    base = [s for s in steps if s.get("with", {}).get("path") == ".modelinv-base"]
    assert len(base) == 1
    assert base[0]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    tool_steps = [s for s in steps if "with" in s and "command" in s["with"]]
    assert tool_steps and all(s["uses"].split(" ")[0] == "./.modelinv-base" for s in tool_steps)
    assert steps.index(base[0]) < steps.index(tool_steps[0])
    assert not any("run" in s for s in steps), "nothing from the PR's checkout runs here"
    commands = {s["with"]["command"] for s in tool_steps}
    assert {"validate", "codeowners"} <= commands
    tests = workflow["jobs"]["tests"]["steps"]
    assert [s["run"] for s in tests if "run" in s] == ["bash .ci/run"]


def test_action_is_composite_and_installs_from_its_own_checkout() -> None:
    action = _load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"command", "catalog", "base-ref", "format"}
    steps = action["runs"]["steps"]
    for step in steps:
        if "uses" in step:
            assert SHA.match(step["uses"]), step["uses"]
        if "run" in step:
            assert "${{" not in step["run"], "inputs go through env:, never inside run:"
            assert step["shell"] == "bash"
    install = next(s for s in steps if s.get("id") == "install")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '-m pip install --quiet --disable-pip-version-check "$ACTION_PATH"' in install["run"]
    last = steps[-1]
    assert last["run"] == '"$MODELINV_PYTHON" -m modelinv.cli.action'
    for name in ("command", "catalog", "base-ref", "format", "args", "summary", "output"):
        env_name = "INPUT_" + name.upper().replace("-", "_")
        assert last["env"][env_name] == f"${{{{ inputs.{name} }}}}"


def test_every_action_command_exists() -> None:
    for name in COMMANDS:
        assert command(name) is not None, name
