"""Each export of the example catalog, checked by the format's own schema or validator."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from export_support import (
    EXAMPLE_CATALOG,
    TODAY,
    backstage_validators,
    example,
    kubeflow_validator,
    messages,
    spdx_errors,
)

from modelinv.api import check
from modelinv.checks.engine import Options, load_inventory
from modelinv.exports.base import ExportOptions, rendered
from modelinv.exports.kubeflow_hub import CATALOG_FILE, SOURCES_FILE
from modelinv.exports.registry import EXPORTERS
from modelinv.inventory.inventory import Inventory
from modelinv.model import DataAsset, Model


@pytest.fixture(scope="module")
def loaded() -> tuple[Inventory, ExportOptions]:
    return example()


def _render(loaded: tuple[Inventory, ExportOptions], name: str) -> dict[str, bytes]:
    inventory, options = loaded
    return rendered(EXPORTERS[name], inventory, options)


def _model_count(inventory: Inventory) -> int:
    return sum(1 for _ in inventory.of_kind(Model))


def test_cyclonedx_passes_the_strict_1_6_validator(loaded: tuple[Inventory, ExportOptions]) -> None:
    text = _render(loaded, "cyclonedx")["inventory.cdx.json"].decode()
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    assert error is None, str(error)[:2000]
    bom = json.loads(text)
    models = [c for c in bom["components"] if c["type"] == "machine-learning-model"]
    assert len(models) == _model_count(loaded[0])
    fraud = next(c for c in models if c["bom-ref"] == "model:fraud-detector")
    card = fraud["modelCard"]
    windows = {
        d["name"]: [p["value"] for p in d["contents"]["properties"]]
        for d in card["modelParameters"]["datasets"]
    }
    assert windows["dataset:card-transactions"] == ["2024-07-01", "2026-07-31"]
    assert {"type": "auc", "value": "0.934", "slice": "evaluated 2026-11-02"} in card[
        "quantitativeAnalysis"
    ]["performanceMetrics"]
    assert len(card["considerations"]["technicalLimitations"]) == 4
    assert fraud["authors"] == [{"name": "Ana Lima", "email": "ana.lima@example.com"}]
    assert fraud["supplier"]["name"] == "Payments ML"
    depends = next(d for d in bom["dependencies"] if d["ref"] == "model:fraud-detector")
    assert "model:merchant-embedder" in depends["dependsOn"]
    assert bom["metadata"]["timestamp"] == "2026-11-26T00:00:00Z"


def test_cyclonedx_validator_rejects_a_broken_bom(loaded: tuple[Inventory, ExportOptions]) -> None:
    """The validator is really strict: a field the schema does not know fails."""
    bom = json.loads(_render(loaded, "cyclonedx")["inventory.cdx.json"])
    bom["components"][0]["lifecycle"] = "production"
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(bom)) is not None


def test_spdx_passes_the_official_3_0_1_schema(loaded: tuple[Inventory, ExportOptions]) -> None:
    document = json.loads(_render(loaded, "spdx")["inventory.spdx.json"])
    assert spdx_errors(document) == []
    graph = document["@graph"]
    packages = {e["spdxId"]: e for e in graph if e["type"] == "ai_AIPackage"}
    assert len(packages) == _model_count(loaded[0])
    fraud = packages["urn:modelinv:model:fraud-detector"]
    assert fraud["ai_safetyRiskAssessment"] == "high"
    assert fraud["ai_standardCompliance"] == ["eu-ai-act", "pci-dss", "gdpr", "psd2"]
    assert {"type": "DictionaryEntry", "key": "auc", "value": "0.934"} in fraud["ai_metric"]
    assert fraud["suppliedBy"] == "urn:modelinv:team:payments-ml"
    datasets = [e for e in graph if e["type"] == "dataset_DatasetPackage"]
    assert len(datasets) == sum(1 for _ in loaded[0].of_kind(DataAsset))
    trained = [
        e
        for e in graph
        if e["type"] == "Relationship"
        and e["from"] == "urn:modelinv:model:fraud-detector"
        and e["relationshipType"] == "trainedOn"
    ]
    assert {"urn:modelinv:dataset:card-transactions"} in [set(e["to"]) for e in trained]


def test_spdx_schema_rejects_a_wrong_risk(loaded: tuple[Inventory, ExportOptions]) -> None:
    document = json.loads(_render(loaded, "spdx")["inventory.spdx.json"])
    package = next(e for e in document["@graph"] if e["type"] == "ai_AIPackage")
    package["ai_safetyRiskAssessment"] = "unacceptable"
    assert spdx_errors(document) != []


def test_backstage_entities_pass_the_kind_schemas(loaded: tuple[Inventory, ExportOptions]) -> None:
    text = _render(loaded, "backstage")["catalog-info.yaml"]
    documents = list(yaml.safe_load_all(text))
    validators = backstage_validators()
    problems = [
        f"{d['kind']} {d['metadata']['name']}: {m}"
        for d in documents
        for m in messages(validators[d["kind"]], d)
    ]
    assert problems == []
    kinds = {d["kind"] for d in documents}
    assert kinds == {"Resource", "Group", "API", "Component"}
    by_name = {(d["kind"], d["metadata"]["name"]): d for d in documents}
    fraud = by_name[("Resource", "fraud-detector")]
    assert fraud["spec"]["owner"] == "group:payments-ml"
    assert "resource:merchant-embedder" in fraud["spec"]["dependsOn"]
    api = by_name[("API", "fraud-detector-production")]
    assert api["spec"]["type"] == "ai-model-server"
    assert api["spec"]["remotes"][0]["url"] == "https://ml.example.com/v1/models/fraud-detector"
    checkout = by_name[("Component", "checkout-api")]
    assert "api:fraud-detector-production" in checkout["spec"]["consumesApis"]


def test_backstage_names_apart_a_data_asset_that_shares_a_models_id(tmp_path: Path) -> None:
    """Ids are unique per kind, Resource names per catalog: a dataset named like a model
    made two `Resource/fraud-detector` entities and an ambiguous `dependsOn`."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    asset = (catalog / "data" / "chargebacks.yaml").read_text(encoding="utf-8")
    (catalog / "data" / "fraud-detector.yaml").write_text(
        asset.replace("name: chargebacks", "name: fraud-detector"), encoding="utf-8"
    )
    model = catalog / "models" / "credit-scorer.yaml"
    text = model.read_text(encoding="utf-8")
    both = "  upstream:\n    - dataset:fraud-detector\n    - model:fraud-detector\n"
    model.write_text(text.replace("  upstream:\n", both, 1), encoding="utf-8")
    inventory = load_inventory(catalog, Options(today=TODAY, jobs=1))
    codes = {f.code for f in check(inventory).findings}
    assert not codes & {"REF001", "ID003"}  # both references resolve; no id twice
    files = rendered(EXPORTERS["backstage"], inventory, ExportOptions(today=TODAY))
    documents = list(yaml.safe_load_all(files["catalog-info.yaml"]))
    keys = [(d["kind"], d["metadata"]["name"]) for d in documents]
    assert len(keys) == len(set(keys))
    by_name = dict(zip(keys, documents, strict=True))
    renamed = by_name[("Resource", "fraud-detector-dataset")]
    assert renamed["metadata"]["annotations"]["modelinv.io/ref"] == "dataset:fraud-detector"
    assert by_name[("Resource", "fraud-detector")]["spec"]["type"] == "ai-model"
    depends = by_name[("Resource", "credit-scorer")]["spec"]["dependsOn"]
    assert {"resource:fraud-detector-dataset", "resource:fraud-detector"} <= set(depends)
    validators = backstage_validators()
    assert [m for d in documents for m in messages(validators[d["kind"]], d)] == []


