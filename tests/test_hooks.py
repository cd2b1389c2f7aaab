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

from git_support import GitRepo
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


def refused_commit(repo: GitRepo, message: str) -> str:
    """Commit what is staged, which the hooks must refuse; what they said."""
    refused = repo.run("commit", "-m", message)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    return output


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
    assert hooks["modelinv-validate"]["files"] == r"^catalog/.*\.(?i:ya?ml)$"
    # Deletions reach no hook's file list: the whole-catalog hooks run on every commit.
    assert hooks["modelinv-validate"]["always_run"] is True
    assert hooks["modelinv-codeowners"]["always_run"] is True
    assert "--check" in hooks["modelinv-codeowners"]["entry"]


def _env(tmp_path: Path) -> dict[str, str]:
    """What pre-commit needs besides git's hermetic environment (tests/git_support.py):
    this environment's programs first on PATH, and a private pre-commit home."""
    return {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    if not PRE_COMMIT.exists():
        pytest.fail(f"pre-commit is not installed in the test environment ({PRE_COMMIT})")
    repo = GitRepo.init(tmp_path / "inventory", catalog_from=BASE, env=_env(tmp_path))
    (repo.catalog / "policy.yaml").write_text(POLICY, encoding="utf-8")
    hooks = [{**hook, "language": "system"} for hook in _hooks()]
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo.path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    made = subprocess.run(
        ["modelinv", "codeowners"],
        cwd=repo.path,
        env=repo.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    installed = subprocess.run(
        [str(PRE_COMMIT), "install"],
        check=False,
        cwd=repo.path,
        env=repo.env,
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    repo.git("add", ".")
    first = repo.run("commit", "-q", "-m", "catalog")
    assert first.returncode == 0, first.stdout + first.stderr
    return repo


def test_good_change_is_committed(repo: GitRepo) -> None:
    model = repo.catalog / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("Card Fraud Detector", "Card Fraud Model"))
    repo.git("add", "catalog/models/fraud-detector.yaml")
    done = repo.run("commit", "-m", "rename the title")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "modelinv validate" in done.stdout + done.stderr
    assert repo.git("status", "--porcelain") == ""


def test_dangling_reference_is_refused(repo: GitRepo) -> None:
    model = repo.catalog / "models" / "fraud-detector.yaml"
    text = model.read_text()
    model.write_text(
        text.replace("upstream: [dataset:card-transactions]", "upstream: [dataset:nope]")
    )
    repo.git("add", "catalog/models/fraud-detector.yaml")
    output = refused_commit(repo, "dangling")
    assert "catalog/models/fraud-detector.yaml:" in output
    assert "REF001" in output and "dataset:nope" in output
    assert repo.git("rev-list", "--count", "HEAD").strip() == "1"


def test_schema_error_is_refused_by_the_per_file_hook(repo: GitRepo) -> None:
    model = repo.catalog / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("lifecycle: production", "lifecycle: shipped"))
    repo.git("add", "catalog/models/fraud-detector.yaml")
    output = refused_commit(repo, "bad lifecycle")
    assert "modelinv check-files" in output and "Failed" in output
    assert "catalog/models/fraud-detector.yaml:" in output


def test_a_catalog_file_with_an_upper_case_suffix_is_refused(repo: GitRepo) -> None:
    """`models/churn.YAML` is meant as an entry: the hooks pass it on (their `files:` ignore
    the suffix's case) and it is refused (YML010), never committed unchecked."""
    model = repo.catalog / "models" / "fraud-detector.yaml"
    (repo.catalog / "models" / "churn.YAML").write_text(
        model.read_text().replace("fraud-detector", "churn").replace("team:", "team:nobody-")
    )
    repo.git("add", "catalog/models/churn.YAML")
    output = refused_commit(repo, "a model with an upper-case suffix")
    assert "modelinv check-files" in output and "Failed" in output
    assert "catalog/models/churn.YAML:1:1: YML010 not read" in output
    assert repo.git("rev-list", "--count", "HEAD").strip() == "1"


def test_owner_change_without_codeowners_is_refused(repo: GitRepo) -> None:
    team = repo.catalog / "teams" / "payments-ml.yaml"
    team.write_text(team.read_text().replace("@acme/payments-ml", "@acme/payments"))
    repo.git("add", "catalog/teams/payments-ml.yaml")
    output = refused_commit(repo, "new handle")
    assert ".github/CODEOWNERS:" in output and "out of date" in output


def test_a_commit_that_only_deletes_a_catalog_file_is_checked(repo: GitRepo) -> None:
    """pre-commit passes no deleted file to a hook, and skips a hook whose `files:` match
    none: the whole-catalog hooks must run anyway, or deleting a data asset the models
    name (or CODEOWNERS) is committed unchecked."""
    repo.git("rm", "-q", "catalog/data/card-transactions.yaml")
    output = refused_commit(repo, "drop the dataset")
    assert "REF001" in output and "dataset:card-transactions" in output
    repo.git("reset", "-q", "--hard")
    repo.git("rm", "-q", ".github/CODEOWNERS")
    output = refused_commit(repo, "drop CODEOWNERS")
    assert "modelinv codeowners --check" in output and "Failed" in output
    assert repo.git("rev-list", "--count", "HEAD").strip() == "1"


def test_a_commit_that_only_adds_an_organisation_rule_is_checked(repo: GitRepo) -> None:
    """`catalog/rules/*.schema.json` changes what the whole catalog must satisfy, and is
    no YAML file: the validate hook runs on it too."""
    rules = repo.catalog / "rules"
    rules.mkdir()
    (rules / "title.schema.json").write_text(
        '{"x-modelinv": {"code": "ACME001", "severity": "error", "kinds": ["Model"],'
        ' "message": "a model title starts with Acme"},'
        ' "properties": {"metadata": {"properties": {"title": {"pattern": "^Acme"}}}}}\n',
        encoding="utf-8",
    )
    repo.git("add", "catalog/rules/title.schema.json")
    output = refused_commit(repo, "a new rule")
    assert "ACME001" in output
    assert repo.git("rev-list", "--count", "HEAD").strip() == "1"


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
    repo = GitRepo.init(tmp_path / "clone", catalog_from=ROOT / "catalog", env=_env(tmp_path))
    (repo.path / ".github").mkdir()
    shutil.copy(ROOT / ".github" / "CODEOWNERS", repo.path / ".github" / "CODEOWNERS")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo.path / ".pre-commit-config.yaml")
    repo.git("add", ".")

    def run(hook: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "run", hook, "--all-files"],
            cwd=repo.path,
            env=repo.env,
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


