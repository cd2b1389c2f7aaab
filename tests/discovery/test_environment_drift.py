"""Drift by environment: the manifests describe one environment (`--environment`), and a
model served there that its lifecycle does not allow there (a staging model in
production, which the deployment gate would refuse), or whose catalog deployments are all
elsewhere, is drift: what actually runs is not what the catalog says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from modelinv.cli import main

ROOT = Path(__file__).resolve().parents[2]
CATALOG = str(ROOT / "catalog")
TODAY = "2026-11-26"
SERVED = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: {name: card-fraud-gnn, namespace: ml-serving}
spec:
  predictor:
    model: {modelFormat: {name: pytorch}, storageUri: "s3://models/card-fraud-gnn/3"}
"""


def _drift(tmp_path: Path, capsys: pytest.CaptureFixture[str], environment: str) -> list[str]:
    manifest = tmp_path / "gnn.yaml"
    manifest.write_text(SERVED)
    args = ["--k8s", str(manifest), "-e", environment, "--catalog", CATALOG, "--today", TODAY]
    code = main(["discover", *args, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return [i["message"] for i in report["items"] if i["category"] == "drift"]


def test_a_staging_model_served_in_production_is_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _drift(tmp_path, capsys, "production") == [
        "card-fraud-gnn: served in production (InferenceService card-fraud-gnn), but the "
        "catalog says staging: promote it (modelinv promote) or take it out of production"
    ]


def test_served_where_the_catalog_lists_no_deployment_is_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its lifecycle allows development, but its catalog entry lists staging only."""
    assert _drift(tmp_path, capsys, "development") == [
        "card-fraud-gnn: served in development (InferenceService card-fraud-gnn), the "
        "catalog lists deployments in staging only"
    ]


def test_served_where_the_catalog_says_is_no_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _drift(tmp_path, capsys, "staging") == []