def test_spdx_names_no_supplier_the_document_lacks(tmp_path: Path) -> None:
    """A team whose file fails validation is left out, and so is its Organization: every
    model and data asset it owns still named it `suppliedBy`, an element the document
    lacked, as a relationship to it would have been."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    team = catalog / "teams" / "payments-ml.yaml"
    text = team.read_text(encoding="utf-8")
    team.write_text(text.replace("  title: Payments ML\n", "  title: Payments ML\n  x: 1\n"))
    inventory = load_inventory(catalog, Options(today=TODAY, jobs=1))
    assert "teams/payments-ml.yaml" in {e.rel for e in inventory.left_out()}
    spdx = json.loads(
        rendered(EXPORTERS["spdx"], inventory, ExportOptions(today=TODAY))["inventory.spdx.json"]
    )
    graph = spdx["@graph"]
    ids = {e["spdxId"] for e in graph if "spdxId" in e}
    suppliers = {e["spdxId"]: e.get("suppliedBy") for e in graph if "software_primaryPurpose" in e}
    assert suppliers["urn:modelinv:model:fraud-detector"] is None
    assert suppliers["urn:modelinv:model:credit-scorer"] == "urn:modelinv:team:risk-platform"
    assert {s for s in suppliers.values() if s is not None} <= ids
    assert spdx_errors(spdx) == []


def _fraud_detector_edited(tmp_path: Path, edit: Callable[[str], str]) -> Inventory:
    """The example catalog, copied, with `edit` applied to fraud-detector's file, loaded."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    model = catalog / "models" / "fraud-detector.yaml"
    model.write_text(edit(model.read_text(encoding="utf-8")), encoding="utf-8")
    return load_inventory(catalog, Options(today=TODAY, jobs=1))


