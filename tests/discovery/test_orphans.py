"""Orphans: the catalog says a model runs in the environment the manifests describe (or is
registered under a name), and the source that would see it does not. Only that source's
observations count: a registered model in MLflow, traffic in Prometheus or an
InferenceGraph named like the model deploys nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from discovery_support import fake_server, json_answer, mlflow_answer

from modelinv.cli import main

ROOT = Path(__file__).resolve().parents[2]
CATALOG = str(ROOT / "catalog")
MANIFEST = str(ROOT / "examples" / "manifests" / "multi.yaml")
TODAY = "2026-11-26"
ORPHAN = (
    "product-recommender: the catalog says it runs on kserve in production as "
    "ml-serving/inferenceservice/product-recommender, and no manifest deploys it"
)


def _discover(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code = main(["discover", *args, "-e", "production", "--catalog", CATALOG, "--today", TODAY])
    out, err = capsys.readouterr()
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


def _orphans(report: dict[str, Any]) -> list[str]:
    return [i["message"] for i in report["items"] if i["category"] == "orphan"]


def _seen_by(report: dict[str, Any]) -> set[str]:
    return {o["source"] for o in report["observations"] if o["model"] == "product-recommender"}


def test_the_manifests_alone_find_the_orphan(capsys: pytest.CaptureFixture[str]) -> None:
    assert _orphans(_discover(capsys, "--k8s", MANIFEST, "--format", "json")) == [ORPHAN]


def test_a_model_registered_in_mlflow_is_still_deployed_nowhere(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With --mlflow beside --k8s (the weekly discovery job), a registered model of the
    same name hid the orphan: any source's observation counted as a deployment."""
    answer = mlflow_answer(
        [{"name": "product-recommender"}], [{"name": "product-recommender", "version": "1"}]
    )
    with fake_server(answer) as (url, _):
        report = _discover(capsys, "--k8s", MANIFEST, "--mlflow", url, "--format", "json")
    assert _seen_by(report) == {"mlflow"}
    assert _orphans(report) == [ORPHAN]


def test_traffic_in_prometheus_is_no_manifest_either(capsys: pytest.CaptureFixture[str]) -> None:
    series = [{"metric": {"model": "product-recommender"}, "values": [[1795651200, "12"]]}]
    body = {"status": "success", "data": {"resultType": "matrix", "result": series}}
    with fake_server(lambda method, path: json_answer(body)) as (url, _):
        report = _discover(capsys, "--k8s", MANIFEST, "--prometheus", url, "--format", "json")
    assert _seen_by(report) == {"prometheus"}
    assert _orphans(report) == [ORPHAN]


def test_an_inference_graph_named_like_the_model_deploys_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = tmp_path / "graph.yaml"
    graph.write_text(
        "apiVersion: serving.kserve.io/v1alpha1\n"
        "kind: InferenceGraph\n"
        "metadata: {name: product-recommender, namespace: ml-serving}\n"
        "spec:\n"
        "  nodes:\n"
        "    root:\n"
        "      routerType: Sequence\n"
        "      steps: [{serviceName: fraud-detector}]\n"
    )
    report = _discover(capsys, "--k8s", MANIFEST, "--k8s", str(graph), "--format", "json")
    assert _seen_by(report) == {"kubernetes"}
    assert _orphans(report) == [ORPHAN]
