"""From zero to a working inventory repository, as a new organisation does it: `modelinv
init`, a model through the edit commands, a commit through the real pre-commit hooks, and
workflows that zizmor accepts and that call only commands that exist.

pre-commit fetches the hooks from this repository at its current commit (a local clone
instead of the forge URL: the one substitution, so the test runs offline) and runs them
with this environment's `modelinv` (`language: system`) instead of building a virtualenv
from the package index.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from command_lines import parses
from modelinv.adoption.pin import UPSTREAM
from modelinv.cli.action import Inputs, command_line

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env.pop("GITHUB_ACTIONS", None)
    return env


def _run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, f"{done.args}: {done.stdout}{done.stderr}"
    return done.stdout + done.stderr


def _this_commit() -> str:
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if head.returncode != 0:
        pytest.fail("this test needs the modelinv git checkout (it pins a commit of it)")
    return head.stdout.strip()


def _action_steps(workflow: dict[str, Any], commit: str) -> list[dict[str, Any]]:
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    assert all("run" not in s for s in steps), "the templates run modelinv through its action"
    return [s for s in steps if s["uses"] == f"{UPSTREAM}@{commit}"]


def test_from_zero_to_a_protected_inventory(tmp_path: Path) -> None:
    env = _env(tmp_path)
    commit = _this_commit()
    repo = tmp_path / "acme-inventory"
    _ok(_run(tmp_path, env, "modelinv", "init", repo.name, "--org", "acme", "--ref", commit))
    _ok(_run(repo, env, "git", "init", "-q", "-b", "main"))
    for key, value in (("user.name", "Ana"), ("user.email", "ana@example.com")):
        _ok(_run(repo, env, "git", "config", key, value))
    _ok(_run(repo, env, "git", "config", "commit.gpgsign", "false"))

    # The hooks as init wrote them, fetched from a local clone of modelinv at that commit.
    config_path = repo / ".pre-commit-config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    [hooks_repo] = config["repos"]
    assert hooks_repo["repo"] == f"https://github.com/{UPSTREAM}"
    assert hooks_repo["rev"] == commit
    hooks_repo["repo"] = str(ROOT)
    for hook in hooks_repo["hooks"]:
        hook["language"] = "system"
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    _ok(_run(repo, env, str(BIN / "pre-commit"), "install"))
    _ok(_run(repo, env, "git", "add", "."))
    first = _ok(_run(repo, env, "git", "commit", "-m", "modelinv init"))
    for hook in ("modelinv check-files", "modelinv validate", "modelinv codeowners --check"):
        assert f"{hook}." in first and "Passed" in first, first

    # A first real team member and model, through the edit commands.
    _ok(
        _run(
            repo,
            env,
            "modelinv",
            "new",
            "model",
            "churn-scorer",
            "--owner",
            "team:example-team",
            "--maintainer-name",
            "Example Maintainer",
            "--maintainer-email",
            "maintainer@example.com",
        )
    )
    _ok(_run(repo, env, "modelinv", "review", "churn-scorer", "--reviewer", "Ana Lima"))
    _ok(_run(repo, env, "modelinv", "codeowners"))
    _ok(_run(repo, env, "git", "add", "."))
    second = _ok(_run(repo, env, "git", "commit", "-m", "model:churn-scorer"))
    assert second.count("Passed") >= 3, second
    assert "/catalog/models/churn-scorer.yaml @acme/example-team" in (
        repo / ".github" / "CODEOWNERS"
    ).read_text(encoding="utf-8")

    # A change that breaks the catalog is stopped by the hooks.
    model = repo / "catalog" / "models" / "churn-scorer.yaml"
    model.write_text(model.read_text().replace("team:example-team", "team:nobody"))
    _ok(_run(repo, env, "git", "add", "."))
    refused = _run(repo, env, "git", "commit", "-m", "dangling owner")
    assert refused.returncode != 0
    assert "OWN001" in refused.stdout + refused.stderr
    _ok(_run(repo, env, "git", "checkout", "--", "."))
    _ok(_run(repo, env, "git", "reset", "-q", "--hard"))

    # The workflows: zizmor finds nothing, and every step runs a command that exists.
    audit = _run(repo, env, str(BIN / "zizmor"), "--offline", ".github/workflows")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "No findings to report" in audit.stdout + audit.stderr
    for name in ("validate.yml", "publish.yml"):
        path = repo / ".github" / "workflows" / name
        workflow = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        steps = _action_steps(workflow, commit)
        assert steps, name
        for step in steps:
            given = step.get("with", {})
            parses(
                command_line(
                    Inputs(
                        command=given.get("command", "validate"),
                        catalog=given.get("catalog", "catalog"),
                        base_ref=given.get("base-ref", ""),
                        output_format=given.get("format", ""),
                        args=given.get("args", ""),
                    )
                )
            )
    # and the one the pull-request check runs first passes on the new repository
    _ok(_run(repo, env, "modelinv", "validate", "catalog", "--strict"))
