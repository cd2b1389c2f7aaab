"""What a source saw: one model on one platform, with the evidence of where."""

from __future__ import annotations

from dataclasses import dataclass, field


class SourceError(Exception):
    """A source cannot be read (unreachable, refused, malformed): one line, a usage error."""


@dataclass(frozen=True, slots=True)
class Observation:
    """One model as a source saw it; fields a source does not know are None or empty."""

    source: str  # the registry name of the source: kubernetes, mlflow, prometheus
    model: str  # the catalog id it stands for (a label, a tag, or `id_from_name(name)`)
    name: str  # its name on the platform
    kind: str  # InferenceService, RegisteredModel, series, ...
    evidence: str  # manifest file:line, MLflow model URL, Prometheus series
    platform: str | None = None  # kserve, seldon, mlflow, ...
    resource: str | None = None  # namespace/kind/name for Kubernetes resources
    model_format: str | None = None
    storage_uri: str | None = None
    runtime: str | None = None
    version: str | None = None  # the version serving / the champion alias's version
    stage: str | None = None  # the lifecycle the platform implies (production, archived)
    owner: str | None = None  # team:NAME from a label, annotation or tag
    routes: tuple[str, ...] = ()  # a router's targets (InferenceGraph)
    router: bool = False
    requests: int | None = None  # Prometheus: requests in the window
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, version)
    tags: tuple[tuple[str, str], ...] = field(default=())


def owner_ref(value: str | None) -> str | None:
    """`payments-ml` or `team:payments-ml` as a team reference (None when empty)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    return value if value.startswith("team:") else f"team:{value}"
