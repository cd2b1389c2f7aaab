"""The model an edit command works on: its catalog entry, bytes and current entity."""

from __future__ import annotations

from dataclasses import dataclass

from modelinv.checks import filecheck
from modelinv.checks.rules.yml002_duplicate_key import RULE as DUPLICATE_KEY
from modelinv.edit.result import Refused
from modelinv.findings import Severity
from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory, decode
from modelinv.loader.discover import SourceFile
from modelinv.loader.read import read_bytes
from modelinv.model import Model, parse_ref
from modelinv.support.suggest import did_you_mean


@dataclass(frozen=True, slots=True)
class Target:
    entry: Entry
    source: SourceFile
    data: bytes
    model: Model

    @property
    def ref(self) -> str:
        return f"model:{self.model.metadata.name}"


def model_ref(text: str) -> str:
    """`fraud-detector` or `model:fraud-detector` -> `model:fraud-detector`."""
    return text if ":" in text else f"model:{text}"


def find_model(catalog: Inventory, text: str) -> Target:
    ref = model_ref(text)
    parsed = parse_ref(ref)
    if parsed is None or parsed.kind != "Model":
        raise Refused(text, [f"'{text}' is not a model id (e.g. fraud-detector or model:x)"])
    entry = catalog.lookup(parsed)
    if entry is None:
        hint = did_you_mean(parsed.name, catalog.ids("Model"))
        raise Refused(ref, [f"no model '{parsed.name}' in {catalog.root}" + _hint(hint)])
    _refuse_duplicates(catalog, parsed.name)
    source = SourceFile(entry.path, entry.display, entry.rel)
    data = read_bytes(entry.path, entry.display)
    if not isinstance(data, bytes):
        raise Refused(entry.display, [data.message])
    checked = filecheck.check_file(source, data, "auto", catalog.context)
    entity = decode(checked) if checked.valid else None
    # A duplicate key leaves a valid entity (the first value wins), but no edit of the file
    # can pass the check that it parses cleanly: say the file is at fault, not the edit.
    duplicate = next((f for f in checked.findings if f.code == DUPLICATE_KEY.code), None)
    if not isinstance(entity, Model) or duplicate is not None:
        first = duplicate or next(
            (f for f in checked.findings if f.severity is Severity.ERROR), None
        )
        why = f": {first.location} {first.code} {first.message}" if first else ""
        raise Refused(entry.display, [f"the file is not valid, fix it first{why}"])
    return Target(entry, source, data, entity)


def _refuse_duplicates(catalog: Inventory, name: str) -> None:
    """Two files declaring one id (ID003, an error): the edit would land in whichever
    comes first in path order, maybe not the one the user means, and leave the error."""
    files = [e.display for e in catalog.index.by_id.get(("Model", name), []) if e.id_readable]
    if len(files) < 2:
        return
    raise Refused(
        files[0],
        [
            f"model id '{name}' is also declared in {', '.join(files[1:])} (ID003 duplicate-id): "
            "resolve the duplicate first (rename or remove one of the files); nothing is edited"
        ],
    )


def _hint(hint: str | None) -> str:
    return f" ({hint})" if hint else ""
