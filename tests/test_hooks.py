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
    hooks = []
    for hook in _hooks():
        local = {**hook, "language": "system"}
        if hook["id"] == "modelinv-codeowners":
            local["args"] = ["--fallback", FALLBACK]
        hooks.append(local)
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = _env(tmp_path)
    assert _git(repo, env, "init", "-q", "-b", "main").returncode == 0
    _git(repo, env, "config", "user.name", "Test")
    _git(repo, env, "config", "user.email", "test@example.com")
    _git(repo, env, "config", "commit.gpgsign", "false")
    made = subprocess.run(
        ["modelinv", "codeowners", "--fallback", FALLBACK],
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
    assert ".github/CODEOWNERS: out of date" in output
