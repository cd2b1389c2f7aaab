"""`modelinv codeowners`: CODEOWNERS from the example catalog, --check drift, the fallback
owner from the policy, and OWN005 once the policy enforces the file."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from git_support import GitRepo
from modelinv import Options, validate
from modelinv.checks.engine import load_index
from modelinv.cli.main import main
from modelinv.generated.codeowners import HEADER, render

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CATALOG = ROOT / "catalog"
BASE = ROOT / "tests" / "checks" / "rules" / "base"
FALLBACK = "@modelinv/maintainers"
TODAY = dt.date(2026, 11, 26)
ENFORCED = (
    'apiVersion: modelinv/v1\nkind: Policy\nspec:\n  codeowners: {fallback: "@acme/platform"}\n'
)


def _non_comment(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_example_catalog_matches_the_committed_file() -> None:
    text = render(load_index(EXAMPLE_CATALOG), FALLBACK, "catalog")
    assert text == (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    lines = _non_comment(text)
    assert lines[:3] == [
        f"/catalog/ {FALLBACK}",
        f"/catalog/policy.yaml {FALLBACK}",
        f"/.github/CODEOWNERS {FALLBACK}",
    ]
    assert "/catalog/models/fraud-detector.yaml @acme/payments-ml" in lines
    assert "/catalog/teams/payments-ml.yaml @acme/payments-ml" in lines
    assert lines[3:] == sorted(lines[3:])
    files = sorted(p for p in EXAMPLE_CATALOG.rglob("*.yaml") if p.name != "policy.yaml")
    assert len(lines) == 3 + len(files)


def test_the_example_policy_names_the_committed_fallback() -> None:
    settings = load_index(EXAMPLE_CATALOG).context.policy.spec.codeowners
    assert settings is not None
    assert (settings.fallback, settings.enforce) == (FALLBACK, True)


def test_a_team_without_handle_falls_back_with_a_comment(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "catalog")
    team = tmp_path / "catalog" / "teams" / "payments-ml.yaml"
    team.write_text(
        "\n".join(line for line in team.read_text().splitlines() if "handle:" not in line) + "\n"
    )
    text = render(load_index(tmp_path / "catalog"), "@org/platform", "catalog")
    assert "# models/fraud-detector.yaml: owner team:payments-ml has no handle" in text
    assert "/catalog/models/fraud-detector.yaml @org/platform\n" in text
    assert "/catalog/teams/payments-ml.yaml @org/platform\n" in text


def _pristine_clone(tmp_path: Path) -> Path:
    """What a fresh clone of this repository holds for the command: catalog and CODEOWNERS."""
    clone = tmp_path / "clone"
    shutil.copytree(EXAMPLE_CATALOG, clone / "catalog")
    (clone / ".github").mkdir()
    shutil.copy(ROOT / ".github" / "CODEOWNERS", clone / ".github" / "CODEOWNERS")
    return clone


def test_check_passes_on_a_pristine_clone_without_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_pristine_clone(tmp_path))
    assert main(["codeowners", "--check"]) == 0, capsys.readouterr().err
    # Regenerating without flags keeps the repository's fallback, never a placeholder.
    assert main(["codeowners"]) == 0
    assert Path(".github/CODEOWNERS").read_text() == (ROOT / ".github/CODEOWNERS").read_text()


def test_fallback_flag_overrides_the_policy_and_check_names_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_pristine_clone(tmp_path))
    assert main(["codeowners", "--check", "--fallback", "@acme/other"]) == 1
    err = capsys.readouterr().err
    assert (
        ".github/CODEOWNERS:5: out of date: line 5 is '/catalog/ @modelinv/maintainers', "
        "expected '/catalog/ @acme/other' (run 'modelinv codeowners --fallback @acme/other')"
    ) in err
    assert "\n-/catalog/ @modelinv/maintainers\n" in err
    assert "\n+/catalog/ @acme/other\n" in err
    assert main(["codeowners", "--fallback", "@acme/other"]) == 0
    assert "/catalog/ @acme/other\n" in Path(".github/CODEOWNERS").read_text()


def test_check_points_at_a_hand_edited_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_pristine_clone(tmp_path))
    path = Path(".github/CODEOWNERS")
    lines = path.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if "fraud-detector.yaml" in line)
    lines[number - 1] = "/catalog/models/fraud-detector.yaml @evil/takeover\n"
    path.write_text("".join(lines))
    assert main(["codeowners", "--check"]) == 1
    err = capsys.readouterr().err
    assert f".github/CODEOWNERS:{number}: out of date: line {number} is " in err
    assert "-/catalog/models/fraud-detector.yaml @evil/takeover" in err
    assert "+/catalog/models/fraud-detector.yaml @acme/payments-ml" in err


def test_write_then_check_then_drift(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(BASE, tmp_path / "catalog")
    (tmp_path / "catalog" / "policy.yaml").write_text(ENFORCED)
    monkeypatch.chdir(tmp_path)
    out = Path(".github/CODEOWNERS")
    assert main(["codeowners", "--check"]) == 1
    assert "missing" in capsys.readouterr().err
    assert main(["codeowners"]) == 0
    assert out.read_text().startswith(HEADER)
    assert "/catalog/ @acme/platform\n" in out.read_text()
    assert main(["codeowners", "--check"]) == 0
    model = tmp_path / "catalog" / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("owner: team:payments-ml", "owner: team:x"))
    capsys.readouterr()
    assert main(["codeowners", "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["codeowners"]) == 0
    assert "/catalog/models/fraud-detector.yaml @acme/platform\n" in out.read_text()
    assert "owner team:x is not a known team" in out.read_text()


def test_no_fallback_anywhere_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(BASE, tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    assert main(["codeowners"]) == 2
    assert "no fallback owner: set spec.codeowners.fallback in catalog/policy.yaml" in (
        capsys.readouterr().err
    )
    assert not Path(".github/CODEOWNERS").exists()
    assert main(["codeowners", "--fallback", "@acme/platform"]) == 0


def test_an_invalid_policy_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(BASE, tmp_path / "catalog")
    (tmp_path / "catalog" / "policy.yaml").write_text(
        ENFORCED.replace('"@acme/platform"', '"@acme/platform\\n* @evil"')
    )
    monkeypatch.chdir(tmp_path)
    assert main(["codeowners"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelinv: catalog/policy.yaml:4:") and "SCH" in err
    assert not Path(".github/CODEOWNERS").exists()


@pytest.mark.parametrize(
    "owner", ["nobody", "@acme/platform\n", "@acme/platform\n* @evil", "@acme/a b"]
)
def test_bad_fallback_is_a_usage_error(
    owner: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(BASE, tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    assert main(["codeowners", "--fallback", owner]) == 2
    assert not Path(".github/CODEOWNERS").exists()


def test_missing_catalog_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["codeowners", "--catalog", "missing"]) == 2


def test_check_does_not_follow_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_pristine_clone(tmp_path))
    out = Path(".github/CODEOWNERS")
    out.unlink()
    out.symlink_to("/dev/zero")  # read through, it would grow without bound
    assert main(["codeowners", "--check"]) == 1
    assert ".github/CODEOWNERS: cannot be used: symbolic link refused" in capsys.readouterr().err


# OWN005 once the policy opts in: deleting, unheading or linking the file is a finding.


@pytest.fixture
def enforced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hermetic_git: None) -> Path:
    """A git repository whose policy enforces a freshly generated CODEOWNERS."""
    repo = GitRepo.init(tmp_path / "inventory", catalog_from=BASE)
    (repo.catalog / "policy.yaml").write_text(ENFORCED)
    monkeypatch.chdir(repo.path)
    assert main(["codeowners"]) == 0
    return repo.path


def _own005(repo: Path) -> list[str]:
    result = validate(repo / "catalog", Options(jobs=1, today=TODAY))
    return [f"{f.location} {f.message}" for f in result.findings if f.code == "OWN005"]


def test_enforced_generated_file_is_clean_and_owns_itself(enforced: Path) -> None:
    assert _own005(enforced) == []
    lines = _non_comment((enforced / ".github" / "CODEOWNERS").read_text())
    assert "/.github/CODEOWNERS @acme/platform" in lines
    assert "/catalog/policy.yaml @acme/platform" in lines


def test_enforced_file_deleted(enforced: Path) -> None:
    (enforced / ".github" / "CODEOWNERS").unlink()
    assert _own005(enforced) == [
        ".github/CODEOWNERS:1:1 CODEOWNERS is missing; the policy requires it "
        "(spec.codeowners.enforce)"
    ]


def test_enforced_header_deleted(enforced: Path) -> None:
    path = enforced / ".github" / "CODEOWNERS"
    path.write_text(path.read_text().removeprefix(HEADER))
    [found] = _own005(enforced)
    assert found.startswith(
        ".github/CODEOWNERS:1:1 CODEOWNERS is not generated by modelinv codeowners "
        "(its header is missing): line 1 is ''"
    )


@pytest.mark.parametrize("target", ["copy", "/dev/zero"])
def test_enforced_file_replaced_by_a_link(enforced: Path, target: str) -> None:
    path = enforced / ".github" / "CODEOWNERS"
    if target == "copy":
        shutil.copy(path, enforced / "elsewhere")
        target = str(enforced / "elsewhere")
    path.unlink()
    path.symlink_to(target)
    assert _own005(enforced) == [
        ".github/CODEOWNERS:1:1 CODEOWNERS cannot be used: symbolic link refused; "
        "the policy requires it (spec.codeowners.enforce)"
    ]


def test_unenforced_policy_leaves_a_hand_written_file_alone(enforced: Path) -> None:
    policy = enforced / "catalog" / "policy.yaml"
    unenforced = '"@acme/platform", enforce: false'
    policy.write_text(policy.read_text().replace('"@acme/platform"', unenforced))
    (enforced / ".github" / "CODEOWNERS").write_text("# by hand\n* @acme/platform\n")
    assert _own005(enforced) == []
    (enforced / ".github" / "CODEOWNERS").unlink()
    assert _own005(enforced) == []


def test_enforced_drift_uses_the_policy_fallback(enforced: Path) -> None:
    path = enforced / ".github" / "CODEOWNERS"
    path.write_text(path.read_text().replace("@acme/platform", "@acme/evil"))
    [found] = _own005(enforced)
    assert found == (
        ".github/CODEOWNERS:5:1 CODEOWNERS is out of date: line 5 is '/catalog/ @acme/evil', "
        "expected '/catalog/ @acme/platform'"
    )


def test_an_unwritable_out_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder on the way that is a file: one line naming the file, exit 2 (it was an
    internal error, exit 3)."""
    shutil.copytree(BASE, tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    Path("blocked").write_text("a file, not a folder")
    out = Path("blocked") / "CODEOWNERS"
    assert main(["codeowners", "--fallback", "@acme/platform", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelinv: cannot write blocked/CODEOWNERS: ")
    assert err.count("\n") == 1


def test_run_from_a_subfolder_it_writes_and_checks_the_file_own005_reads(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    hermetic_git: None,
) -> None:
    """An inventory in a subfolder of its repository (`ml/inventory/catalog`), the commands
    run from `ml/inventory`: `codeowners` writes the repository's `.github/CODEOWNERS`
    with paths from the repository's top, as the forge and OWN005 read it. (It wrote
    `ml/inventory/.github/CODEOWNERS` with `/catalog/...` lines, which `--check` passed and
    OWN005, whose hint is to run `modelinv codeowners`, reported missing after every run.)"""
    repo = GitRepo.init(tmp_path / "mono", catalog_from=BASE, catalog="ml/inventory/catalog")
    (repo.catalog / "policy.yaml").write_text(ENFORCED)
    monkeypatch.chdir(repo.path / "ml" / "inventory")
    top_file = repo.path / ".github" / "CODEOWNERS"
    assert main(["codeowners", "--check"]) == 1
    assert capsys.readouterr().err.startswith(f"{top_file}: missing")
    assert main(["codeowners"]) == 0
    assert capsys.readouterr().out == f"wrote {top_file}\n"
    assert not Path(".github").exists()
    lines = _non_comment(top_file.read_text())
    assert lines[:3] == [
        "/ml/inventory/catalog/ @acme/platform",
        "/ml/inventory/catalog/policy.yaml @acme/platform",
        "/.github/CODEOWNERS @acme/platform",
    ]
    assert "/ml/inventory/catalog/models/fraud-detector.yaml @acme/payments-ml" in lines
    assert main(["codeowners", "--check"]) == 0
    assert main(["validate", "--today", "2026-11-26", "--no-cache"]) == 0


def test_the_command_to_run_names_a_catalog_folder_of_another_name(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    hermetic_git: None,
) -> None:
    """An organisation keeps its catalog in `inventory/`: the command OWN005 and `--check`
    say to run is one that works from there (`modelinv codeowners` alone stopped with
    'catalog directory not found: catalog')."""
    repo = GitRepo.init(tmp_path / "repo", catalog_from=BASE, catalog="inventory")
    (repo.catalog / "policy.yaml").write_text(ENFORCED)
    monkeypatch.chdir(repo.path)
    assert main(["validate", "inventory", "--today", "2026-11-26", "--no-cache"]) == 1
    assert "(generate it as a regular file: modelinv codeowners --catalog inventory)" in (
        capsys.readouterr().out
    )
    assert main(["codeowners", "--catalog", "inventory", "--check"]) == 1
    assert "(run 'modelinv codeowners --catalog inventory')" in capsys.readouterr().err
    assert main(["codeowners", "--catalog", "inventory"]) == 0
    assert main(["validate", "inventory", "--today", "2026-11-26", "--no-cache"]) == 0


@pytest.mark.parametrize("folder", ["my catalog", "inventory/ml catalog"])
def test_own005_without_a_policy_setting_judges_a_catalog_folder_with_a_space(
    tmp_path: Path,
    folder: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    hermetic_git: None,
) -> None:
    """Without `spec.codeowners`, OWN005 takes the fallback owner from the generated file's
    catalog line; it looked for `/my catalog/ `, the file says `/my\\ catalog/ `, so no
    owner was found and a stale file passed validate while `codeowners --check` failed."""
    repo = GitRepo.init(tmp_path / "repo", catalog_from=BASE, catalog=folder)
    monkeypatch.chdir(repo.path)
    args = ["codeowners", "--catalog", folder, "--fallback", "@acme/platform"]
    assert main(args) == 0
    path = repo.path / ".github" / "CODEOWNERS"
    assert f"/{folder.replace(' ', chr(92) + ' ')}/ @acme/platform" in path.read_text()
    result = validate(repo.catalog, Options(jobs=1, today=TODAY))
    assert [f for f in result.findings if f.code == "OWN005"] == []
    path.write_text(path.read_text().replace("@acme/payments-ml", "@acme/someone-else"))
    assert main([*args, "--check"]) == 1
    capsys.readouterr()
    result = validate(repo.catalog, Options(jobs=1, today=TODAY))
    [found] = [f for f in result.findings if f.code == "OWN005"]
    assert "is out of date" in found.message and "@acme/someone-else" in found.message
    assert f"--catalog '{folder}' --fallback @acme/platform" in (found.hint or "")


@pytest.mark.parametrize("enforce", ["true", "false"])
def test_a_generated_file_with_crlf_line_ends_is_out_of_date_not_hand_written(
    enforced: Path, enforce: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A checkout or an editor turned the file's line ends into CRLF: OWN005 said its header
    was missing (it is there), and with `enforce: false` left the file unjudged, so a stale
    CRLF file passed validate. OWN005 and `--check` now say the same: the line ends."""
    policy = enforced / "catalog" / "policy.yaml"
    setting = f'"@acme/platform", enforce: {enforce}'
    policy.write_text(policy.read_text().replace('"@acme/platform"', setting))
    path = enforced / ".github" / "CODEOWNERS"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    expected = "line 1 ends in CRLF, expected LF line ends"
    assert _own005(enforced) == [f".github/CODEOWNERS:1:1 CODEOWNERS is out of date: {expected}"]
    assert main(["codeowners", "--check"]) == 1
    assert capsys.readouterr().err.startswith(
        f".github/CODEOWNERS:1: out of date: {expected} (run 'modelinv codeowners')"
    )
    assert main(["codeowners"]) == 0
    assert _own005(enforced) == []
    assert b"\r" not in path.read_bytes()


def test_a_codeowners_written_by_hand_is_not_replaced_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An organisation adopting modelinv has its own CODEOWNERS: writing over it lost its
    rules without a word."""
    clone = _pristine_clone(tmp_path)
    monkeypatch.chdir(clone)
    path = Path(".github/CODEOWNERS")
    path.write_text("# ours\n/src/ @acme/devs\n")
    assert main(["codeowners"]) == 2
    err = capsys.readouterr().err
    assert ".github/CODEOWNERS was written by hand" in err and "--force" in err
    assert path.read_text() == "# ours\n/src/ @acme/devs\n"
    assert main(["codeowners", "--force"]) == 0
    assert path.read_text() == (ROOT / ".github/CODEOWNERS").read_text()
    path.write_text("")  # an empty file holds nothing to lose
    assert main(["codeowners"]) == 0
