"""Finding the models a Kubernetes manifest deploys (fixtures in tests/deploy/gate/manifests/)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelinv.deploy.manifests import ManifestError, Resource, load_manifest, parse_manifest

MANIFESTS = Path(__file__).parent / "gate" / "manifests"


def _load(name: str) -> list[Resource]:
    return load_manifest(MANIFESTS / name, name)


def _summary(resources: list[Resource]) -> list[tuple[str, str | None, str, str]]:
    return [(r.kind, r.name, r.model, r.found_by) for r in resources]


def test_inferenceservice_label() -> None:
    [resource] = _load("inferenceservice.yaml")
    assert (resource.kind, resource.name, resource.model) == (
        "InferenceService",
        "fraud-detector-v7",
        "fraud-detector",
    )
    assert resource.found_by == "metadata.labels"
    assert str(resource.position) == "inferenceservice.yaml:1:1"
    assert str(resource.declarations[0].position) == "inferenceservice.yaml:7:24"


def test_falls_back_to_the_resource_name() -> None:
    assert _summary(_load("shadow.yaml")) == [
        ("InferenceService", "shadow-scorer", "shadow-scorer", "metadata.name")
    ]


def test_multi_document_checks_model_serving_resources_only() -> None:
    assert _summary(_load("multi.yaml")) == [
        ("Deployment", "fraud-api", "fraud-detector", "spec.template.metadata.labels"),
        ("InferenceService", "ranker", "ranker-staging", "metadata.annotations"),
    ]


def test_list_items() -> None:
    [resource] = _load("list.yaml")
    assert (resource.kind, resource.model, resource.found_by) == (
        "InferenceService",
        "churn-sandbox",
        "metadata.name",
    )
    assert str(resource.position) == "list.yaml:18:5"


def test_a_plain_deployment_is_infrastructure_not_a_model() -> None:
    # The gate used to call every Deployment a shadow model, blocking MinIO, Redis, ...
    deployment = (
        b"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: minio}\n"
        b"spec: {template: {metadata: {labels: {app: minio}}}}\n"
    )
    assert parse_manifest(deployment, "x.yaml") == []
    assert parse_manifest(b"kind: Deployment\nmetadata: {}\n", "x.yaml") == []


def test_merge_keys_are_applied() -> None:
    assert _summary(_load("merge-keys.yaml")) == [
        ("ConfigMap", "common", "fraud-detector", "metadata.labels"),
        ("InferenceService", "fraud-detector-canary", "fraud-detector", "metadata.labels"),
    ]


def test_label_wins_over_annotation_and_template() -> None:
    [resource] = parse_manifest(
        b"kind: Deployment\n"
        b"metadata:\n"
        b"  name: api\n"
        b"  annotations: {modelinv.io/model: from-annotation}\n"
        b"  labels: {modelinv.io/model: from-label}\n"
        b"spec:\n"
        b"  template:\n"
        b"    metadata:\n"
        b"      labels: {modelinv.io/model: from-template}\n",
        "x.yaml",
    )
    assert resource.model == "from-label"
    assert [d.where for d in resource.declarations] == [
        "metadata.labels",
        "metadata.annotations",
        "spec.template.metadata.labels",
    ]
    assert resource.conflicting


def test_conflicting_declarations_are_kept() -> None:
    [resource] = _load("conflicting.yaml")
    assert resource.conflicting
    assert [(d.value, d.where) for d in resource.declarations] == [
        ("fraud-detector", "metadata.labels"),
        ("shadow-scorer", "spec.template.metadata.labels"),
    ]


def test_other_kinds_with_the_key_are_checked() -> None:
    [resource] = parse_manifest(
        b"kind: StatefulSet\nmetadata: {name: s}\n"
        b"spec: {template: {metadata: {annotations: {modelinv.io/model: m}}}}\n",
        "x.yaml",
    )
    assert (resource.model, resource.found_by) == ("m", "spec.template.metadata.annotations")


def test_no_model_serving_resource() -> None:
    assert _load("no-models.yaml") == []
    assert parse_manifest(b"", "empty.yaml") == []
    assert parse_manifest(b"---\n---\n", "empty.yaml") == []


def test_hostile_tag_is_never_constructed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _summary(_load("python-tag.yaml")) == [
        ("InferenceService", "fraud-detector", "fraud-detector", "metadata.name")
    ]
    assert list(tmp_path.iterdir()) == []


def test_broken_yaml_has_a_position() -> None:
    with pytest.raises(ManifestError, match=r"^broken\.yaml:6:5: invalid YAML: expected ','"):
        _load("broken.yaml")


def test_a_label_must_be_a_string() -> None:
    with pytest.raises(
        ManifestError,
        match=r"^not-a-string\.yaml:6:24: metadata\.labels\['modelinv\.io/model'\] must be a "
        r"string; quote the value$",
    ):
        _load("not-a-string.yaml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"kind: List\nitems: 3\n", "x.yaml:2:8: 'items' is not a list"),
        (b"- a\n- b\n", "x.yaml:1:1: not a Kubernetes resource"),
        (b"metadata: {name: a}\n", "x.yaml:1:1: a resource without 'kind'"),
        (
            b"apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {}\n",
            "x.yaml:1:1: InferenceService has no metadata.name",
        ),
        (b"kind: Deployment\nmetadata: [a]\n", "x.yaml:2:11: expected a mapping"),
        (
            b"kind: Deployment\nmetadata: {labels: {modelinv.io/model: m, modelinv.io/model: n}}\n",
            "x.yaml:2:62: duplicate key 'modelinv.io/model'",
        ),
        (b"kind: Deployment\nkind: Service\n", "x.yaml:2:7: duplicate key 'kind'"),
        (
            b"kind: TrainedModel\napiVersion: serving.kserve.io/v1alpha1\nmetadata: {name: ''}\n",
            "x.yaml:3:18: name is empty",
        ),
        (
            b"kind: Model\napiVersion: mlops.seldon.io/v1alpha1\nmetadata: {name: 7}\n",
            "x.yaml:3:18: name must be a string",
        ),
        (b"kind: x\x00\n", "x.yaml:1:8: invalid YAML: special characters are not allowed"),
        (b"kind: Deployment\n\xff\n", "x.yaml:2:1: not UTF-8 text"),
        (b"a: [" * 2000, "x.yaml: invalid YAML: nesting too deep"),
    ],
)
def test_usage_errors(data: bytes, message: str) -> None:
    with pytest.raises(ManifestError) as caught:
        parse_manifest(data, "x.yaml")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_nested_lists_are_bounded() -> None:
    data = b"kind: List\nitems:\n" + b"".join(
        b"  " * depth + b"- kind: List\n" + b"  " * depth + b"  items:\n" for depth in range(6)
    )
    with pytest.raises(ManifestError, match="Lists nested too deep"):
        parse_manifest(data, "x.yaml")


def test_load_refuses_what_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="cannot read manifest"):
        load_manifest(tmp_path / "missing.yaml")
    with pytest.raises(ManifestError, match="not a regular file"):
        load_manifest(tmp_path)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ManifestError, match="not a regular file"):
        load_manifest(fifo)


def test_load_follows_a_symlink_named_by_the_user(tmp_path: Path) -> None:
    link = tmp_path / "deploy.yaml"
    link.symlink_to(MANIFESTS / "shadow.yaml")
    assert [r.model for r in load_manifest(link)] == ["shadow-scorer"]


HELM_NAME = b"""\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: {{ .Values.name }}
"""
HELM_LABELS = b"""\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud-detector-v7
  labels: {{ .Values.labels }}
"""
HELM_IF = b"""\
# Source: fraud/templates/isvc.yaml
{{- if .Values.enabled }}
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: fraud-detector
{{- end }}
"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (HELM_NAME, "x.yaml:4:9: name is an unrendered Helm or Go template; render it first"),
        # the labels were skipped: the gate judged metadata.name, not the model they name
        (HELM_LABELS, "x.yaml:5:11: this value is an unrendered Helm or Go template"),
        (
            HELM_IF,
            "x.yaml:2:3: invalid YAML: expected the node content, but found '-' (line 2 "
            "holds '{{': an unrendered Helm or Go template; render it first (helm template",
        ),
    ],
    ids=["name", "labels", "if"],
)
def test_an_unrendered_helm_template_says_render_it_first(data: bytes, message: str) -> None:
    """`name: {{ .Values.name }}` was answered 'must be a string; quote the value': quoting
    it would gate a model named '{{ .Values.name }}'."""
    with pytest.raises(ManifestError) as caught:
        parse_manifest(data, "x.yaml")
    assert str(caught.value).startswith(message)