def test_two_deployments_in_one_environment_are_named_apart(tmp_path: Path) -> None:
    """A model served in two regions of production made two `API/fraud-detector-production`
    entities (one entity to Backstage, which refuses the second) and two Kubeflow Hub
    model artifacts of one name."""
    second = (
        "  deployments:\n"
        "    - environment: production\n"
        "      platform: kserve\n"
        "      location: aws/us-east-1/ml-serving-prod\n"
        '      endpoint: "https://ml.us.example.com/v1/models/fraud-detector"\n'
    )
    inventory = _fraud_detector_edited(
        tmp_path, lambda text: text.replace("  deployments:\n", second, 1)
    )
    options = ExportOptions(today=TODAY)
    backstage = rendered(EXPORTERS["backstage"], inventory, options)["catalog-info.yaml"]
    documents = list(yaml.safe_load_all(backstage))
    keys = [(d["kind"], d["metadata"]["name"]) for d in documents]
    assert len(keys) == len(set(keys))
    apis = {
        d["metadata"]["name"]: d["spec"]["remotes"][0]["url"]
        for d in documents
        if d["kind"] == "API" and d["metadata"]["name"].startswith("fraud-detector-")
    }
    assert apis == {
        "fraud-detector-production": "https://ml.us.example.com/v1/models/fraud-detector",
        "fraud-detector-production-2": "https://ml.example.com/v1/models/fraud-detector",
        "fraud-detector-staging": "https://ml-staging.example.com/v1/models/fraud-detector",
    }
    by_name = dict(zip(keys, documents, strict=True))
    fraud = by_name[("Resource", "fraud-detector")]
    assert sorted(fraud["spec"]["dependencyOf"]) == sorted(f"api:{name}" for name in apis)
    checkout = by_name[("Component", "checkout-api")]["spec"]["consumesApis"]
    assert {f"api:{name}" for name in apis} <= set(checkout)
    validators = backstage_validators()
    assert [m for d in documents for m in messages(validators[d["kind"]], d)] == []
    hub = yaml.safe_load(rendered(EXPORTERS["kubeflow-hub"], inventory, options)[CATALOG_FILE])
    entry = next(m for m in hub["models"] if m["externalId"] == "model:fraud-detector")
    names = [a["name"] for a in entry["artifacts"] if a["artifactType"] == "model-artifact"]
    assert names == list(apis)


