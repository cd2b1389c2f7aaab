"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles: every model an `ai_AIPackage`,
every data asset a `dataset_DatasetPackage`, teams as `Organization`s that supply them,
training data and upstream dependencies as `Relationship`s (training windows as their
start and end times).

Checked in the tests against the official SPDX 3.0.1 JSON schema
(https://spdx.org/schema/3.0.1/spdx-json-schema.json, vendored under tests/exports/vendor).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from modelinv.exports.base import (
    TOOL,
    ContentDigest,
    ExportOptions,
    Inventory,
    Lines,
    catalog_name,
    compact_json,
    export_date,
    json_pieces,
    number_text,
    stable_uuid,
)
from modelinv.model import DataAsset, Model, Team

SPEC_VERSION = "3.0.1"
CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
CREATION = "_:creationinfo"
# EU AI Act tiers onto SPDX's safetyRiskAssessment scale.
RISK = {"minimal": "low", "limited": "medium", "high": "high", "unacceptable": "serious"}
# Catalog lifecycle onto SPDX's supportLevel.
SUPPORT = {
    "development": "development",
    "staging": "development",
    "production": "support",
    "deprecated": "limitedSupport",
    "archived": "endOfSupport",
}
DATASET_TYPE = {"stream": "timeseries"}  # everything else: SPDX's noAssertion


def iri(ref: str) -> str:
    """An element id: `urn:modelinv:<reference>`, stable across runs."""
    return f"urn:modelinv:{ref}"


def _time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


class SpdxExporter:
    name = "spdx"
    filename = "inventory.spdx.json"
    files: tuple[str, ...] = (filename,)
    summary = "SPDX 3.0.1 JSON-LD with the AI and Dataset profiles"
    binary = False

    def render(self, inventory: Inventory, options: ExportOptions) -> dict[str, Iterable[bytes]]:
        return {
            self.filename: json_pieces(
                [("@context", CONTEXT), ("@graph", Lines(self._graph(inventory, options)))]
            )
        }

    def _graph(self, inventory: Inventory, options: ExportOptions) -> Iterator[str]:
        """The graph's elements' lines as they are made, then the document, whose id is a
        digest of all the others (`content_digest` of the list of them)."""
        tool = iri(f"tool:{TOOL}")
        digest = ContentDigest()
        roots: list[str] = []
        elements: list[str] = []
        count = 0

        def line(element: dict[str, Any]) -> str:
            nonlocal count
            digest.text("[" if count == 0 else ",")
            digest.value(element)
            count += 1
            if "spdxId" in element and element["spdxId"] != tool:
                elements.append(element["spdxId"])
            return compact_json(element)

        yield line(
            {
                "type": "CreationInfo",
                "@id": CREATION,
                "specVersion": SPEC_VERSION,
                "created": _time(export_date(inventory, options)),
                "createdBy": [tool],
            }
        )
        yield line({"type": "Tool", "spdxId": tool, "creationInfo": CREATION, "name": TOOL})
        # What the graph holds: a relationship or a supplier only names these (a reference
        # to a missing entity, or to a file left out, named no element of the document).
        exported = {e.ref for e in inventory.distinct() if e.kind in _ELEMENT_KINDS and e.ref}
        for entry, entity in inventory.valid():
            if entry.ref is None:
                continue
            if isinstance(entity, Team):
                yield line(_organization(entry.ref, entity))
            elif isinstance(entity, Model):
                roots.append(iri(entry.ref))
                yield line(_model(entry.ref, entity, inventory, exported))
                for relation in _relationships(entry.ref, entity, inventory, exported):
                    yield line(relation)
            elif isinstance(entity, DataAsset):
                yield line(_dataset(entry.ref, entity, exported))
        digest.text("]")
        yield compact_json(
            {
                "type": "SpdxDocument",
                "spdxId": iri(f"document:{stable_uuid('spdx', digest.hexdigest())}"),
                "creationInfo": CREATION,
                "name": f"model inventory {catalog_name(inventory)}",
                "profileConformance": ["ai", "core", "dataset", "software"],
                "rootElement": roots,
                "element": sorted(elements),
            }
        )