def test_the_readme_overrides_for_another_catalog_folder_work(tmp_path: Path) -> None:
    """The README's `args:`/`files:` for a catalog in `inventory/`, on the hooks as
    .pre-commit-hooks.yaml declares them: all pass on a good catalog, and check-files
    refuses a broken file there."""
    if not PRE_COMMIT.exists():
        pytest.fail(f"pre-commit is not installed in the test environment ({PRE_COMMIT})")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("For a catalog\nin another folder") :]
    snippet = section[section.index("```yaml\n") + 8 : section.index("```\n", 8)]
    overrides = {hook["id"]: hook for hook in yaml.safe_load(snippet.strip())["hooks"]}
    hooks = [{**hook, **overrides[hook["id"]], "language": "system"} for hook in _hooks()]
    repo = GitRepo.init(
        tmp_path / "inv", catalog_from=BASE, catalog="inventory", env=_env(tmp_path)
    )
    (repo.catalog / "policy.yaml").write_text(POLICY, encoding="utf-8")
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo.path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args), cwd=repo.path, env=repo.env, capture_output=True, text=True, check=False
        )

    assert run("modelinv", "codeowners", "--catalog", "inventory").returncode == 0
    repo.git("add", ".")
    done = run(str(PRE_COMMIT), "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("Passed") == 3, done.stdout
    (repo.catalog / "models" / "fraud-detector.yaml").write_text("kind: [\n")
    repo.git("add", ".")
    done = run(str(PRE_COMMIT), "run", "modelinv-schema", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "inventory/models/fraud-detector.yaml:" in done.stdout
