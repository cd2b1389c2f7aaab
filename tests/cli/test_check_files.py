"""`modelinv check-files`: the per-file stage on given paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelinv.cli.main import main

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(BASE, tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_good_files_pass_and_others_are_skipped(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "README.md").write_text("# hi\n")
    args = ["catalog/models/fraud-detector.yaml", "catalog/teams/payments-ml.yaml", "README.md"]
    assert main(["check-files", "--today", "2026-11-26", *args]) == 0
    out, err = capsys.readouterr()
    assert "2 files checked" in out
    assert err == "modelinv: note: README.md: outside the catalog catalog, not checked\n"


def test_every_skipped_argument_is_named(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing is skipped without a word; a skipped file never fails the run (a pre-commit
    hook passes every staged file), even when it is the only one."""
    outside = tmp_path_factory.mktemp("elsewhere") / "x.yaml"
    outside.write_text("kind: [\n")
    (repo / "catalog" / "notes.txt").write_text("hi\n")
    assert main(["check-files", str(outside)]) == 0
    out, err = capsys.readouterr()
    assert "0 files checked" in out
    assert err == f"modelinv: note: {outside}: outside the catalog catalog, not checked\n"
    args = ["catalog/notes.txt", "catalog/models/fraud-detector.yaml"]
    assert main(["check-files", "--today", "2026-11-26", *args]) == 0
    out, err = capsys.readouterr()
    assert "1 file checked" in out
    assert err.splitlines() == [
        "modelinv: note: catalog/notes.txt: not a catalog file (only .yaml and .yml files "
        "are), not checked",
    ]


@pytest.mark.parametrize("name", ["Legacy.YAML", "legacy.Yml"])
def test_a_miscased_suffix_is_refused_by_check_files_and_validate(
    repo: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file its author obviously meant as an entry (only the suffix's case is off) is a
    YML010 error in both commands, never a silent pass: the hooks pass it (their `files:`
    ignore the suffix's case) and `validate` lists it."""
    (repo / "catalog" / "models" / name).write_text("kind: [\n")
    stem, suffix = name.split(".")
    expected = (
        f"catalog/models/{name}:1:1: YML010 not read: catalog files end in .yaml or .yml, "
        f"not .{suffix} (rename it to {stem}.{suffix.lower()})"
    )
    assert main(["check-files", "--today", "2026-11-26", f"catalog/models/{name}"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert expected in out.splitlines()
    assert main(["validate", "catalog", "--today", "2026-11-26", "--no-cache"]) == 1
    out, err = capsys.readouterr()
    assert expected in out.splitlines()


def test_a_directory_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-files", "catalog/models"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "modelinv: catalog/models: a directory; check-files takes files "
        "(run `modelinv validate` for the whole catalog)\n"
    )


def test_a_linked_folder_is_checked_as_validate_reports_it(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "broken.yaml").write_text("kind: [\n")
    (repo / "catalog" / "models" / "legacy").symlink_to(outside)
    assert main(["check-files", "catalog/models/legacy"]) == 1
    out, err = capsys.readouterr()
    assert "catalog/models/legacy:1:1: YML010 symbolic link to a folder refused" in out
    assert err == ""


def test_schema_error_fails_but_references_are_not_checked(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = repo / "catalog" / "models" / "fraud-detector.yaml"
    text = model.read_text().replace(
        "upstream: [dataset:card-transactions]", "upstream: [dataset:nope]"
    )
    model.write_text(text)
    assert main(["check-files", "--today", "2026-11-26", str(model)]) == 0
    model.write_text(text.replace("lifecycle: production", "lifecycle: shipped"))
    assert main(["check-files", "--today", "2026-11-26", str(model)]) == 1
    out = capsys.readouterr().out
    assert "catalog/models/fraud-detector.yaml:" in out
    assert "REF001" not in out


def test_missing_catalog_is_a_usage_error(repo: Path) -> None:
    assert main(["check-files", "--catalog", "nowhere", "x.yaml"]) == 2