def _organization(ref: str, team: Team) -> dict[str, Any]:
    return {
        "type": "Organization",
        "spdxId": iri(ref),
        "creationInfo": CREATION,
        "name": team.metadata.title,
    }


def _element(ref: str, kind: str, entity: Model | DataAsset, exported: set[str]) -> dict[str, Any]:
    meta = entity.metadata
    element: dict[str, Any] = {
        "type": kind,
        "spdxId": iri(ref),
        "creationInfo": CREATION,
        "name": meta.title,
    }
    if meta.description:
        element["description"] = meta.description
    if entity.spec.owner in exported:  # not a team the document lacks (missing, left out)
        element["suppliedBy"] = iri(entity.spec.owner)
    return element


def _model(ref: str, model: Model, inventory: Inventory, exported: set[str]) -> dict[str, Any]:
    spec = model.spec
    element = _element(ref, "ai_AIPackage", model, exported)
    element["software_primaryPurpose"] = "model"
    element["supportLevel"] = [SUPPORT[spec.lifecycle]]
    if spec.created:
        element["releaseTime"] = _time(spec.created)
    if spec.retraining and spec.retraining.last_retrained:
        element["builtTime"] = _time(spec.retraining.last_retrained)
    if spec.deprecation:
        element["validUntilTime"] = _time(spec.deprecation.decommission)
    if spec.documentation:
        element["software_homePage"] = spec.documentation.url
    if model.metadata.tags:
        element["ai_domain"] = list(model.metadata.tags)
    if spec.limitations:
        element["ai_limitation"] = "\n".join(spec.limitations)
    metrics = spec.metrics or ()
    if metrics:
        element["ai_metric"] = [_entry(m.name, number_text(m.value)) for m in metrics]
        thresholds = [
            _entry(m.name, number_text(m.threshold)) for m in metrics if m.threshold is not None
        ]
        if thresholds:
            element["ai_metricDecisionThreshold"] = thresholds
    if spec.compliance:
        element["ai_safetyRiskAssessment"] = RISK[spec.compliance.risk_level]
        if spec.compliance.regulations:
            element["ai_standardCompliance"] = list(spec.compliance.regulations)
    consumers = inventory.related(ref, "consumedBy")
    if consumers:
        element["ai_informationAboutApplication"] = "Used by " + ", ".join(consumers)
    return element


def _entry(key: str, value: str) -> dict[str, str]:
    return {"type": "DictionaryEntry", "key": key, "value": value}


def _dataset(ref: str, asset: DataAsset, exported: set[str]) -> dict[str, Any]:
    element = _element(ref, "dataset_DatasetPackage", asset, exported)
    element["software_primaryPurpose"] = "data"
    element["dataset_datasetType"] = [DATASET_TYPE.get(asset.spec.type, "noAssertion")]
    element["comment"] = f"{asset.spec.type} at {asset.spec.location} ({asset.spec.status})"
    return element


_ELEMENT_KINDS = ("Team", "Model", "DataAsset")  # the kinds the graph has elements of


def _relationships(
    ref: str, model: Model, inventory: Inventory, exported: set[str]
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for index, data in enumerate(model.spec.training_data or ()):
        target = inventory.canonical(data.source)
        if target is None or target not in exported:
            continue
        relation = _relation(f"{ref}/trainedOn/{index}", ref, "trainedOn", [target])
        relation["startTime"] = _time(data.from_)
        if data.to is not None:
            relation["endTime"] = _time(data.to)
        found.append(relation)
    upstream = [r for r in inventory.related(ref, "dependsOn") if r in exported]
    if upstream:
        found.append(_relation(f"{ref}/dependsOn", ref, "dependsOn", upstream))
    return found


def _relation(name: str, source: str, kind: str, targets: list[str]) -> dict[str, Any]:
    return {
        "type": "Relationship",
        "spdxId": iri(f"relationship:{name}"),
        "creationInfo": CREATION,
        "from": iri(source),
        "relationshipType": kind,
        "to": [iri(t) for t in targets],
    }
