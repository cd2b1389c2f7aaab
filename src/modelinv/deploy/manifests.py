"""Find which inventory model each Kubernetes resource in a manifest serves. Prints nothing.

A resource names its model with the label or annotation `modelinv.io/model` (labels first,
then annotations; at `metadata`, then at `spec.template.metadata` for Deployments and other
workloads with a pod template); a model-serving resource without one falls back to its
`metadata.name`. Model-serving kinds are KServe `InferenceService` and `Deployment`; any
other kind is checked only when it carries the key. `List` kinds are read item by item.

Manifests are composed into nodes with PyYAML's safe loader, never constructed into Python
objects: tags are inert, dates are never parsed, aliases are never expanded (only the few
keys read here are visited), and every value keeps its position for messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from modelinv.support.bounded_read import ReadRefused, read_regular

MODEL_KEY = "modelinv.io/model"
SERVING_KINDS = frozenset({"InferenceService", "Deployment"})
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_LIST_DEPTH = 4
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
# (where the key is read, path from the resource) in order of precedence.
_PLACES = (
    ("metadata.labels", ("metadata", "labels")),
    ("metadata.annotations", ("metadata", "annotations")),
    ("spec.template.metadata.labels", ("spec", "template", "metadata", "labels")),
    ("spec.template.metadata.annotations", ("spec", "template", "metadata", "annotations")),
)


class ManifestError(Exception):
    """The manifest cannot be read as Kubernetes resources: a usage error, never a verdict."""


@dataclass(frozen=True, slots=True)
class Position:
    path: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Declaration:
    """One `modelinv.io/model` label or annotation."""

    where: str  # e.g. "metadata.labels"
    value: str
    position: Position


@dataclass(frozen=True, slots=True)
class Resource:
    """A resource the gate checks, and how its model was found."""

    kind: str
    name: str | None  # metadata.name (None with generateName)
    position: Position  # where the resource starts
    declarations: tuple[Declaration, ...] = ()

    @property
    def model(self) -> str:
        if self.declarations:
            return self.declarations[0].value
        assert self.name is not None  # guaranteed by parse_manifest
        return self.name

    @property
    def found_by(self) -> str:
        return self.declarations[0].where if self.declarations else "metadata.name"

    @property
    def conflicting(self) -> bool:
        """The resource names more than one model."""
        return len({d.value for d in self.declarations}) > 1

    def __str__(self) -> str:
        return f"{self.kind}/{self.name or '?'}"


def load_manifest(path: Path, display: str | None = None) -> list[Resource]:
    """The resources in the manifest at `path` (symlinks followed: it is named by the user)."""
    display = display or str(path)
    try:
        data = read_regular(path, MAX_MANIFEST_BYTES, follow_symlinks=True)
    except ReadRefused as exc:
        if exc.size is not None:
            raise ManifestError(
                f"{display}: {exc.size} bytes, over the {MAX_MANIFEST_BYTES}-byte manifest limit"
            ) from None
        raise ManifestError(f"{display}: cannot read manifest: {exc.reason}") from None
    return parse_manifest(data, display)


def parse_manifest(data: bytes, display: str) -> list[Resource]:
    """The resources the gate checks in one manifest (one or more YAML documents)."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(f"{display}: over the {MAX_MANIFEST_BYTES}-byte manifest limit")
    text = _decode(data, display)
    try:
        return _compose(text, display)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _at(display, mark) if mark is not None else f"{display}:1:1"
        problem = exc.problem or exc.context or "malformed YAML"
        raise ManifestError(f"{where}: invalid YAML: {problem}") from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ManifestError(f"{display}:{line}:{column}: invalid YAML: {exc.reason}") from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ManifestError(f"{display}:1:1: invalid YAML: {first}") from None
    except RecursionError:
        raise ManifestError(f"{display}: invalid YAML: nesting too deep") from None


