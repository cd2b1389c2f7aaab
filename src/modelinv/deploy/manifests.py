"""Read Kubernetes manifests into the model-serving resources they declare. Prints nothing.

The one manifest reader of modelinv: the deployment gate judges what it returns and
discovery reports it. A resource is a model when something says so:

- its kind serves models: KServe `InferenceService`, `LLMInferenceService`, `TrainedModel`;
  Seldon Core v2 `Model` and v1 `SeldonDeployment`;
- it carries the `modelinv.io/model` label or annotation (labels first, then annotations;
  at `metadata`, then at `spec.template.metadata` for workloads with a pod template);
- it carries Kubeflow Hub's `modelregistry.kubeflow.org/registered-model-id` label.

A KServe `InferenceGraph` is a router: it is read (with the services it routes to) but is
not a model itself. Anything else, a plain Deployment included (MinIO, Redis, a feature
server), is infrastructure and skipped. The model's id is the `modelinv.io/model` value,
else Kubeflow Hub's model name, else `metadata.name`, either made an id as discovery makes
one from a platform's name (`ChurnPredictor` -> `churn-predictor`). `List` kinds are read
item by item.

Manifests are composed into nodes with PyYAML's safe loader (libyaml's when installed and
the input is shallow enough for it), never constructed into Python objects: tags are inert,
dates are never parsed, aliases are never expanded (only the few keys read here are
visited), and every value keeps its position for messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from modelinv.model.refs import id_from_name
from modelinv.support.bounded_read import ReadRefused, read_regular

MODEL_KEY = "modelinv.io/model"
OWNER_KEY = "modelinv.io/owner"
REGISTRY_PREFIX = "modelregistry.kubeflow.org/"
REGISTRY_MODEL_ID = REGISTRY_PREFIX + "registered-model-id"
REGISTRY_MODEL_NAME = REGISTRY_PREFIX + "model-name"
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_LIST_DEPTH = 4
# (API group, kind) of the resources that serve models, and the platform they belong to.
MODEL_KINDS = {
    ("serving.kserve.io", "InferenceService"): "kserve",
    ("serving.kserve.io", "LLMInferenceService"): "kserve",
    ("serving.kserve.io", "TrainedModel"): "kserve",
    ("mlops.seldon.io", "Model"): "seldon",
    ("machinelearning.seldon.io", "SeldonDeployment"): "seldon",
}
ROUTER_KINDS = {("serving.kserve.io", "InferenceGraph"): "kserve"}
# KServe's predictor shorthands (`spec.predictor.sklearn: {storageUri: ...}`).
KSERVE_FRAMEWORKS = (
    "sklearn",
    "xgboost",
    "lightgbm",
    "tensorflow",
    "pytorch",
    "onnx",
    "triton",
    "pmml",
    "paddle",
    "huggingface",
)
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
# libyaml composes recursively in C: deeper input could overflow the C stack and kill the
# process, so deep or bracket-heavy text goes to the pure-Python loader, whose recursion
# limit turns into a clean message.
_C_MAX_BRACKETS = 1000
_DEEP_INDENT = re.compile(r"\n {400}")
_TEMPLATE = re.compile(r"\{\{")
RENDER_FIRST = (
    "an unrendered Helm or Go template; render it first (helm template, kustomize build) "
    "and give the output"
)
_CLoader: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)
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
class Serving:
    """What a model-serving resource says about the model it serves (None: not stated)."""

    platform: str | None = None  # kserve, seldon; None for a labelled workload
    model_format: str | None = None  # sklearn, xgboost, ...
    storage_uri: str | None = None
    runtime: str | None = None
    parent: str | None = None  # a TrainedModel's InferenceService
    routes: tuple[str, ...] = ()  # an InferenceGraph's services
    owner: str | None = None  # the modelinv.io/owner label or annotation
    registry_model: str | None = None  # Kubeflow Hub registered model id
    registry_version: str | None = None  # Kubeflow Hub model version id


@dataclass(frozen=True, slots=True)
class Resource:
    """A model-serving resource, and how its model was found."""

    kind: str
    name: str | None  # metadata.name (None with generateName)
    position: Position  # where the resource starts
    declarations: tuple[Declaration, ...] = ()
    namespace: str | None = None
    api_version: str | None = None
    router: bool = False  # an InferenceGraph: routes to models, serves none itself
    serving: Serving = Serving()
    registry_name: str | None = None  # Kubeflow Hub's model name annotation

    @property
    def written(self) -> str:
        """The name the model is found by, as written (see `found_by`)."""
        if self.declarations:
            return self.declarations[0].value
        if self.registry_name is not None:
            return self.registry_name
        assert self.name is not None  # guaranteed by parse_manifest
        return self.name

    @property
    def model(self) -> str:
        """The model's catalog id: the `modelinv.io/model` value as written (it claims an
        id), else the registry's model name or `metadata.name` made an id the way
        discovery makes one (`ChurnPredictor` -> `churn-predictor`), so the gate judges
        the model discovery reports."""
        return self.written if self.declarations else id_from_name(self.written)

    @property
    def found_by(self) -> str:
        if self.declarations:
            return self.declarations[0].where
        return REGISTRY_MODEL_NAME if self.registry_name is not None else "metadata.name"

    @property
    def conflicting(self) -> bool:
        """The resource names more than one model."""
        return len({d.value for d in self.declarations}) > 1

    @property
    def resource_id(self) -> str:
        """`namespace/kind/name` as the catalog's `deployments[].resource` writes it."""
        return f"{self.namespace or 'default'}/{self.kind.lower()}/{self.name or '?'}"

    def __str__(self) -> str:
        return f"{self.kind}/{self.name or '?'}"


