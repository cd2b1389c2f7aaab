"""Reports as JSON: a fixed envelope `{"version", "tool", "report", "basis", ...}`.

Every row is a dataclass turned into an object field by field, so the shape is the typed
rows' shape and never depends on the data: absent values are `null`, never left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from modelinv import __version__
from modelinv.reports.common import Basis
from modelinv.reports.health import HealthReport
from modelinv.reports.index import IndexEntry, IndexReport
from modelinv.reports.retirement import RetirementReport
from modelinv.reports.review import ReviewReport
from modelinv.reports.usage import Traffic

FORMAT_VERSION = 1
_SCALARS = frozenset({str, int, float, bool})

Report = RetirementReport | ReviewReport | HealthReport | IndexReport
NAMES: dict[type[Any], str] = {
    RetirementReport: "retirement",
    ReviewReport: "review",
    HealthReport: "health",
    IndexReport: "index",
}


def render(report: Report, *, compact: bool = False) -> str:
    """The versioned JSON of a report; `compact` leaves out indentation (same value).

    The encoder walks plain dicts, lists and text itself (C speed: an index report holds
    every entity's data, 10,000 at a time); `_encode` turns what it does not know
    (dataclass rows, dates) into those, as `jsonable` does."""
    envelope = {
        "version": FORMAT_VERSION,
        "tool": {"name": "modelinv", "version": __version__},
        "report": NAMES[type(report)],
        **_encode(report),
    }
    if compact:
        return (
            json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), default=_encode) + "\n"
        )
    return json.dumps(envelope, indent=2, ensure_ascii=False, default=_encode) + "\n"


def index_chunks(
    basis: Basis, policy: dict[str, Any], entries: Iterable[IndexEntry], batch: int = 256
) -> Iterator[str]:
    """The compact JSON of `IndexReport(basis, policy, tuple(entries))`, the very text
    `render(..., compact=True)` gives, in pieces of one entity each: the entities are
    encoded (and can be dropped) `batch` at a time, never all held at once."""
    head = render(IndexReport(basis, policy, ()), compact=True)
    # "entities" is the report's last field: its empty list closes the text.
    assert head.endswith('"entities":[]}\n')
    yield head[: -len("]}\n")]
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_encode)
    separator = ""
    for some in batched(entries, batch):
        # One encoder call per batch (a call per entity cost more than the encoding): a
        # list's JSON is its items' JSON between brackets, joined by commas.
        yield separator + encoder.encode(some)[1:-1]
        separator = ","
    yield "]}\n"


def batched(items: Iterable[IndexEntry], size: int) -> Iterator[list[IndexEntry]]:
    batch: list[IndexEntry] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _encode(value: Any) -> Any:
    """One level of `jsonable`, for the JSON encoder's `default` hook."""
    if isinstance(value, Traffic):
        return {
            **{f.name: getattr(value, f.name) for f in dataclasses.fields(value)},
            "days": value.days,
            "complete": value.complete,
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _keyed(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


@cache  # asked for every row of every report (10,000 index entries and their parts)
def _field_names(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _keyed(value: Any) -> Any:
    """Dict keys as text, as `jsonable` writes them (the encoder would refuse a date key
    and write `true` for True)."""
    if isinstance(value, dict) and any(type(key) is not str for key in value):
        return {str(key): item for key, item in value.items()}
    return value


def jsonable(value: Any) -> Any:
    """Dataclasses as objects (Traffic with its window length and completeness), dates as
    ISO text, tuples as lists."""
    if value is None or type(value) in _SCALARS:
        return value  # most values (an entity's data is already JSON-ready): checked first
    if isinstance(value, Traffic):
        return {
            **{f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)},
            "days": value.days,
            "complete": value.complete,
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    return value