def _compose(text: str, display: str) -> list[Resource]:
    loader = yaml.SafeLoader(text)  # checks the characters first: may raise ReaderError
    resources: list[Resource] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
                continue  # an empty document, e.g. after a trailing `---`
            resources.extend(_resources(loader, node, display, 0))
    finally:
        loader.dispose()
    return resources


def _decode(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ManifestError(f"{display}:{line}:{column}: not UTF-8 text") from None


def _resources(loader: yaml.SafeLoader, node: Node, display: str, depth: int) -> Iterator[Resource]:
    if not isinstance(node, MappingNode):
        raise ManifestError(f"{_at(display, node.start_mark)}: not a Kubernetes resource")
    kind = _text(loader, node, "kind", display)
    if kind is None:
        raise ManifestError(f"{_at(display, node.start_mark)}: a resource without 'kind'")
    items = _child(loader, node, "items", display)
    if kind.endswith("List") and items is not None:
        if depth >= MAX_LIST_DEPTH:
            raise ManifestError(f"{_at(display, node.start_mark)}: Lists nested too deep")
        if not isinstance(items, SequenceNode):
            raise ManifestError(f"{_at(display, items.start_mark)}: 'items' is not a list")
        for item in items.value:
            yield from _resources(loader, item, display, depth + 1)
        return
    declarations = tuple(_declarations(loader, node, display))
    if kind not in SERVING_KINDS and not declarations:
        return  # a Service, ConfigMap, ...: not a model
    metadata = _child(loader, node, "metadata", display)
    name = _text(loader, metadata, "name", display) if metadata is not None else None
    position = Position(display, node.start_mark.line + 1, node.start_mark.column + 1)
    if name is None and not declarations:
        raise ManifestError(
            f"{position}: {kind} has no metadata.name and no {MODEL_KEY} label or annotation"
        )
    yield Resource(kind, name, position, declarations)


def _declarations(
    loader: yaml.SafeLoader, node: MappingNode, display: str
) -> Iterator[Declaration]:
    for where, path in _PLACES:
        found: Node | None = node
        for key in path:
            found = _child(loader, found, key, display) if found is not None else None
        if found is None:
            continue
        value = _child(loader, found, MODEL_KEY, display)
        if value is None:
            continue
        text = _scalar_text(value, f"{where}['{MODEL_KEY}']", display)
        yield Declaration(where, text, _position(display, value))


def _child(loader: yaml.SafeLoader, node: Node, key: str, display: str) -> Node | None:
    """The value under `key` in a mapping node (merge keys applied; null counts as absent)."""
    if isinstance(node, ScalarNode) and node.tag == _NULL:
        return None
    if not isinstance(node, MappingNode):
        raise ManifestError(f"{_at(display, node.start_mark)}: expected a mapping")
    loader.flatten_mapping(node)  # resolves `<<: *base` the way kubectl does
    found: list[Node] = [v for k, v in node.value if isinstance(k, ScalarNode) and k.value == key]
    if len(found) > 1:
        raise ManifestError(f"{_at(display, found[1].start_mark)}: duplicate key '{key}'")
    if not found or (isinstance(found[0], ScalarNode) and found[0].tag == _NULL):
        return None
    return found[0]


def _text(loader: yaml.SafeLoader, node: Node, key: str, display: str) -> str | None:
    value = _child(loader, node, key, display)
    return None if value is None else _scalar_text(value, key, display)


def _scalar_text(node: Node, what: str, display: str) -> str:
    if not isinstance(node, ScalarNode) or node.tag != _STR:
        raise ManifestError(
            f"{_at(display, node.start_mark)}: {what} must be a string; quote the value"
        )
    text = str(node.value).strip()
    if not text:
        raise ManifestError(f"{_at(display, node.start_mark)}: {what} is empty")
    return text


def _position(display: str, node: Node) -> Position:
    return Position(display, node.start_mark.line + 1, node.start_mark.column + 1)


def _at(display: str, mark: yaml.Mark) -> str:
    return f"{display}:{mark.line + 1}:{mark.column + 1}"
