"""`modelinv init`: a new inventory repository that validates at once, and never overwrites."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from modelinv.adoption.pin import UPSTREAM, Pin, pin_from_direct_url
from modelinv.cli import main
from modelinv.generated import schemas

SHA = "0123456789abcdef0123456789abcdef01234567"
ARGS = ["--org", "acme", "--ref", SHA]


def _init(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess with no terminal on stdin (as in CI)."""
    return subprocess.run(
        [sys.executable, "-m", "modelinv", "init", *args],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def test_scaffold_validates_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "inventory"
    assert main(["init", str(repo), *ARGS]) == 0
    assert f"wrote 14 files to {repo}" in capsys.readouterr().out
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
    assert files == sorted(
        [
            ".github/CODEOWNERS",
            ".github/workflows/publish.yml",
            ".github/workflows/validate.yml",
            ".gitignore",
            ".pre-commit-config.yaml",
            "README.md",
            "catalog/models/example-model.yaml",
            "catalog/policy.yaml",
            "catalog/teams/example-team.yaml",
            *(f"schemas/{name}" for name in schemas.generate()),
        ]
    )
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)  # OWN005 needs a repository
    monkeypatch.chdir(repo)
    assert main(["validate", "--strict"]) == 0
    assert "No problems found (2 files checked)" in capsys.readouterr().out
    assert main(["codeowners", "--check"]) == 0  # the fallback owner is in the policy
    assert main(["schema", "--check"]) == 0
    policy = (repo / "catalog/policy.yaml").read_text()
    assert "  codeowners:  " in policy and '    fallback: "@acme/platform"   #' in policy
    for example in ("catalog/teams/example-team.yaml", "catalog/models/example-model.yaml"):
        assert "# EXAMPLE written by `modelinv init`" in (repo / example).read_text()
    codeowners = (repo / ".github/CODEOWNERS").read_text()
    assert "/catalog/models/example-model.yaml @acme/example-team" in codeowners
    assert "/catalog/ @acme/platform" in codeowners
    hooks = (repo / ".pre-commit-config.yaml").read_text()
    assert f"rev: {SHA} # modelinv 0.1.0" in hooks
    assert f"uses: {UPSTREAM}@{SHA}" in (repo / ".github/workflows/validate.yml").read_text()


def test_fallback_owner_and_repo_flags(tmp_path: Path) -> None:
    done = _init(
        tmp_path, "inv", *ARGS, "--fallback-owner", "@acme/ml-ops", "--modelinv-repo", "acme/mi"
    )
    assert done.returncode == 0, done.stderr
    repo = tmp_path / "inv"
    assert "/catalog/policy.yaml @acme/ml-ops" in (repo / ".github/CODEOWNERS").read_text()
    assert f"uses: acme/mi@{SHA}" in (repo / ".github/workflows/publish.yml").read_text()
    assert "repo: https://github.com/acme/mi\n" in (repo / ".pre-commit-config.yaml").read_text()


def test_refuses_to_overwrite_and_lists_every_file(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("mine\n")
    (tmp_path / "catalog" / "teams").mkdir(parents=True)
    (tmp_path / "catalog" / "teams" / "example-team.yaml").write_text("mine\n")
    done = _init(tmp_path, ".", *ARGS)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "modelinv: README.md: already exists",
        "modelinv: catalog/teams/example-team.yaml: already exists",
        "modelinv: nothing written; init never overwrites a file",
    ]
    assert (tmp_path / "README.md").read_text() == "mine\n"
    assert not (tmp_path / ".github").exists()
    assert not (tmp_path / "catalog" / "policy.yaml").exists()


def test_refuses_to_write_through_a_linked_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "inv").mkdir()
    (tmp_path / "inv" / ".github").symlink_to(elsewhere)
    (tmp_path / "inv" / "README.md").symlink_to(elsewhere / "README.md")
    done = _init(tmp_path, "inv", *ARGS)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "modelinv: inv/README.md: already exists",
        f"modelinv: {tmp_path / 'inv' / '.github'}: a symbolic link; init never writes through one",
        "modelinv: nothing written; init never overwrites a file",
    ]
    assert list(elsewhere.iterdir()) == []
    assert not (tmp_path / "inv" / "catalog").exists()