def test_linked_formats_link_only_what_they_hold(tmp_path: Path) -> None:
    """A model whose file fails validation is left out: SPDX kept a relationship to its
    element, which the document lacked, and Backstage a `dependsOn` naming no entity."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    broken = catalog / "models" / "merchant-embedder.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("lifecycle: production", "lifecycle: prod"),
        encoding="utf-8",
    )
    inventory = load_inventory(catalog, Options(today=TODAY, jobs=1))
    assert "model:merchant-embedder" in inventory.related("model:fraud-detector", "dependsOn")
    options = ExportOptions(today=TODAY)
    spdx = json.loads(b"".join(rendered(EXPORTERS["spdx"], inventory, options).values()))
    graph = spdx["@graph"]
    ids = {e["spdxId"] for e in graph if "spdxId" in e}
    targets = {t for e in graph if e["type"] == "Relationship" for t in e["to"]}
    assert targets and targets <= ids
    assert spdx_errors(spdx) == []
    files = rendered(EXPORTERS["backstage"], inventory, options)
    documents = list(yaml.safe_load_all(files["catalog-info.yaml"]))
    resources = {f"resource:{d['metadata']['name']}" for d in documents if d["kind"] == "Resource"}
    depends = {r for d in documents for r in d["spec"].get("dependsOn", ())}
    assert depends and depends <= resources
    bom = json.loads(b"".join(rendered(EXPORTERS["cyclonedx"], inventory, options).values()))
    refs = {c["bom-ref"] for c in bom["components"]}
    assert {r for d in bom["dependencies"] for r in d.get("dependsOn", ())} <= refs


def test_yaml_formats_stay_readable_with_any_character_a_catalog_allows(tmp_path: Path) -> None:
    """Free text may hold U+FFFF or U+2028 (only ids refuse them): Backstage's and Kubeflow
    Hub's files held them raw, and a YAML reader refused the whole file for U+FFFF."""
    odd = 'title: Card Fraud Detector\n  description: "odd \\uFFFF \\uFFFE \\u2028 \\uFEFF end"\n'
    folded = r"title: Card Fraud Detector\n  description: >-\n(    .*\n)+"
    inventory = _fraud_detector_edited(tmp_path, lambda text: re.sub(folded, lambda _: odd, text))
    entity = next(m for e, m in inventory.of_kind(Model) if e.name == "fraud-detector")
    description = "odd \uffff \ufffe \u2028 \ufeff end"
    assert entity.metadata.description == description
    options = ExportOptions(today=TODAY)
    backstage = rendered(EXPORTERS["backstage"], inventory, options)["catalog-info.yaml"]
    documents = list(yaml.safe_load_all(backstage))
    fraud = next(d for d in documents if d["metadata"]["name"] == "fraud-detector")
    assert fraud["metadata"]["description"] == description
    validators = backstage_validators()
    assert [m for d in documents for m in messages(validators[d["kind"]], d)] == []
    hub = yaml.safe_load(rendered(EXPORTERS["kubeflow-hub"], inventory, options)[CATALOG_FILE])
    fraud = next(m for m in hub["models"] if m["externalId"] == "model:fraud-detector")
    assert fraud["description"] == description


def test_backstage_schema_rejects_a_group_without_children() -> None:
    group = {"apiVersion": "backstage.io/v1alpha1", "kind": "Group",
             "metadata": {"name": "x"}, "spec": {"type": "team"}}  # fmt: skip
    assert messages(backstage_validators()["Group"], group) != []


def test_kubeflow_hub_catalog_matches_the_openapi_schemas(
    loaded: tuple[Inventory, ExportOptions],
) -> None:
    files = _render(loaded, "kubeflow-hub")
    assert list(files) == [CATALOG_FILE, SOURCES_FILE]
    catalog = yaml.safe_load(files[CATALOG_FILE])
    assert set(catalog) == {"source", "models"}
    model_schema = kubeflow_validator("CatalogModel")
    artifact_schema = kubeflow_validator("CatalogArtifact")
    problems = []
    for model in catalog["models"]:
        body = {k: v for k, v in model.items() if k != "artifacts"}
        problems += [f"{model['name']}: {m}" for m in messages(model_schema, body)]
        for artifact in model.get("artifacts", []):
            problems += [
                f"{model['name']} artifact: {m}" for m in messages(artifact_schema, artifact)
            ]
    assert problems == []
    assert len(catalog["models"]) == _model_count(loaded[0])
    fraud = next(m for m in catalog["models"] if m["externalId"] == "model:fraud-detector")
    assert fraud["name"] == "payments-ml/fraud-detector"
    assert fraud["customProperties"]["lifecycle"]["string_value"] == "production"
    assert fraud["customProperties"]["metric_auc"]["double_value"] == 0.934
    sources = yaml.safe_load(files[SOURCES_FILE])
    (source,) = sources["model_catalogs"]
    assert (
        messages(
            kubeflow_validator("CatalogSource"),
            {k: v for k, v in source.items() if k not in ("type", "properties")},
        )
        == []
    )
    assert source["type"] == "yaml"
    assert source["properties"] == {"yamlCatalogPath": CATALOG_FILE}


def test_kubeflow_hub_metrics_in_exponent_form_are_numbers(tmp_path: Path) -> None:
    """A metric of 0.00008 was written `double_value: 8e-05`, a string to a YAML 1.1 reader
    (PyYAML), which the schema's `type: number` refuses."""
    inventory = _fraud_detector_edited(
        tmp_path, lambda text: text.replace("value: 0.08\n", "value: 0.00008\n", 1)
    )
    files = rendered(EXPORTERS["kubeflow-hub"], inventory, ExportOptions(today=TODAY))
    hub = yaml.safe_load(files[CATALOG_FILE])
    fraud = next(m for m in hub["models"] if m["externalId"] == "model:fraud-detector")
    value = fraud["customProperties"]["metric_false-decline-rate-pct"]
    assert value == {"metadataType": "MetadataDoubleValue", "double_value": 0.00008}
    schema = kubeflow_validator("CatalogModel")
    assert messages(schema, {k: v for k, v in fraud.items() if k != "artifacts"}) == []
    metrics = fraud["artifacts"][-1]
    assert messages(kubeflow_validator("CatalogArtifact"), metrics) == []


