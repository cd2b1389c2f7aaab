"""Discovery on KServe's own sample manifests (vendored, see README.md beside this file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelinv.cli import main
from modelinv.deploy.manifests import ManifestError, load_manifest
from modelinv.discovery.kubernetes import KubernetesSource
from modelinv.discovery.observation import Observation

HERE = Path(__file__).parent
SAMPLES = HERE / "kserve_samples"
FILES = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".yaml", ".yml"))
EXAMPLE_CATALOG = HERE.parent.parent / "catalog"


def _observed() -> dict[tuple[str, str], Observation]:
    found = KubernetesSource([str(SAMPLES)]).observe()
    return {(o.evidence.removeprefix(f"{SAMPLES}/"), o.name): o for o in found}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_every_sample_reads(path: Path) -> None:
    resources = load_manifest(path, only_resources=False)
    assert all(r.position.line >= 1 for r in resources)


def test_the_samples_are_many_and_varied() -> None:
    kinds = {o.kind for o in _observed().values()}
    assert len(FILES) >= 70
    assert kinds == {"InferenceService", "InferenceGraph", "TrainedModel", "LLMInferenceService"}


@pytest.mark.parametrize(
    ("where", "name", "kind", "model_format", "storage_uri"),
    [
        (
            "v1beta1/sklearn/v1/sklearn.yaml:1",
            "sklearn-iris",
            "InferenceService",
            "sklearn",
            "gs://kfserving-examples/models/sklearn/1.0/model",
        ),
        (
            "explanation/art/mnist/art.yaml:1",
            "artserver",
            "InferenceService",
            "sklearn",
            "gs://kfserving-examples/models/sklearn/mnist/art",
        ),
        (
            "multimodelserving/sklearn/trainedmodels.yaml:12",
            "model2-sklearn",
            "TrainedModel",
            "sklearn",
            "gs://kfserving-examples/models/sklearn/1.0/model",
        ),
        (
            "llmisvc/opt-125m-cpu/llm-inference-service-pd-facebook-opt-125m-cpu.yaml:1",
            "facebook-opt-125m-pd",
            "LLMInferenceService",
            "llm",
            "hf://facebook/opt-125m",
        ),
    ],
)
def test_kinds_formats_and_storage(
    where: str, name: str, kind: str, model_format: str, storage_uri: str
) -> None:
    found = _observed()[(where, name)]
    assert (found.kind, found.model_format, found.storage_uri, found.platform) == (
        kind,
        model_format,
        storage_uri,
        "kserve",
    )
    assert not found.router


def test_inference_graphs_route_to_models() -> None:
    observed = _observed()
    splitter = observed[("graph/splitter.yaml:20", "splitter-model")]
    assert splitter.router
    assert splitter.routes == ("sklearn-iris", "xgboost-iris")
    switch = observed[("graph/switch.yaml:43", "model-switch")]
    assert switch.routes == ("single-1", "single-2", "single-3")


def test_minio_deployment_is_not_a_model() -> None:
    observed = _observed()
    assert not [key for key in observed if key[0].startswith("kafka/minio.yaml")]
    assert (SAMPLES / "kafka" / "minio.yaml").read_text().count("kind: Deployment") == 1


def test_discover_reports_them_as_shadow_models(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["discover", "--k8s", str(SAMPLES), "--catalog", str(EXAMPLE_CATALOG), "--format", "json"]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    shadows = {i["model"]: i for i in report["items"] if i["category"] == "shadow"}
    assert f"{SAMPLES}/v1beta1/sklearn/v1/sklearn.yaml:1" in shadows["sklearn-iris"]["evidence"]
    # the switch graph routes to InferenceServices of its own file: the graph adds no shadow
    assert shadows["single-1"]["evidence"] == [f"{SAMPLES}/graph/switch.yaml:1"]
    assert "model-switch" not in shadows
    assert report["summary"]["observations"] == len(report["observations"])


def test_a_template_that_is_not_yaml_is_one_clear_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = HERE / "kserve_invalid" / "bentoml.yaml"
    with pytest.raises(ManifestError, match=r"bentoml\.yaml:10:31: invalid YAML"):
        load_manifest(bad)
    code = main(["discover", "--k8s", str(bad), "--catalog", str(EXAMPLE_CATALOG)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "bentoml.yaml:10:31: invalid YAML" in err
