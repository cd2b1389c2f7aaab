"""The kinds discovery recognises besides KServe's samples: Seldon Core v1 and v2, Kubeflow
Hub's registry labels, labelled workloads; and what it must not take for a model."""

from __future__ import annotations

from modelinv.deploy.manifests import parse_manifest
from modelinv.discovery.kubernetes import observation

SELDON_V2 = b"""\
apiVersion: mlops.seldon.io/v1alpha1
kind: Model
metadata:
  name: iris
  namespace: seldon-mesh
  annotations: {modelinv.io/owner: payments-ml}
spec:
  storageUri: "gs://seldon-models/scv2/samples/mlserver_1.3.5/iris-sklearn"
  requirements:
  - sklearn
  memory: 100Ki
"""

SELDON_V1 = b"""\
apiVersion: machinelearning.seldon.io/v1
kind: SeldonDeployment
metadata:
  name: sklearn
spec:
  predictors:
  - graph:
      name: classifier
      implementation: SKLEARN_SERVER
      modelUri: gs://seldon-models/v1.19.0/sklearn/iris
    name: default
    replicas: 1
"""

KUBEFLOW_HUB = b"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: churn-server
  labels:
    modelregistry.kubeflow.org/registered-model-id: "7"
    modelregistry.kubeflow.org/model-version-id: "12"
  annotations:
    modelregistry.kubeflow.org/model-name: churn-predictor
spec:
  template: {metadata: {labels: {app: churn}}}
"""

INFRASTRUCTURE = b"""\
apiVersion: apps/v1
kind: Deployment
metadata: {name: feature-server, labels: {app: feast}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis}
---
apiVersion: serving.kserve.io/v1alpha1
kind: ClusterServingRuntime
metadata: {name: kserve-sklearnserver}
---
apiVersion: other.example.com/v1
kind: Model
metadata: {name: not-seldon}
"""


def test_seldon_core_v2_model() -> None:
    [found] = [observation(r, "m.yaml") for r in parse_manifest(SELDON_V2, "m.yaml")]
    assert (found.kind, found.model, found.platform, found.model_format) == (
        "Model",
        "iris",
        "seldon",
        "sklearn",
    )
    assert found.storage_uri == "gs://seldon-models/scv2/samples/mlserver_1.3.5/iris-sklearn"
    assert (found.owner, found.resource, found.evidence) == (
        "team:payments-ml",
        "seldon-mesh/model/iris",
        "m.yaml:1",
    )


def test_seldon_core_v1_deployment() -> None:
    [found] = [observation(r, "s.yaml") for r in parse_manifest(SELDON_V1, "s.yaml")]
    assert (found.kind, found.model, found.model_format, found.storage_uri) == (
        "SeldonDeployment",
        "sklearn",
        "SKLEARN_SERVER",
        "gs://seldon-models/v1.19.0/sklearn/iris",
    )


def test_kubeflow_hub_labels_make_a_workload_a_model() -> None:
    [resource] = parse_manifest(KUBEFLOW_HUB, "k.yaml")
    found = observation(resource, "k.yaml")
    assert (found.model, resource.found_by, found.version) == (
        "churn-predictor",
        "modelregistry.kubeflow.org/model-name",
        "12",
    )
    assert resource.serving.registry_model == "7"


def test_infrastructure_is_not_a_model() -> None:
    assert parse_manifest(INFRASTRUCTURE, "i.yaml") == []
