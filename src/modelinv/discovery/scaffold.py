"""`discover --write`: one catalog entry per shadow model, recording only what was seen.

The entry carries a `discovered` provenance block (source, where, when); the owner comes
from a label, annotation or registry tag, else the policy's `discoveryTriageTeam`; the
lifecycle is the registry's, or the environment the manifests describe (`--environment`),
else `development`. What nobody observed (the maintainer, training data, metrics, ...) is
left for the owning team, listed in a comment at the top; the policy's
`discoveryGraceDays` keeps the resulting findings warnings meanwhile. Each entry goes
through the edit layer's checks and atomic write; an existing file or entry is never
touched, so a second run writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from modelinv.discovery.compare import Discovery, Item
from modelinv.discovery.observation import Observation
from modelinv.edit.result import Change, Refused
from modelinv.edit.scaffold import MODELINE
from modelinv.edit.scalars import scalar_text
from modelinv.edit.verify import check_edit
from modelinv.inventory.inventory import Inventory as Catalog
from modelinv.loader.discover import SourceFile, shown_path, shown_root
from modelinv.model import Team, parse_ref
from modelinv.model.refs import ID_MAX_LENGTH, ID_PATTERN

_ID = re.compile(ID_PATTERN)
TO_FILL_IN = (
    "maintainer (name and email)",
    "trainingData",
    "metrics",
    "upstream and consumers",
    "compliance (risk level)",
    "cost",
    "retraining",
    "limitations",
)


@dataclass(frozen=True, slots=True)
class Skipped:
    model: str
    reason: str


def scaffold(catalog: Catalog, discovery: Discovery) -> tuple[list[Change], list[Skipped]]:
    """The new files to write (checked, not yet written) and the shadows left alone."""
    changes, skipped = [], []
    for item in discovery.of("shadow"):
        try:
            changes.append(_entry(catalog, discovery, item))
        except Refused as exc:
            skipped.append(Skipped(item.model, "; ".join(exc.reasons)))
    return changes, skipped


def _entry(catalog: Catalog, discovery: Discovery, item: Item) -> Change:
    name = item.model
    root = Path(catalog.root)
    rel = f"models/{name}.yaml"
    display = shown_path(shown_root(root), rel)
    path = root / rel
    if not _ID.fullmatch(name) or len(name) > ID_MAX_LENGTH:
        raise Refused(display, [f"'{name}' is not a valid model id"])
    if name in catalog.ids("Model") or path.exists() or path.with_suffix(".yml").exists():
        raise Refused(display, [f"{display} already exists: never overwritten"])
    owner = _owner(catalog, item.observations, display)
    text = entry_text(
        name,
        owner,
        _lifecycle(item, discovery.environment),
        item,
        discovery,
        catalog.context.today.isoformat(),
    )
    data = text.encode("utf-8")
    check_edit(catalog, SourceFile(str(path), display, rel), None, data, ())
    return Change(path, display, None, data, f"model:{name}: discovered ({item.sources[0]})")


def _owner(catalog: Catalog, seen: tuple[Observation, ...], display: str) -> str:
    candidates = [o.owner for o in seen if o.owner]
    triage = catalog.context.policy.spec.discovery_triage_team
    for owner in [*candidates, triage]:
        ref = parse_ref(owner) if owner else None
        entry = catalog.lookup(ref) if ref is not None and ref.kind == "Team" else None
        if entry is not None and isinstance(catalog.entity(entry), Team):
            return str(owner)
    named = ", ".join(c for c in candidates if c) or "none"
    raise Refused(
        display,
        [
            f"no owner team in the catalog (observed: {named}); label the workload "
            "modelinv.io/owner, tag the registered model, or set discoveryTriageTeam "
            "in the policy"
        ],
    )


def _lifecycle(item: Item, environment: str | None) -> str:
    stages = {o.stage for o in item.observations if o.stage}
    for stage in ("production", "staging", "development", "archived"):
        if stage in stages:
            return stage
    if environment and any(o.source == "kubernetes" for o in item.observations):
        return environment
    return "development"


def entry_text(
    name: str,
    owner: str,
    lifecycle: str,
    item: Item,
    discovery: Discovery,
    today: str,
) -> str:
    first = item.observations[0] if item.observations else None
    lines = [
        MODELINE,
        f"# Discovered by `modelinv discover` on {today}: {len(item.evidence)} observation(s).",
        f"# {owner}: fill in what nobody could observe: {', '.join(TO_FILL_IN)}.",
        "apiVersion: modelinv/v1",
        "kind: Model",
        "metadata:",
        f"  name: {scalar_text(name)}",  # quoted when YAML would read it otherwise (123)
        f"  title: {scalar_text(' '.join(w.capitalize() for w in name.split('-')))}",
        "spec:",
        f"  lifecycle: {lifecycle}",
        f"  owner: {scalar_text(owner)}",
        "  discovered:",
        f"    source: {scalar_text(first.source if first else item.sources[0])}",
        f"    where: {scalar_text(item.evidence[0])}",
        f"    when: {today}",
    ]
    deployments = [
        o for o in item.observations if o.source == "kubernetes" and discovery.environment
    ]
    if deployments:
        lines.append("  deployments:")
        for o in deployments:
            lines.append(f"    - environment: {discovery.environment}")
            lines.append(f"      platform: {scalar_text(o.platform or 'kubernetes')}")
            if o.resource:
                lines.append(f"      resource: {scalar_text(o.resource)}")
    registered = [o for o in item.observations if o.source == "mlflow"]
    if registered:
        lines.append("  registry:")
        for o in registered:
            lines.append("    - platform: mlflow")
            lines.append(f"      name: {scalar_text(o.name)}")
            if o.version:
                lines.append(f"      version: {scalar_text(o.version)}")
    return "\n".join(lines) + "\n"