def test_refuses_a_linked_directory_before_writing(tmp_path: Path) -> None:
    """DIRECTORY itself a link: it used to write 13 of the 14 files through it, then crash
    (exit 3) on its own check of the catalog."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "kk").symlink_to(elsewhere)
    done = _init(tmp_path, "kk", *ARGS)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"modelinv: {tmp_path / 'kk'}: a symbolic link; init never writes through one, "
        "nothing written (give the real folder)\n"
    )
    assert list(elsewhere.iterdir()) == []
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    done = _init(tmp_path, "link/inv", *ARGS)  # a link on the way is refused too
    assert done.returncode == 2
    assert f"modelinv: {tmp_path / 'link'}: a symbolic link" in done.stderr
    assert list((tmp_path / "real").iterdir()) == []


def test_without_a_terminal_org_is_required(tmp_path: Path) -> None:
    done = _init(tmp_path, "inv", "--ref", SHA)
    assert done.returncode == 2
    assert done.stderr == "modelinv: --org is required when not run at a terminal\n"
    assert not (tmp_path / "inv").exists()


def test_bad_flags_are_usage_errors(tmp_path: Path) -> None:
    done = _init(
        tmp_path,
        "inv",
        *("--org", "-x", "--ref", SHA, "--fallback-owner", "platform"),
        *("--modelinv-repo", "modelinv"),
    )
    assert done.returncode == 2
    assert "--org: not a GitHub organisation name: '-x'" in done.stderr
    assert "--fallback-owner: not a CODEOWNERS owner" in done.stderr
    assert "--modelinv-repo: expected OWNER/NAME on GitHub, got 'modelinv'" in done.stderr
    assert not (tmp_path / "inv").exists()


def test_without_a_known_commit_it_asks_for_ref(tmp_path: Path) -> None:
    """An editable or wheel install does not say which public commit it is."""
    done = _init(tmp_path, "inv", "--org", "acme")
    assert done.returncode == 2
    assert "pass --ref with a commit SHA of the modelinv repository" in done.stderr
    assert not (tmp_path / "inv").exists()


def test_a_tag_is_accepted_with_a_note(tmp_path: Path) -> None:
    done = _init(tmp_path, "inv", "--org", "acme", "--ref", "v0.1.0")
    assert done.returncode == 0, done.stderr
    assert "not a commit SHA: make sure github.com/modelinv/modelinv has it" in done.stderr


def test_pin_from_a_git_install() -> None:
    record = {
        "url": "https://github.com/acme/modelinv.git",
        "vcs_info": {"vcs": "git", "commit_id": SHA, "requested_revision": SHA},
    }
    assert pin_from_direct_url(json.dumps(record)) == Pin("acme/modelinv", SHA)
    other_forge = {**record, "url": "https://gitlab.example.com/x/modelinv"}
    assert pin_from_direct_url(json.dumps(other_forge)) == Pin(UPSTREAM, SHA)
    editable = {"url": "file:///src/modelinv", "dir_info": {"editable": True}}
    assert pin_from_direct_url(json.dumps(editable)) is None
    assert pin_from_direct_url("not json") is None
    short = {**record, "vcs_info": {"vcs": "git", "commit_id": "abc123"}}
    assert pin_from_direct_url(json.dumps(short)) is None


def test_at_a_terminal_it_asks(tmp_path: Path) -> None:
    """The org and the fallback owner are asked for when the flags leave them out."""
    master, slave = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "modelinv", "init", "inv", "--ref", SHA],
            cwd=tmp_path,
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(master, b"acme\n@acme/ml-ops\n")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(master)
        os.close(slave)
    assert process.returncode == 0, err
    assert "GitHub organisation: " in out
    assert "Fallback owner [@acme/platform]: " in out
    codeowners = (tmp_path / "inv" / ".github" / "CODEOWNERS").read_text()
    assert "/catalog/ @acme/ml-ops" in codeowners
    assert "@acme/example-team" in codeowners


def test_refuses_a_folder_inside_another_repository(tmp_path: Path) -> None:
    """Inside a repository but not at its top, the workflows, CODEOWNERS and pre-commit
    config would sit where neither GitHub nor pre-commit reads them, and the new catalog
    would fail OWN005 at once (the repository's CODEOWNERS is missing): it used to write
    them there without a word."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    done = _init(tmp_path, "ml/inventory", *ARGS)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"modelinv: ml/inventory is inside the git repository {tmp_path}, not at its top, "
        "where GitHub reads .github/ (workflows, CODEOWNERS) and pre-commit "
        f".pre-commit-config.yaml: nothing written (run init at {tmp_path}, or in a folder "
        "of its own)\n"
    )
    assert not (tmp_path / "ml").exists()
    done = _init(tmp_path, ".", *ARGS)  # at the top of the repository: fine
    assert done.returncode == 0, done.stderr
