"""The pre-commit hooks, run by pre-commit itself in a temporary git repository.

The hooks are declared `repo: local` with `language: system` (mirroring
.pre-commit-hooks.yaml), so pre-commit runs this checkout's real `modelinv` offline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from modelinv.cli.main import command as cli_command

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "checks" / "rules" / "base"
BIN = Path(sys.executable).parent
PRE_COMMIT = BIN / "pre-commit"
FALLBACK = "@acme/platform"
# The fallback owner lives in the policy, so the codeowners hook needs no arguments.
POLICY = f'apiVersion: modelinv/v1\nkind: Policy\nspec:\n  codeowners: {{fallback: "{FALLBACK}"}}\n'


def _hooks() -> list[dict[str, Any]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def test_hooks_file_parses_and_names_existing_commands() -> None:
    hooks = {hook["id"]: hook for hook in _hooks()}
    assert set(hooks) == {"modelinv-validate", "modelinv-schema", "modelinv-codeowners"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        program, command, *_ = hook["entry"].split()
        assert program == "modelinv"
        assert cli_command(command) is not None, command
        assert isinstance(hook["pass_filenames"], bool)
    assert hooks["modelinv-schema"]["pass_filenames"] is True
    assert hooks["modelinv-validate"]["pass_filenames"] is False
    assert hooks["modelinv-validate"]["files"] == r"^catalog/.*\.ya?ml$"
    assert "--check" in hooks["modelinv-codeowners"]["entry"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    return env


def _git(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if not PRE_COMMIT.exists():
        pytest.fail(f"pre-commit is not installed in the test environment ({PRE_COMMIT})")
    repo = tmp_path / "inventory"
    shutil.copytree(BASE, repo / "catalog")
    (repo / "catalog" / "policy.yaml").write_text(POLICY, encoding="utf-8")
    hooks = [{**hook, "language": "system"} for hook in _hooks()]
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = _env(tmp_path)
    assert _git(repo, env, "init", "-q", "-b", "main").returncode == 0
    _git(repo, env, "config", "user.name", "Test")
    _git(repo, env, "config", "user.email", "test@example.com")
    _git(repo, env, "config", "commit.gpgsign", "false")
    made = subprocess.run(
        ["modelinv", "codeowners"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    installed = subprocess.run(
        [str(PRE_COMMIT), "install"], check=False, cwd=repo, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _git(repo, env, "add", ".")
    first = _git(repo, env, "commit", "-q", "-m", "catalog")
    assert first.returncode == 0, first.stdout + first.stderr
    return repo


def test_good_change_is_committed(repo: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    model = repo / "catalog" / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("Card Fraud Detector", "Card Fraud Model"))
    _git(repo, env, "add", "catalog/models/fraud-detector.yaml")
    done = _git(repo, env, "commit", "-m", "rename the title")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "modelinv validate" in done.stdout + done.stderr
    assert _git(repo, env, "status", "--porcelain").stdout == ""


def test_dangling_reference_is_refused(repo: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    model = repo / "catalog" / "models" / "fraud-detector.yaml"
    text = model.read_text()
    model.write_text(
        text.replace("upstream: [dataset:card-transactions]", "upstream: [dataset:nope]")
    )
    _git(repo, env, "add", "catalog/models/fraud-detector.yaml")
    refused = _git(repo, env, "commit", "-m", "dangling")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "catalog/models/fraud-detector.yaml:" in output
    assert "REF001" in output and "dataset:nope" in output
    assert _git(repo, env, "rev-list", "--count", "HEAD").stdout.strip() == "1"


def test_schema_error_is_refused_by_the_per_file_hook(repo: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    model = repo / "catalog" / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("lifecycle: production", "lifecycle: shipped"))
    _git(repo, env, "add", "catalog/models/fraud-detector.yaml")
    refused = _git(repo, env, "commit", "-m", "bad lifecycle")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "modelinv check-files" in output and "Failed" in output
    assert "catalog/models/fraud-detector.yaml:" in output


def test_owner_change_without_codeowners_is_refused(repo: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    team = repo / "catalog" / "teams" / "payments-ml.yaml"
    team.write_text(team.read_text().replace("@acme/payments-ml", "@acme/payments"))
    _git(repo, env, "add", "catalog/teams/payments-ml.yaml")
    refused = _git(repo, env, "commit", "-m", "new handle")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert ".github/CODEOWNERS:" in output and "out of date" in output


def test_this_repository_declares_each_hook_id_once() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ids = [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_this_repository_hooks_on_a_pristine_copy(tmp_path: Path) -> None:
    """This repository's own .pre-commit-config.yaml, run by pre-commit on a copy of what a
    clone holds: `pre-commit run modelinv-schema` runs only check-files, and the codeowners
    hook passes without flags (the fallback owner comes from catalog/policy.yaml)."""
    if not PRE_COMMIT.exists():
        pytest.fail(f"pre-commit is not installed in the test environment ({PRE_COMMIT})")
    repo = tmp_path / "clone"
    shutil.copytree(ROOT / "catalog", repo / "catalog")
    (repo / ".github").mkdir()
    shutil.copy(ROOT / ".github" / "CODEOWNERS", repo / ".github" / "CODEOWNERS")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    env = _env(tmp_path)
    assert _git(repo, env, "init", "-q", "-b", "main").returncode == 0
    assert _git(repo, env, "add", ".").returncode == 0

    def run(hook: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "run", hook, "--all-files"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    schema = run("modelinv-schema")
    assert schema.returncode == 0, schema.stdout + schema.stderr
    assert "modelinv check-files" in schema.stdout
    assert "modelinv schema --check" not in schema.stdout
    owners = run("modelinv-codeowners")
    assert owners.returncode == 0, owners.stdout + owners.stderr
    assert "modelinv codeowners --check" in owners.stdout and "Passed" in owners.stdout
