"""Kubernetes manifests as a discovery source: files, folders and `-` (stdin).

What a GitOps deploy repository holds, `kustomize build` / `helm template` output, or a
`kubectl get -A -o yaml` dump. The resources are read by `modelinv.manifests`, the reader
the deployment gate uses too, so both agree on what is a model.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from modelinv.deploy.manifests import (
    MAX_MANIFEST_BYTES,
    ManifestError,
    Resource,
    load_manifest,
    parse_manifest,
)
from modelinv.discovery.observation import Observation, SourceError, owner_ref

NAME = "kubernetes"
PLATFORMS = frozenset({"kserve", "seldon", "kubernetes", "k8s"})
SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"


def read_stdin() -> bytes:
    return sys.stdin.buffer.read(MAX_MANIFEST_BYTES + 1)


@dataclass(slots=True)
class KubernetesSource:
    paths: Sequence[str]
    stdin: Callable[[], bytes] = read_stdin
    name: str = NAME
    files_read: int = field(default=0)

    def covers(self, platform: str) -> bool:
        return platform.lower() in PLATFORMS

    def observe(self) -> Iterator[Observation]:
        try:
            for display, resources in self._manifests():
                self.files_read += 1
                for resource in resources:
                    yield observation(resource, display)
        except ManifestError as exc:
            raise SourceError(str(exc)) from None

    def _manifests(self) -> Iterator[tuple[str, list[Resource]]]:
        for given in self.paths:
            if given == STDIN:
                yield "<stdin>", parse_manifest(self.stdin(), "<stdin>")
                continue
            path = Path(given)
            if path.is_dir():
                for found in _files(path):
                    yield str(found), load_manifest(found, str(found), only_resources=False)
            else:
                yield given, load_manifest(path, given)


def _files(folder: Path) -> Iterable[Path]:
    """Manifest files under `folder`, sorted; symbolic links and hidden folders skipped
    (a deploy repository's .git, and links that could lead outside it)."""
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).parts
        if any(part.startswith(".") for part in rel) or path.is_symlink():
            continue
        if path.suffix in SUFFIXES and path.is_file():
            found.append(path)
    if not found and not folder.exists():
        raise ManifestError(f"{folder}: no such folder")
    return sorted(found)


def observation(resource: Resource, display: str) -> Observation:
    serving = resource.serving
    line = resource.position.line
    # The modelinv.io/model label is the catalog id, as written (`compare` says when it is
    # not a valid one); a name (metadata.name, Kubeflow Hub's model name) is made an id.
    return Observation(
        source=NAME,
        model=resource.model,
        name=resource.name or resource.model,
        kind=resource.kind,
        evidence=f"{display}:{line}",
        platform=serving.platform or "kubernetes",
        resource=resource.resource_id,
        model_format=serving.model_format,
        storage_uri=serving.storage_uri,
        runtime=serving.runtime,
        version=serving.registry_version,
        owner=owner_ref(serving.owner),
        routes=serving.routes,
        router=resource.router,
    )
