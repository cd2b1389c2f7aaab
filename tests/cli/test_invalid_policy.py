"""A command whose output the policy decides stops on a policy file that is not valid
(exit 2, one line naming the policy's first problem), as `gate`, `report`, `build` and the
edit commands do: falling back to the default thresholds would hand on what the
organisation's policy never said."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_CATALOG
from modelinv.cli import main

# 127.0.0.1 on a port nothing listens on: the policy is refused before any connection.
NOWHERE = "http://127.0.0.1:9"
POLICY_ERROR = "catalog/policy.yaml:7:23: SCH003 spec.reviewIntervalDays: expected a whole number"


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLE_CATALOG, tmp_path / "catalog")
    policy = tmp_path / "catalog" / "policy.yaml"
    text = policy.read_text()
    assert "  reviewIntervalDays: 90 " in text
    policy.write_text(text.replace("  reviewIntervalDays: 90 ", '  reviewIntervalDays: "90"'))
    return tmp_path / "catalog"


@pytest.mark.parametrize(
    "args",
    [
        ["export", "sqlite", "--out", "out/inventory.sqlite"],
        ["export", "all", "--out", "out"],
        ["sync", "mlflow", "--mlflow", NOWHERE],
        ["discover", "--prometheus", NOWHERE],
        ["discover", "--k8s", "deploy.yaml", "--write"],
    ],
    ids=" ".join,
)
def test_an_invalid_policy_stops_the_command(
    args: list[str], catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("deploy.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shadow-model}\n"
    )
    assert main([*args, "--today", "2026-11-26"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"modelinv: {POLICY_ERROR}"), err
    assert "the policy file is not valid" in err and err.count("\n") == 1
    assert not Path("out").exists()
    assert not (catalog / "models" / "shadow-model.yaml").exists()


def test_an_export_the_policy_does_not_decide_is_written(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "csv", "--out", "models.csv"]) == 0
    assert Path("models.csv").read_text().startswith("id,")
