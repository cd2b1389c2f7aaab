"""CycloneDX 1.6 JSON ML-BOM: every model a `machine-learning-model` component with its
model card, every data asset a `data` component, dependencies from the catalog relations.

Checked in the tests with cyclonedx-python-lib's strict JSON validator (schema 1.6).
"""

from __future__ import annotations

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
from modelinv.model.ml_model import Metric

SPEC_VERSION = "1.6"
# CycloneDX has no lifecycle for a single component: the catalog's goes in properties.
PROPERTY_PREFIX = "modelinv:"


class CycloneDxExporter:
    name = "cyclonedx"
    filename = "inventory.cdx.json"
    files: tuple[str, ...] = (filename,)
    summary = "CycloneDX 1.6 JSON ML-BOM (model cards, datasets, dependencies)"
    binary = False

    def render(self, inventory: Inventory, options: ExportOptions) -> dict[str, Iterable[bytes]]:
        return {self.filename: self._pieces(inventory, options)}

    def _pieces(self, inventory: Inventory, options: ExportOptions) -> Iterator[bytes]:
        """The BOM, its serial number a digest of the rest (`content_digest` of the BOM
        without it). Each component is encoded as it is made, for the digest (sorted keys)
        and for the file (one line); only the lines are kept until the serial number,
        which the file states first, is known."""
        teams = {entry.ref: team for entry, team in inventory.of_kind(Team) if entry.ref}
        digest = ContentDigest()
        digest.text('{"bomFormat":"CycloneDX","components":[')
        lines: list[str] = []
        dependencies: list[dict[str, Any]] = []
        known: set[str] = set()
        for entry, entity in inventory.valid():
            if entry.ref is None:
                continue
            if isinstance(entity, Model):
                component = _model(entry.ref, entity, teams)
            elif isinstance(entity, DataAsset):
                component = _data(entry.ref, entity, teams)
            else:
                continue
            if lines:
                digest.text(",")
            digest.value(component)
            lines.append(compact_json(component))
            known.add(entry.ref)
            upstream = sorted(
                {
                    *inventory.related(entry.ref, "dependsOn"),
                    *inventory.related(entry.ref, "trainedOn"),
                }
            )
            dependencies.append({"ref": entry.ref, "dependsOn": upstream})
        digest.text("]")
        for dependency in dependencies:  # a dependency on a file that failed the schema
            dependency["dependsOn"] = [r for r in dependency["dependsOn"] if r in known]
        metadata: dict[str, Any] = {
            "tools": {
                "components": [{"type": "application", "name": TOOL, "version": options.version}]
            },
            "component": {
                "type": "application",
                "bom-ref": "inventory",
                "name": "model inventory",
                "description": f"The model inventory in {catalog_name(inventory)}",
            },
        }
        if options.today is not None:
            metadata["timestamp"] = f"{export_date(inventory, options).isoformat()}T00:00:00Z"
        # The rest of the BOM in its keys' sorted order (bomFormat and components above).
        digest.key("dependencies")
        digest.items(dependencies)
        digest.key("metadata")
        digest.value(metadata)
        digest.key("specVersion")
        digest.value(SPEC_VERSION)
        digest.key("version")
        digest.value(1)
        digest.text("}")
        serial = stable_uuid("cyclonedx", digest.hexdigest())
        yield from json_pieces(
            [
                ("bomFormat", "CycloneDX"),
                ("specVersion", SPEC_VERSION),
                ("serialNumber", f"urn:uuid:{serial}"),
                ("version", 1),
                ("metadata", metadata),
                ("components", Lines(lines)),
                ("dependencies", dependencies),
            ]
        )


def _supplier(owner: str, teams: dict[str, Team]) -> dict[str, Any]:
    team = teams.get(owner)
    supplier: dict[str, Any] = {"name": team.metadata.title if team else owner}
    if team and team.spec.contact and team.spec.contact.email:
        supplier["contact"] = [{"email": team.spec.contact.email}]
    return supplier


def _properties(pairs: list[tuple[str, str | None]]) -> list[dict[str, str]]:
    return [{"name": PROPERTY_PREFIX + k, "value": v} for k, v in pairs if v is not None]


def _model(ref: str, model: Model, teams: dict[str, Team]) -> dict[str, Any]:
    spec, meta = model.spec, model.metadata
    component: dict[str, Any] = {
        "type": "machine-learning-model",
        "bom-ref": ref,
        "name": meta.name,
        "supplier": _supplier(spec.owner, teams),
    }
    if spec.maintainer:
        component["authors"] = [{"name": spec.maintainer.name, "email": spec.maintainer.email}]
    if meta.description:
        component["description"] = meta.description
    card: dict[str, Any] = {}
    datasets = [
        _training_data(t.source, t.from_.isoformat(), t.to) for t in spec.training_data or ()
    ]
    if datasets:
        card["modelParameters"] = {"datasets": datasets}
    if spec.metrics:
        card["quantitativeAnalysis"] = {"performanceMetrics": [_metric(m) for m in spec.metrics]}
    if spec.limitations:
        card["considerations"] = {"technicalLimitations": list(spec.limitations)}
    if card:
        component["modelCard"] = card
    references = (
        [{"type": "model-card", "url": spec.documentation.url}] if spec.documentation else []
    )
    references += [{"type": "other", "url": link.url, "comment": link.title} for link in meta.links]
    if references:
        component["externalReferences"] = references
    deprecation = spec.deprecation
    compliance = spec.compliance
    component["properties"] = _properties(
        [
            ("title", meta.title),
            ("lifecycle", spec.lifecycle),
            ("owner", spec.owner),
            ("riskLevel", compliance.risk_level if compliance else None),
            (
                "regulations",
                ", ".join(compliance.regulations)
                if compliance and compliance.regulations
                else None,
            ),
            ("decommission", deprecation.decommission.isoformat() if deprecation else None),
            ("replacement", deprecation.replacement if deprecation else None),
            *(("deployment", f"{d.environment} {d.platform}") for d in spec.deployments or ()),
            *(("consumer", c) for c in spec.consumers or ()),
        ]
    )
    if meta.tags:
        component["tags"] = list(meta.tags)
    return component


def _training_data(source: str, start: str, end: Any) -> dict[str, Any]:
    """A dataset the model was trained on, with the date range it was trained on."""
    window = f"{start} to {end.isoformat() if end else 'the training date'}"
    return {
        "type": "dataset",
        "name": source,
        "description": f"Training data {source}, {window}",
        "contents": {
            "properties": _properties([("from", start), ("to", end.isoformat() if end else None)])
        },
    }


def _metric(metric: Metric) -> dict[str, Any]:
    row: dict[str, Any] = {"type": metric.name, "value": number_text(metric.value)}
    row["slice"] = f"evaluated {metric.evaluated.isoformat()}"
    return row


def _data(ref: str, asset: DataAsset, teams: dict[str, Team]) -> dict[str, Any]:
    owner = _supplier(asset.spec.owner, teams)
    data: dict[str, Any] = {
        "type": "dataset",
        "name": asset.metadata.name,
        "governance": {"owners": [{"organization": owner}]},
    }
    if asset.metadata.description:
        data["description"] = asset.metadata.description
    return {
        "type": "data",
        "bom-ref": ref,
        "name": asset.metadata.name,
        "supplier": owner,
        "data": [data],
        "properties": _properties(
            [
                ("title", asset.metadata.title),
                ("assetType", asset.spec.type),
                ("status", asset.spec.status),
                ("location", asset.spec.location),
            ]
        ),
    }


__all__ = ["CycloneDxExporter"]