def load_manifest(
    path: Path, display: str | None = None, *, only_resources: bool = True
) -> list[Resource]:
    """The resources in the manifest at `path` (symlinks followed: it is named by the user).

    With `only_resources=False` documents that are not Kubernetes resources (no `kind`, not
    a mapping: a Helm values file, a JSON request sample) are skipped instead of refused,
    for folders that hold more than manifests."""
    display = display or str(path)
    try:
        data = read_regular(path, MAX_MANIFEST_BYTES, follow_symlinks=True)
    except ReadRefused as exc:
        if exc.size is not None:
            raise ManifestError(
                f"{display}: {exc.size} bytes, over the {MAX_MANIFEST_BYTES}-byte manifest limit"
            ) from None
        raise ManifestError(f"{display}: cannot read manifest: {exc.reason}") from None
    return parse_manifest(data, display, only_resources=only_resources)


def parse_manifest(data: bytes, display: str, *, only_resources: bool = True) -> list[Resource]:
    """The model-serving resources in one manifest (one or more YAML documents)."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(f"{display}: over the {MAX_MANIFEST_BYTES}-byte manifest limit")
    text = _decode(data, display)
    if _CLoader is not None and _shallow(text):
        try:
            return _compose(_CLoader, text, display, only_resources)
        except (yaml.YAMLError, RecursionError):
            pass  # the pure-Python loader below words the message (one wording everywhere)
    try:
        return _compose(yaml.SafeLoader, text, display, only_resources)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _at(display, mark) if mark is not None else f"{display}:1:1"
        problem = exc.problem or exc.context or "malformed YAML"
        raise ManifestError(f"{where}: invalid YAML: {problem}{_template_hint(text)}") from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ManifestError(f"{display}:{line}:{column}: invalid YAML: {exc.reason}") from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ManifestError(f"{display}:1:1: invalid YAML: {first}{_template_hint(text)}") from None
    except RecursionError:
        raise ManifestError(f"{display}: invalid YAML: nesting too deep") from None


def _template_hint(text: str) -> str:
    """What to do when YAML that fails to parse holds `{{`: a Helm chart's template (or
    another Go template) read before it was rendered."""
    where = _TEMPLATE.search(text)
    if where is None:
        return ""
    line = text.count("\n", 0, where.start()) + 1
    return f" (line {line} holds '{{{{': {RENDER_FIRST})"


def _templated(node: Node) -> bool:
    """`{{ .Values.name }}` unquoted: YAML reads a flow mapping whose key is a mapping."""
    return (
        isinstance(node, MappingNode)
        and bool(node.flow_style)
        and any(isinstance(key, MappingNode) for key, _ in node.value)
    )


def _shallow(text: str) -> bool:
    brackets = text.count("[") + text.count("{")
    return brackets < _C_MAX_BRACKETS and _DEEP_INDENT.search(text) is None


def _compose(
    loader_type: type[yaml.SafeLoader], text: str, display: str, only_resources: bool
) -> list[Resource]:
    loader = loader_type(text)  # the Python reader checks the characters first
    resources: list[Resource] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
                continue  # an empty document, e.g. after a trailing `---`
            if not only_resources and not _is_resource(node):
                continue
            _apply_merge_keys(loader, node)
            resources.extend(_resources(loader, node, display, 0))
    finally:
        loader.dispose()
    return resources


def _apply_merge_keys(loader: yaml.SafeLoader, root: Node) -> None:
    """Resolve every `<<: *base` once, the way kubectl does (each node visited once, so
    aliases never multiply the work)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            if any(key.tag == _MERGE for key, _ in node.value):
                loader.flatten_mapping(node)
            stack.extend(value for _, value in node.value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _is_resource(node: Node) -> bool:
    if not isinstance(node, MappingNode):
        return False
    return any(isinstance(k, ScalarNode) and k.value == "kind" for k, _ in node.value)


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
    api_version = _loose(loader, node, "apiVersion")
    group = api_version.rpartition("/")[0] if api_version else ""
    declarations = tuple(_declarations(loader, node, display))
    maps = _label_maps(loader, node)
    registry = _registry_labels(loader, maps)
    platform = MODEL_KINDS.get((group, kind))
    router = (group, kind) in ROUTER_KINDS and not declarations
    if platform is None and not router and not declarations and registry[0] is None:
        return  # a Service, ConfigMap, plain Deployment...: infrastructure, not a model
    metadata = _child(loader, node, "metadata", display)
    name = _text(loader, metadata, "name", display) if metadata is not None else None
    position = Position(display, node.start_mark.line + 1, node.start_mark.column + 1)
    registry_name = registry[2]
    if name is None and not declarations and registry_name is None:
        raise ManifestError(
            f"{position}: {kind} has no metadata.name and no {MODEL_KEY} label or annotation"
        )
    namespace = _loose(loader, metadata, "namespace") if metadata is not None else None
    serving = _serving(loader, node, kind, platform or ROUTER_KINDS.get((group, kind)))
    serving = _with(serving, registry, _label(loader, maps, OWNER_KEY))
    yield Resource(
        kind, name, position, declarations, namespace, api_version, router, serving, registry_name
    )


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


def _label_maps(loader: yaml.SafeLoader, node: Node) -> list[Node]:
    """The label and annotation mappings of the resource and its pod template, in order."""
    found = (_node(loader, node, *path) for _, path in _PLACES)
    return [m for m in found if isinstance(m, MappingNode)]


def _label(loader: yaml.SafeLoader, maps: list[Node], key: str) -> str | None:
    """A label or annotation's value at the resource or its pod template (first found)."""
    for mapping in maps:
        found = _get(loader, mapping, key)
        if found is not None:
            return found
    return None


def _registry_labels(
    loader: yaml.SafeLoader, maps: list[Node]
) -> tuple[str | None, str | None, str | None]:
    """Kubeflow Hub's (registered model id, model version id, model name)."""
    return (
        _label(loader, maps, REGISTRY_MODEL_ID),
        _label(loader, maps, REGISTRY_PREFIX + "model-version-id"),
        _label(loader, maps, REGISTRY_MODEL_NAME),
    )


def _with(
    serving: Serving, registry: tuple[str | None, str | None, str | None], owner: str | None
) -> Serving:
    return Serving(
        serving.platform,
        serving.model_format,
        serving.storage_uri,
        serving.runtime,
        serving.parent,
        serving.routes,
        owner,
        registry[0],
        registry[1],
    )


def _serving(loader: yaml.SafeLoader, node: Node, kind: str, platform: str | None) -> Serving:
    """Format, storage and runtime as each kind states them; unreadable values are None
    (real manifests vary, and discovery must never fail on a detail)."""
    get = _get
    if kind == "InferenceService":
        model = get(loader, node, "spec", "predictor", "model", "modelFormat", "name")
        if model is not None:
            return Serving(
                platform,
                model,
                get(loader, node, "spec", "predictor", "model", "storageUri"),
                get(loader, node, "spec", "predictor", "model", "runtime"),
            )
        for framework in KSERVE_FRAMEWORKS:
            predictor = _node(loader, node, "spec", "predictor", framework)
            if predictor is not None:
                uri = get(loader, predictor, "storageUri")
                return Serving(platform, framework, uri, get(loader, predictor, "runtime"))
        if _node(loader, node, "spec", "predictor", "containers") is not None:
            return Serving(platform, "custom")
        uri = get(loader, node, "spec", "predictor", "model", "storageUri")
        return Serving(platform, None, uri)
    if kind == "LLMInferenceService":
        return Serving(platform, "llm", get(loader, node, "spec", "model", "uri"))
    if kind == "TrainedModel":
        return Serving(
            platform,
            get(loader, node, "spec", "model", "framework"),
            get(loader, node, "spec", "model", "storageUri"),
            parent=get(loader, node, "spec", "inferenceService"),
        )
    if kind == "Model":  # Seldon Core v2
        requirements = _node(loader, node, "spec", "requirements")
        first = None
        if isinstance(requirements, SequenceNode) and requirements.value:
            head = requirements.value[0]
            first = head.value if isinstance(head, ScalarNode) and head.tag == _STR else None
        return Serving(platform, first, get(loader, node, "spec", "storageUri"))
    if kind == "SeldonDeployment":
        graph = _first_item(loader, node, "spec", "predictors")
        if graph is None:
            return Serving(platform)
        return Serving(
            platform,
            get(loader, graph, "graph", "implementation"),
            get(loader, graph, "graph", "modelUri"),
        )
    if kind == "InferenceGraph":
        return Serving(platform, routes=_graph_routes(loader, node))
    return Serving(platform)


def _graph_routes(loader: yaml.SafeLoader, node: Node) -> tuple[str, ...]:
    nodes = _node(loader, node, "spec", "nodes")
    routes: list[str] = []
    if not isinstance(nodes, MappingNode):
        return ()
    for _, graph_node in nodes.value:
        steps = _node(loader, graph_node, "steps")
        if not isinstance(steps, SequenceNode):
            continue
        for step in steps.value:
            service = _get(loader, step, "serviceName") or _url_service(
                _get(loader, step, "serviceUrl")
            )
            if service is not None and service not in routes:
                routes.append(service)
    return tuple(routes)


def _url_service(url: str | None) -> str | None:
    """`http://single-1.default.example.com/switch` -> `single-1` (the service's name)."""
    if url is None:
        return None
    host = url.split("://", 1)[-1].split("/", 1)[0]
    return host.split(".", 1)[0] or None


def _first_item(loader: yaml.SafeLoader, node: Node, *path: str) -> Node | None:
    found = _node(loader, node, *path)
    if isinstance(found, SequenceNode) and found.value:
        first: Node = found.value[0]
        return first
    return None


def _node(loader: yaml.SafeLoader, node: Node | None, *path: str) -> Node | None:
    """The node at `path` under mappings, or None if any step is missing or not a mapping."""
    for key in path:
        if not isinstance(node, MappingNode):
            return None
        node = next(
            (v for k, v in node.value if isinstance(k, ScalarNode) and k.value == key), None
        )
    return node


def _get(loader: yaml.SafeLoader, node: Node | None, *path: str) -> str | None:
    """The non-empty string at `path`, or None (missing, another type, empty)."""
    found = _node(loader, node, *path)
    if isinstance(found, ScalarNode) and found.tag == _STR and str(found.value).strip():
        return str(found.value).strip()
    return None


def _loose(loader: yaml.SafeLoader, node: Node | None, key: str) -> str | None:
    return _get(loader, node, key)


def _child(loader: yaml.SafeLoader, node: Node, key: str, display: str) -> Node | None:
    """The value under `key` in a mapping node (merge keys applied; null counts as absent)."""
    if isinstance(node, ScalarNode) and node.tag == _NULL:
        return None
    if _templated(node):
        raise ManifestError(f"{_at(display, node.start_mark)}: this value is {RENDER_FIRST}")
    if not isinstance(node, MappingNode):
        raise ManifestError(f"{_at(display, node.start_mark)}: expected a mapping")
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
    if _templated(node):
        raise ManifestError(f"{_at(display, node.start_mark)}: {what} is {RENDER_FIRST}")
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
