"""Entities back from their JSON payloads without running the model's Python checks again.

A payload is `entity.model_dump_json(by_alias=True)` of an entity that passed the full
validation (`checks/filecheck.py`, the only place that makes one). It reaches an inventory
in one of these ways, and each keeps it ours:
- made in this process, or in a forked worker of this run and sent back over its pipe;
- kept by this run's cache in its spool (`checks/cache.py`, `_Spool`): a file this process
  made (mode 0600, by `mkstemp`) and unlinked at once, read back through its descriptor;
- read from the cache's payload file, whose table of offsets and digests is
  HMAC-authenticated under the cache directory's own secret (a file crafted or copied in
  from elsewhere is ignored whole), each payload checked against its digest in that table
  when read, and whose stamp holds the hash of modelinv's code: the payload was dumped by
  these very model classes, from a file whose bytes are the cache key.
Every check of the model therefore held for the entity the payload was dumped from, and
the payload holds its values already normalised (a date as ISO text). Running the checks
again is wasted work: ~40 Python calls a model (`_not_blank`, `_iso_date`, references,
URLs, emails; more for an email new to its cache), about half the cost of decoding it.

The trusted decoder is each kind's own pydantic-core schema without the Python validators
listed in `CHECKS_ONLY` (each returns what it accepts unchanged and builds no state), so
pydantic-core builds the same objects as `model_validate_json`: the same classes (frozen),
values, defaults, aliases, `model_fields_set`, dates as `datetime.date`. Everything checked
in Rust stays: types (strict), literals such as `kind`, unknown keys (`extra="forbid"`),
string patterns and lengths, number bounds. So a payload for another kind, malformed JSON
or a value of the wrong type still raises `ValidationError` instead of building a wrong
entity; what is skipped is only what the checks listed below decide about values of the
right type (an email's syntax, a URL's scheme, a reference's prefix, cross-field rules).
Where something cannot be handled safely, the full validation runs instead: a Python
validator not listed there stays in the schema and runs, exactly as in
`model_validate_json` (a new validator costs speed until it is reviewed, never
correctness), and a class whose schema this module cannot read or rebuild without the
checks (another pydantic-core's layout) is decoded by its own validator, every check run.

The decoded models also share their fields sets. pydantic gives every model instance a
set of the fields its input named (`model_fields_set`); a decoded model is ~20 instances
(metadata, spec, each metric, link, deployment ...), and at 10,000 models those sets took
85 of the 156 MB the decoded entities held, although a payload, a full dump, names every
field: each set holds all its class's fields. Each model node of the trusted schema is
followed by a step that gives an instance whose set is that long its class's one shared
set (anything else keeps its own). Sharing is safe because the entities are frozen:
pydantic changes a fields set in place only when a field is assigned, which a frozen model
refuses, and `model_copy` copies the set before changing the copy's. It costs nothing
measurable (the instance's own set is freed at once).

A payload of any other origin must go through `decode_validated` (the full validation).
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from typing import Any, Protocol, cast

from pydantic import BaseModel
from pydantic_core import CoreSchema, SchemaError, SchemaValidator

from modelinv.model import KINDS, Entity

# (module, qualified name) of each Python validator of the model that only checks: for a
# value it accepts it returns that value unchanged, and it builds no state. An entry here
# is a promise about the function; tests/inventory/test_trusted_decode.py fails when the
# model gains a validator this table does not list (it would still run, see above).
CHECKS_ONLY = frozenset(
    {
        # Before-validator: refuses text that is not YYYY-MM-DD, then `date.fromisoformat`.
        # Without it pydantic's strict date parsing reads `date.isoformat()`'s text (all a
        # payload holds) to the same `datetime.date`.
        ("modelinv.model.types", "_iso_date"),
        ("modelinv.model.types", "_not_blank"),
        ("modelinv.model.types", "_email"),
        ("modelinv.model.types", "_http_url"),
        ("modelinv.model.types", "_ref_check.<locals>.check"),
        ("modelinv.model.ml_model", "ModelSpec._maintainer_unless_discovered"),
        ("modelinv.model.ml_model", "TrainingData._range"),
        ("modelinv.model.governance", "Deprecation._one_successor"),
    }
)

_VALIDATOR_NODES = ("function-before", "function-after", "function-wrap", "function-plain")
_SKIPPABLE_NODES = ("function-before", "function-after")  # they wrap an inner schema


def decode_trusted(kind: str, payload: bytes) -> Entity:
    """The entity of `kind` a payload of our own making holds (see the module docstring:
    only for payloads `checks/filecheck.py` dumped from a validated entity)."""
    entity = _trusted_validator(KINDS[kind].cls).validate_json(payload)
    return cast(Entity, entity)


def decode_validated(kind: str, payload: bytes) -> Entity:
    """The entity of `kind` a payload of any origin holds, every check run."""
    return KINDS[kind].cls.model_validate_json(payload)


def validator_name(function: Any) -> tuple[str, str]:
    """How `CHECKS_ONLY` names a validator function (a plain function, a bound class
    method or an `lru_cache` wrapper alike)."""
    return (getattr(function, "__module__", "?"), getattr(function, "__qualname__", "?"))


def validators_in(schema: Any) -> Iterator[tuple[str, tuple[str, str]]]:
    """(node type, validator name) of every Python validator in a core schema."""
    if isinstance(schema, list):
        for item in schema:
            yield from validators_in(item)
    elif isinstance(schema, dict):
        node = schema.get("type")
        is_node = isinstance(node, str)  # not a dict of fields (one may be named "type")
        if is_node and node in _VALIDATOR_NODES:
            yield node, validator_name(schema["function"]["function"])
        for key, value in schema.items():
            if not (is_node and key == "metadata"):  # a node's JSON Schema notes
                yield from validators_in(value)


def without_checks(schema: Any, classes: set[type[BaseModel]] | None = None) -> Any:
    """A copy of a core schema without the validators in `CHECKS_ONLY`, adding to
    `classes` the model classes it builds. Nothing else changes: every other node is
    copied as it is (a node's JSON Schema `metadata` shared, not walked)."""

    def rebuild(node: dict[str, Any], copied: Callable[[], dict[str, Any]]) -> Any:
        if node["type"] in _SKIPPABLE_NODES and _only_checks(node):
            return without_checks(node["schema"], classes)
        if node["type"] == "model" and classes is not None:
            classes.add(node["cls"])
        return copied()

    return _rebuilt(schema, rebuild)


def sharing_fields_sets(schema: Any) -> Any:
    """A copy of a core schema in which each model node is followed by `_share_fields_set`
    of its class (see the module docstring). A node's `ref` moves to the step that wraps it,
    so references to the model reach the step."""

    def rebuild(node: dict[str, Any], copied: Callable[[], dict[str, Any]]) -> Any:
        model = copied()
        if node["type"] != "model":
            return model
        step: dict[str, Any] = {
            "type": "function-after",
            "function": {"type": "no-info", "function": _share_fields_set(model["cls"])},
            "schema": model,
        }
        if "ref" in model:
            step["ref"] = model.pop("ref")
        return step

    return _rebuilt(schema, rebuild)


def _rebuilt(
    schema: Any, rebuild: Callable[[dict[str, Any], Callable[[], dict[str, Any]]], Any]
) -> Any:
    """A copy of a core schema in which each node is what `rebuild(node, copied)` makes of
    it, `copied()` giving the node with its parts rebuilt alike. A node's "type" is a
    string; a dict of fields may hold a field named "type", and one named "metadata"
    (every entity's), which unlike a node's JSON Schema notes (shared, not walked) is a
    schema."""
    if isinstance(schema, list):
        return [_rebuilt(item, rebuild) for item in schema]
    if not isinstance(schema, dict):
        return schema
    is_node = isinstance(schema.get("type"), str)

    def copied() -> dict[str, Any]:
        return {
            key: value if is_node and key == "metadata" else _rebuilt(value, rebuild)
            for key, value in schema.items()
        }

    return rebuild(schema, copied) if is_node else copied()


def _share_fields_set(cls: type[BaseModel]) -> Callable[[BaseModel], BaseModel]:
    every = set(cls.model_fields)
    size = len(every)

    def share(model: BaseModel) -> BaseModel:
        # A fields set names only fields of its class (every model class forbids extra
        # keys: tests/inventory/test_trusted_decode.py holds them to it), so one as long
        # as the class's fields names them all.
        if len(model.__pydantic_fields_set__) == size:
            object.__setattr__(model, "__pydantic_fields_set__", every)
        return model

    return share


def _only_checks(node: dict[str, Any]) -> bool:
    return validator_name(node["function"]["function"]) in CHECKS_ONLY


class JsonValidator(Protocol):
    def validate_json(self, data: bytes, /) -> Any: ...


@functools.cache
def _trusted_validator(cls: type[Entity]) -> JsonValidator:
    """Built once per kind, on first use (a few milliseconds). The class's own validator
    (every check) when its schema cannot be read or rebuilt without the checks."""
    return validator_without_checks(cls.__pydantic_core_schema__) or cls.__pydantic_validator__


def validator_without_checks(schema: object) -> SchemaValidator | None:
    """A validator of `schema` without the checks in `CHECKS_ONLY`; None when the schema
    is not one this module reads: not built yet (pydantic's deferred placeholder), or a
    layout pydantic-core refuses once they are removed (another pydantic-core)."""
    if not isinstance(schema, dict):
        return None
    classes: set[type[BaseModel]] = set()
    trimmed = sharing_fields_sets(without_checks(schema, classes))
    try:
        with _built_from_schema(classes):
            return SchemaValidator(cast(CoreSchema, trimmed))
    except SchemaError:
        return None


_BUILDING = threading.Lock()


@contextlib.contextmanager
def _built_from_schema(classes: set[type[BaseModel]]) -> Iterator[None]:
    """While a validator is built, have pydantic-core build each model class from the
    schema it is given.

    For a `model` node of a class whose own `__dict__` says `__pydantic_complete__`,
    pydantic-core reuses that class's `__pydantic_validator__` (its checks included)
    instead of building the node. Marked incomplete for the milliseconds of this build (a
    validator, once built, no longer reads the flag), the classes get the schema given.
    Meanwhile another thread building a validator of these classes would build its own
    from their full schema: slower, just as correct."""
    complete = [c for c in classes if c.__dict__.get("__pydantic_complete__") is True]
    with _BUILDING:
        try:
            for cls in complete:
                cls.__pydantic_complete__ = False
            yield
        finally:
            for cls in complete:
                cls.__pydantic_complete__ = True