def test_kubeflow_hub_keeps_every_metric_and_threshold(tmp_path: Path) -> None:
    """A metric named like another's threshold (`auc_threshold`) was overwritten in the
    metrics artifact by that threshold, and a metric named twice by the second one."""
    more = (
        "  metrics:\n"
        "    - {name: auc_threshold, value: 0.5, evaluated: 2026-11-02}\n"
        "    - {name: auc, value: 0.93, threshold: 0.91, evaluated: 2026-11-01}\n"
    )
    inventory = _fraud_detector_edited(tmp_path, lambda text: text.replace("  metrics:\n", more, 1))
    files = rendered(EXPORTERS["kubeflow-hub"], inventory, ExportOptions(today=TODAY))
    hub = yaml.safe_load(files[CATALOG_FILE])
    fraud = next(m for m in hub["models"] if m["externalId"] == "model:fraud-detector")
    artifact = fraud["artifacts"][-1]
    assert artifact["artifactType"] == "metrics-artifact"
    values = {k: v["double_value"] for k, v in artifact["customProperties"].items()}
    assert values == {
        "auc_threshold": 0.5,
        "auc": 0.93,
        "auc_2": 0.934,
        "recall-at-0.1pct-fpr": 0.712,
        "false-decline-rate-pct": 0.08,
        "auc_threshold_2": 0.91,
        "auc_2_threshold": 0.9,
        "recall-at-0.1pct-fpr_threshold": 0.65,
        "false-decline-rate-pct_threshold": 0.12,
    }
    model_values = {
        k: v["double_value"]
        for k, v in fraud["customProperties"].items()
        if k.startswith("metric_")
    }
    assert model_values == {
        "metric_auc_threshold": 0.5,
        "metric_auc": 0.93,
        "metric_auc_2": 0.934,
        "metric_recall-at-0.1pct-fpr": 0.712,
        "metric_false-decline-rate-pct": 0.08,
    }
    assert messages(kubeflow_validator("CatalogArtifact"), artifact) == []


def test_kubeflow_schema_rejects_an_unknown_field() -> None:
    assert messages(kubeflow_validator("CatalogModel"), {"name": "a/b", "owner": "x"}) != []


def test_sqlite_tables_search_and_findings(loaded: tuple[Inventory, ExportOptions]) -> None:
    data = _render(loaded, "sqlite")["inventory.sqlite"]
    db = sqlite3.connect(":memory:")
    db.deserialize(data)
    count = db.execute("SELECT count(*) FROM models").fetchone()[0]
    assert count == _model_count(loaded[0])
    owner = db.execute("SELECT owner FROM models WHERE id = 'fraud-detector'").fetchone()
    assert owner == ("team:payments-ml",)
    relations = db.execute(
        "SELECT target FROM relations"
        " WHERE source = 'model:fraud-detector' AND relation = 'dependsOn'"
    ).fetchall()
    assert ("model:merchant-embedder",) in relations
    assert db.execute("SELECT count(*) FROM health").fetchone()[0] == count
    assert db.execute("SELECT count(*) FROM search WHERE search MATCH 'fraud'").fetchone()[0] > 0
    findings = db.execute("SELECT count(*) FROM findings").fetchone()[0]
    assert findings == len(loaded[1].findings)


def test_csv_has_one_row_per_model(loaded: tuple[Inventory, ExportOptions]) -> None:
    text = _render(loaded, "csv")["models.csv"].decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == _model_count(loaded[0])
    fraud = next(r for r in rows if r["id"] == "fraud-detector")
    assert fraud["owner"] == "team:payments-ml"
    assert fraud["monthly_cost"] == "4200"


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_same_catalog_same_bytes(name: str) -> None:
    """Two independent loads and renders give identical bytes (no clock, no randomness)."""
    first, second = example(), example()
    made = rendered(EXPORTERS[name], *first)
    assert made == rendered(EXPORTERS[name], *second)
    assert all(made.values())
