"""A folder with no catalog file is a usage error for every command that reads a catalog,
as for `validate`: given the wrong folder, they made an empty site, report or export, or
called every running model a shadow, and exited 0 or 1 without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelinv.cli.main import main

MANIFESTS = Path(__file__).resolve().parents[2] / "examples" / "manifests"


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{catalog}"],
        ["build", "{catalog}", "--out", "{tmp}/site"],
        ["report", "health", "{catalog}"],
        ["report", "index", "{catalog}"],
        ["export", "cyclonedx", "--catalog", "{catalog}"],
        ["gate", "fraud-detector", "-e", "production", "--catalog", "{catalog}"],
        ["discover", "--k8s", str(MANIFESTS / "shadow.yaml"), "--catalog", "{catalog}"],
        ["search", "fraud", "--catalog", "{catalog}"],
    ],
)
def test_a_folder_without_catalog_files_is_refused(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "catalog"
    (catalog / "models").mkdir(parents=True)
    args = [part.format(catalog=catalog, tmp=tmp_path) for part in command]
    assert main(args) == 2
    assert "no catalog files (*.yaml) under" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
