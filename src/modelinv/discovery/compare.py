"""Observations against the catalog: shadow, orphan and drift results. Pure: no I/O.

- **shadow**: served or registered, not in the catalog;
- **orphan**: the catalog says it is deployed (in the environment the manifests describe)
  or registered under a name, and the source that would see it does not;
- **drift**: both know it, and they disagree (platform, resource, version, lifecycle).

A `modelinv.io/model` label, annotation or tag that is not a valid model id is a shadow
model whose message says so and names the resource (the evidence names its file:line), as
the deployment gate fails such a resource: the value is the id alone, never a `model:`
reference. Messages quote names as found; the renderers escape them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from modelinv.deploy.manifests import MODEL_KEY
from modelinv.discovery.kubernetes import NAME as KUBERNETES
from modelinv.discovery.observation import Observation
from modelinv.discovery.source import Source
from modelinv.governance.lifecycle import ENVIRONMENTS
from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory as Catalog
from modelinv.model import Model
from modelinv.model.refs import explain_bad_id, is_id

Category = Literal["shadow", "orphan", "drift"]
CATEGORIES: tuple[Category, ...] = ("shadow", "orphan", "drift")
RETIRED = ("deprecated", "archived")


@dataclass(frozen=True, slots=True)
class Item:
    category: Category
    model: str  # the catalog id (known or proposed)
    message: str
    evidence: tuple[str, ...]  # manifest file:line, MLflow model URL, series; catalog file
    sources: tuple[str, ...]
    observations: tuple[Observation, ...] = ()


@dataclass(frozen=True, slots=True)
class Discovery:
    sources: tuple[str, ...]
    observations: tuple[Observation, ...]
    items: tuple[Item, ...]
    environment: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def of(self, category: Category) -> list[Item]:
        return [i for i in self.items if i.category == category]


def compare(
    catalog: Catalog,
    observations: Sequence[Observation],
    sources: Sequence[Source],
    environment: str | None = None,
) -> Discovery:
    models = {entry.name: (entry, entity) for entry, entity in catalog.of_kind(Model)}
    known = set(catalog.ids("Model"))
    by_resource = _catalog_resources(models.values())
    items: list[Item] = []
    matched: dict[str, list[Observation]] = defaultdict(list)
    unknown: dict[str, list[Observation]] = defaultdict(list)
    for obs in observations:
        if obs.router:
            continue
        model = (
            obs.model if obs.model in known else by_resource.get((obs.resource or "").lower(), "")
        )
        (matched[model] if model else unknown[obs.model]).append(obs)
    for obs in observations:
        for target in obs.routes if obs.router else ():
            served = target in known or any(o.name == target for o in observations)
            if not served:
                unknown[target].append(obs)
    for name, seen in sorted(unknown.items()):
        items.append(_shadow(name, seen))
    for name, seen in sorted(matched.items()):
        if name in models:
            items += _drift(name, models[name], seen, environment)
    items += _orphans(models.values(), observations, sources, environment)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    items.sort(key=lambda i: (order[i.category], i.model, i.message))
    counts: dict[str, int] = {c: sum(1 for i in items if i.category == c) for c in CATEGORIES}
    return Discovery(
        tuple(s.name for s in sources), tuple(observations), tuple(items), environment, counts
    )


def _catalog_resources(models: Iterable[tuple[Entry, Model]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry, model in models:
        for deployment in model.spec.deployments or ():
            if deployment.resource:
                found.setdefault(deployment.resource.lower(), entry.name)
        for registered in model.spec.registry or ():
            found.setdefault(f"{registered.platform}:{registered.name}".lower(), entry.name)
    return found


def _shadow(name: str, seen: list[Observation]) -> Item:
    where = ", ".join(sorted({f"{o.kind} {o.name} ({o.source})" for o in seen}))
    only_routed = all(o.router for o in seen)
    message = f"{name} is not in the catalog: {where}"
    if only_routed:
        message = f"{name} is routed to by {where}, and is not in the catalog"
    if not is_id(name):
        named = (
            f"routed to by {where}"
            if only_routed
            else f"the {MODEL_KEY} of {where}; set it to the model's catalog id"
        )
        message = f"'{name}' is not a valid model id ({explain_bad_id(name)}): {named}"
    return Item(
        "shadow",
        name,
        message,
        tuple(o.evidence for o in seen),
        tuple(sorted({o.source for o in seen})),
        tuple(seen),
    )


def _drift(
    name: str, found: tuple[Entry, Model], seen: list[Observation], environment: str | None
) -> list[Item]:
    entry, model = found
    spec = model.spec
    items = []
    for obs in seen:
        evidence = (obs.evidence, entry.display)
        problems = []
        if obs.source != "mlflow" and spec.lifecycle in RETIRED:
            problems.append(f"the catalog says {spec.lifecycle}, but it is served ({obs.kind})")
        elif obs.source == KUBERNETES and environment is not None:
            problems += _environment_drift(spec.lifecycle, spec.deployments or (), obs, environment)
        if obs.stage is not None:
            problems += _stage_drift(spec.lifecycle, obs)
        if obs.source == "mlflow":
            problems += _version_drift(spec.registry or (), obs)
        else:
            problems += _deployment_drift(spec.deployments or (), obs)
        items += [
            Item("drift", name, f"{name}: {p}", evidence, (obs.source,), (obs,)) for p in problems
        ]
    return items


def _environment_drift(
    lifecycle: str, deployments: Sequence[object], obs: Observation, environment: str
) -> list[str]:
    """The manifests describe `environment` (`--environment`): a model served there that
    its lifecycle does not allow there (a staging model in production, as the deployment
    gate would refuse it), or that the catalog lists deployments for, none of them there."""
    where = f"{obs.kind} {obs.name}"
    if environment not in ENVIRONMENTS[lifecycle]:  # deprecated and archived: see `_drift`
        return [
            f"served in {environment} ({where}), but the catalog says {lifecycle}: promote "
            f"it (modelinv promote) or take it out of {environment}"
        ]
    listed = {str(getattr(d, "environment", "")) for d in deployments}
    if listed and environment not in listed:
        return [
            f"served in {environment} ({where}), the catalog lists deployments in "
            f"{', '.join(sorted(listed))} only"
        ]
    return []


def _stage_drift(lifecycle: str, obs: Observation) -> list[str]:
    if lifecycle == "production" and obs.stage == "archived":
        return [f"the catalog says production, the registry archived every version ({obs.name})"]
    if lifecycle in RETIRED and obs.stage == "production":
        return [f"the catalog says {lifecycle}, the registry still has a production version"]
    return []


def _version_drift(registry: Iterable[object], obs: Observation) -> list[str]:
    for registered in registry:
        platform = getattr(registered, "platform", "")
        if platform.lower() != "mlflow" or getattr(registered, "name", None) != obs.name:
            continue
        expected = getattr(registered, "version", None)
        if expected is not None and obs.version is not None and expected != obs.version:
            return [
                f"the catalog says version {expected}, the registry serves version "
                f"{obs.version} ({_alias_of(obs)})"
            ]
    return []


def _alias_of(obs: Observation) -> str:
    alias = next((a for a, v in obs.aliases if v == obs.version), None)
    return f"alias {alias}" if alias else "stage Production"


def _deployment_drift(deployments: Sequence[object], obs: Observation) -> list[str]:
    platforms = {str(getattr(d, "platform", "")).lower() for d in deployments}
    resources = {str(getattr(d, "resource", "") or "").lower() for d in deployments} - {""}
    problems = []
    if deployments and obs.platform and obs.platform.lower() not in platforms:
        problems.append(
            f"served on {obs.platform} ({obs.kind} {obs.name}), the catalog says "
            f"{', '.join(sorted(platforms))}"
        )
    if resources and obs.resource and obs.resource.lower() not in resources:
        problems.append(
            f"served as {obs.resource}, the catalog says {', '.join(sorted(resources))}"
        )
    return problems


def _orphans(
    models: Iterable[tuple[Entry, Model]],
    observations: Sequence[Observation],
    sources: Sequence[Source],
    environment: str | None,
) -> list[Item]:
    # What each source deploys: only the source that covers a platform can say a model
    # is deployed there (a registered model, traffic or an InferenceGraph deploys nothing).
    seen_models: dict[str, set[str]] = defaultdict(set)
    seen_resources: dict[str, set[str]] = defaultdict(set)
    for obs in observations:
        if not obs.router:
            seen_models[obs.source].add(obs.model)
            seen_resources[obs.source].add((obs.resource or "").lower())
    seen_registered = {o.name for o in observations if o.source == "mlflow"}
    items = []
    for entry, model in models:
        if model.spec.lifecycle in RETIRED:
            continue
        for deployment in model.spec.deployments or ():
            if environment is None or deployment.environment != environment:
                continue
            covering = [s.name for s in sources if s.covers(deployment.platform)]
            if not covering:
                continue
            resource = (deployment.resource or "").lower()
            if any(
                entry.name in seen_models[name] or (resource and resource in seen_resources[name])
                for name in covering
            ):
                continue
            what = f" as {deployment.resource}" if deployment.resource else ""
            items.append(
                Item(
                    "orphan",
                    entry.name,
                    f"{entry.name}: the catalog says it runs on {deployment.platform} in "
                    f"{environment}{what}, and no manifest deploys it",
                    (entry.display,),
                    tuple(covering),
                )
            )
        for registered in model.spec.registry or ():
            if not any(s.covers(registered.platform) for s in sources):
                continue
            if registered.name not in seen_registered:
                items.append(
                    Item(
                        "orphan",
                        entry.name,
                        f"{entry.name}: the catalog says it is registered in "
                        f"{registered.platform} as '{registered.name}', and it is not there",
                        (entry.display,),
                        (registered.platform,),
                    )
                )
    return items
