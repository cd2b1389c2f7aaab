"""What every exporter is: a name, a file name and a pure `render` to bytes, each file's
bytes in pieces made as they are written (a 10,000-model export is tens of MB, and its
whole document as Python objects several times that)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from modelinv.findings import Finding

# The loaded catalog every exporter reads (the index plus every valid entity).
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model
from modelinv.model.ml_model import Deployment
from modelinv.support.batches import batched
from modelinv.support.text import utf8

# Every generated identifier lives under this namespace, so the same content gives the
# same serial number or document id on every run and every machine.
_NAMESPACE = uuid.UUID("6f1c2b3a-8e4d-5f60-9a7b-0c1d2e3f4a5b")
TOOL = "modelinv"

__all__ = [
    "TOOL",
    "ContentDigest",
    "ExportOptions",
    "Exporter",
    "Inventory",
    "Lines",
    "catalog_name",
    "compact_json",
    "content_digest",
    "dump_json",
    "export_date",
    "json_pieces",
    "models",
    "newest_date",
    "number_text",
    "rendered",
    "served",
    "stable_uuid",
]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What an export may know beyond the inventory."""

    today: dt.date | None = None  # --today: the only clock an export may read
    findings: tuple[Finding, ...] = ()  # from the validation of the same inventory
    version: str = "0.1.0"  # the tool's version, recorded where a format asks for it


class Exporter(Protocol):
    name: str  # the FORMAT argument of `modelinv export`
    filename: str  # its main file's name under `export all --out DIR`
    files: tuple[str, ...]  # every file `render` returns, `filename` first
    summary: str  # one line for --help and the docs
    binary: bool  # not text: written to a file, never to a terminal

    def render(self, inventory: Inventory, options: ExportOptions) -> dict[str, Iterable[bytes]]:
        """File name -> its bytes in pieces, made as they are taken (take each file's in
        turn, once); the first file is the export itself (`--out PATH`), any others are
        written beside it."""
        ...


def rendered(exporter: Exporter, inventory: Inventory, options: ExportOptions) -> dict[str, bytes]:
    """Every file of an export, whole (for small catalogs and the tests)."""
    return {name: b"".join(pieces) for name, pieces in exporter.render(inventory, options).items()}


def stable_uuid(*parts: str) -> uuid.UUID:
    """A UUID (version 5) derived from content: no randomness, no clock."""
    return uuid.uuid5(_NAMESPACE, "\0".join(parts))


def _sorted_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_digest(document: Any) -> str:
    """A hash of a JSON-able document, used to derive its serial number."""
    return hashlib.sha256(utf8(_sorted_json(document))).hexdigest()


class ContentDigest:
    """`content_digest` of a document given piece by piece, so its large lists need not be
    held: the caller gives the document's sorted-key JSON text in order, as structure
    (`text`: braces, brackets, keys, commas) and values (`value`)."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def text(self, text: str) -> None:
        self._hash.update(utf8(text))

    def value(self, value: Any) -> None:
        self.text(_sorted_json(value))

    def key(self, key: str, first: bool = False) -> None:
        """`"key":` (after a comma unless `first`)."""
        self.text(("" if first else ",") + json.dumps(key, ensure_ascii=False) + ":")

    def items(self, values: Iterable[Any]) -> None:
        """A list's text: its items between brackets."""
        self.text("[")
        for number, value in enumerate(values):
            self.text(_sorted_json(value) if number == 0 else "," + _sorted_json(value))
        self.text("]")

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


class Lines:
    """A top-level list of a `json_pieces` document given as its items' compact JSON
    texts, written one a line as they come."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = texts


def compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def json_pieces(document: Iterable[tuple[str, Any]]) -> Iterator[bytes]:
    """`dump_json`'s text of the document with these (key, value) fields, in pieces: a
    `Lines` value is written as it comes (a batch of items a piece)."""
    yield b"{\n"
    for number, (key, value) in enumerate(document):
        lead = ("" if number == 0 else ",\n") + f"  {compact_json(key)}: "
        if isinstance(value, list) and value:
            yield from _lines(lead, map(compact_json, value))
        elif isinstance(value, Lines):
            yield from _lines(lead, value.texts)
        else:
            yield utf8(lead + compact_json(value))
    yield b"\n}\n"


def _lines(lead: str, texts: Iterable[str], batch: int = 256) -> Iterator[bytes]:
    """A top-level list, one item a line (`[]` when there is none)."""
    opened = False
    for some in batched(texts, batch):
        lines = ",\n".join(f"    {text}" for text in some)
        yield utf8((",\n" if opened else f"{lead}[\n") + lines)
        opened = True
    yield b"\n  ]" if opened else f"{lead}[]".encode()


def dump_json(document: dict[str, Any]) -> bytes:
    """JSON in a fixed form: each top-level key on its own line, and each element of a
    top-level list (a component, a graph element) on its own line, so a change to one
    entity is a one-line diff. (Python's JSON encoder runs in C only without `indent`:
    indenting everything made a 10,000-model BOM take 14 s to write instead of 1.)"""
    return b"".join(json_pieces(document.items()))


def models(inventory: Inventory) -> Iterator[Model]:
    for _, model in inventory.of_kind(Model):
        yield model


def catalog_name(inventory: Inventory) -> str:
    """The catalog folder's own name (`catalog`), however the command was given it (`.`,
    `../repo/catalog`, an absolute path): what a document says it describes, the same
    whichever folder the export ran from (with the same serial number), and no path of the
    machine that made it."""
    return Path(inventory.root).resolve().name or inventory.root


def served(model: Model) -> Iterator[tuple[Deployment, str]]:
    """Each of the model's deployments with an endpoint, and the name of what serves it
    (a Backstage API, a Kubeflow Hub model artifact): `<model>-<environment>`, and for a
    second or later one in the same environment (two regions) `<model>-<environment>-2`,
    `-3`, ...: two APIs of one name are one entity to Backstage, which refuses the second.
    No other name ends so: an environment's name has no digit."""
    seen: dict[str, int] = {}
    for deployment in model.spec.deployments or ():
        if deployment.endpoint is None:
            continue  # a batch job serves nothing
        name = f"{model.metadata.name}-{deployment.environment}"
        count = seen[deployment.environment] = seen.get(deployment.environment, 0) + 1
        yield deployment, name if count == 1 else f"{name}-{count}"


def newest_date(inventory: Inventory) -> dt.date | None:
    """The latest date the inventory states (reviews, evaluations, documentation, audits,
    retraining, creation): the timestamp of an export made without --today."""
    newest: dt.date | None = None
    for model in models(inventory):
        for day in _model_dates(model):
            if newest is None or day > newest:
                newest = day
    return newest


def _model_dates(model: Model) -> Iterator[dt.date]:
    spec = model.spec
    if spec.created:
        yield spec.created
    if spec.review:
        yield spec.review.last_reviewed
    if spec.documentation and spec.documentation.updated:
        yield spec.documentation.updated
    if spec.compliance and spec.compliance.last_audit:
        yield spec.compliance.last_audit
    if spec.retraining and spec.retraining.last_retrained:
        yield spec.retraining.last_retrained
    for metric in spec.metrics or ():
        yield metric.evaluated


def export_date(inventory: Inventory, options: ExportOptions) -> dt.date:
    """--today, else the newest date in the inventory, else the epoch."""
    return options.today or newest_date(inventory) or dt.date(1970, 1, 1)


def number_text(value: float) -> str:
    """A number as text without float noise: 0.9 not 0.90000000000000002, 50 not 50.0."""
    return f"{value:.15g}" if isinstance(value, float) else str(value)
