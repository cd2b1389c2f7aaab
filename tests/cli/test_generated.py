"""Generated files have a --check mode that fails on drift."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelinv.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_schemas_are_up_to_date() -> None:
    assert main(["schema", "--check", "--out", str(ROOT / "schemas")]) == 0


def test_schema_check_detects_drift(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    target = tmp_path / "schemas" / "model.schema.json"
    target.write_text(target.read_text().replace('"lifecycle"', '"lifeCycle"', 1))
    assert main(["schema", "--check", "--out", str(tmp_path / "schemas")]) == 1
    assert main(["schema", "--out", str(tmp_path / "schemas")]) == 0
    assert main(["schema", "--check", "--out", str(tmp_path / "schemas")]) == 0


def test_schema_check_says_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command to run writes the folder checked: `modelinv schema` alone wrote
    ./schemas, and `--check --out DIR` failed again."""
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "schemas" / "team.schema.json").unlink()
    target = tmp_path / "schemas" / "model.schema.json"
    target.write_text(target.read_text().replace('"lifecycle"', '"lifeCycle"', 1))
    assert main(["schema", "--check", "--out", str(tmp_path / "schemas")]) == 1
    rerun = f"modelinv schema --out {tmp_path / 'schemas'}"
    assert capsys.readouterr().err.splitlines() == [
        f"{target}: out of date (run '{rerun}')",
        f"{tmp_path / 'schemas' / 'team.schema.json'}: missing (run '{rerun}')",
    ]


def test_schema_check_in_the_default_folder_says_the_plain_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["schema", "--check"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "schemas/model.schema.json: missing (run 'modelinv schema')"
    )


@pytest.mark.parametrize("check", [[], ["--check"]], ids=["write", "check"])
def test_schema_out_a_file_is_a_usage_error(
    check: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x\n")
    assert main(["schema", "--out", str(afile), *check]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"modelinv: {afile} is not a directory; give the folder of the schema files\n"
    assert afile.read_text() == "x\n"


def test_schema_out_through_a_symbolic_link_is_refused(
    linked_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As build and codeowners refuse it: the schemas went wherever the link pointed."""
    elsewhere = linked_out
    Path("schemas").symlink_to(elsewhere)
    assert main(["schema", "--out", "schemas"]) == 2
    assert "is a symbolic link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_docs_are_up_to_date() -> None:
    args = ["docs", "--check", "--readme", str(ROOT / "README.md")]
    assert main([*args, "--reference", str(ROOT / "docs" / "rules.md")]) == 0


def test_docs_check_detects_drift(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text((ROOT / "README.md").read_text().replace("[REF001]", "[REF999]", 1))
    shutil.copy(ROOT / "docs" / "rules.md", tmp_path / "rules.md")
    args = ["docs", "--readme", str(readme), "--reference", str(tmp_path / "rules.md")]
    assert main([*args, "--check"]) == 1
    assert main(args) == 0
    assert main([*args, "--check"]) == 0


def test_docs_check_says_the_command_for_the_files_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`modelinv docs` alone reads ./README.md: run elsewhere it failed, and in the
    repository it rewrote other files than the ones `--check` found stale."""
    readme = tmp_path / "my readme.md"
    readme.write_text((ROOT / "README.md").read_text().replace("[REF001]", "[REF999]", 1))
    reference = tmp_path / "rules.md"
    args = ["docs", "--readme", str(readme), "--reference", str(reference)]
    assert main([*args, "--check"]) == 1
    rerun = f"modelinv docs --readme '{readme}' --reference {reference}"
    assert capsys.readouterr().err.splitlines() == [
        f"{readme}: out of date (run '{rerun}')",
        f"{reference}: out of date (run '{rerun}')",
    ]
