"""Reports as JSON: a fixed envelope `{"version", "tool", "report", "basis", ...}`.

Every row is a dataclass turned into an object field by field, so the shape is the typed
rows' shape and never depends on the data: absent values are `null`, never left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from modelinv import __version__
from modelinv.model import Entity
from modelinv.reports.common import Basis
from modelinv.reports.health import HealthReport
from modelinv.reports.index import EncodedJson, IndexEntry, IndexReport
from modelinv.reports.retirement import RetirementReport
from modelinv.reports.review import ReviewReport
from modelinv.reports.usage import Traffic
from modelinv.support.batches import batched
from modelinv.support.text import find_all

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


def value_json(value: Any) -> str:
    """Compact JSON of any value reports are made of (dataclasses, dates, tuples), as
    `render` writes their parts: every field, so equal text means equal values (the site
    keeps a file made from an equal value, see `site/output.output_key`)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_encode)


def index_chunks(
    basis: Basis, policy: dict[str, Any], entries: Iterable[IndexEntry], batch: int = 256
) -> Iterator[str]:
    """The compact JSON of `IndexReport(basis, policy, tuple(entries))`, the very text
    `render(..., compact=True)` gives, in pieces of `batch` entities each: the entities are
    encoded (and can be dropped) as they come, never all held at once. An entity whose
    `data` comes already encoded (`EncodedJson`, see `entity_json`) has it written as is."""
    head = render(IndexReport(basis, policy, ()), compact=True)
    # "entities" is the report's last field: its empty list closes the text.
    assert head.endswith('"entities":[]}\n')
    yield head[: -len("]}\n")]
    encoded: list[str] = []

    def default(value: Any) -> Any:
        fields = _encode(value)
        if type(value) is IndexEntry and isinstance(value.data, EncodedJson):
            encoded.append(value.data)
            fields["data"] = "\x00"  # written as _DATA_SLOT, replaced below
        return fields

    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=default)
    separator = ""
    for some in batched(entries, batch):
        # One encoder call per batch (a call per entity cost more than the encoding): a
        # list's JSON is its items' JSON between brackets, joined by commas.
        encoded.clear()
        text = encoder.encode(some)[1:-1]
        if encoded:
            # A quote inside a JSON string is always escaped, so `,"data":"\u0000"` (a raw
            # quote after a comma) is only ever the slot of an entity's data.
            pieces = text.split(_DATA_SLOT)
            assert len(pieces) == len(encoded) + 1
            text = pieces[0] + "".join(
                f"{_DATA_KEY}{data}{piece}" for data, piece in zip(encoded, pieces[1:], strict=True)
            )
        yield separator + text
        separator = ","
    yield "]}\n"


def index_chunks_indented(
    basis: Basis, policy: dict[str, Any], entries: Iterable[IndexEntry], batch: int = 256
) -> Iterator[str]:
    """The indented JSON of `IndexReport(basis, policy, tuple(entries))`, the very text
    `render(...)` gives (what `modelinv report index` prints), in pieces of `batch`
    entities each, so the entities are never all held at once (at 10,000 models the whole
    report's data and text took ~400 MB). Entities' data must be plain (not `EncodedJson`:
    that is compact)."""
    head = render(IndexReport(basis, policy, ()))
    # "entities" is the report's last field: its empty list closes the text.
    assert head.endswith('"entities": []\n}\n')
    yield head[: -len("[]\n}\n")]
    encoder = json.JSONEncoder(indent=2, ensure_ascii=False, default=_encode)
    opened = False
    for some in batched(entries, batch):
        # A list's indented JSON is its items' at one level deeper, each line indented by
        # two more spaces: here they are two levels deep. JSON text holds no raw line
        # break but these (one in a string is written as \n).
        text = encoder.encode(some)[2:-2].replace("\n", "\n  ")
        yield ("[\n  " if not opened else ",\n  ") + text
        opened = True
    yield "\n  ]\n}\n" if opened else "[]\n}\n"


_DATA_KEY = ',"data":'
_DATA_SLOT = _DATA_KEY + '"\\u0000"'

# Floats pydantic's serializer writes unlike Python's repr (which `json` uses) are exactly
# those below 1e-4 (tests/reports check every magnitude): 0.00001 to 0.0000999... as plain
# decimals (Python: 1e-05) and from 1e-6 to 1e-9 with a one-digit exponent (Python: 1e-06).
_SMALL_DECIMAL = "0.0000"
_SHORT_EXPONENT = re.compile(r"e-[1-9](?![0-9])")
_NUMBER_AT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_NUMBER_CHARS = frozenset("0123456789.-")
# A JSON string (its text is never touched), or a number.
_STRING_OR_NUMBER = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|-?[0-9][0-9.eE+-]*')


def entity_json(entity: Entity) -> EncodedJson:
    """`json.dumps(entity.model_dump(mode="json", exclude_none=True), ensure_ascii=False,
    separators=(",", ":"))` byte for byte, made by pydantic's own serializer (cheaper than
    the dict and the json encoder): the index report's `data` of one entity.
    A float pydantic writes unlike Python is written again as Python writes it."""
    text = entity.model_dump_json(exclude_none=True)
    if _SMALL_DECIMAL not in text and _SHORT_EXPONENT.search(text) is None:
        return EncodedJson(text)
    if '\\"' in text:  # a string holds a quote: go through every string and number
        return EncodedJson(_STRING_OR_NUMBER.sub(_python_number, text))
    starts = {_number_start(text, at) for at in find_all(text, _SMALL_DECIMAL)}
    starts |= {_number_start(text, m.start()) for m in _SHORT_EXPONENT.finditer(text)}
    out: list[str] = []
    done = 0
    for start in sorted(starts):
        number = _NUMBER_AT.match(text, start)
        if number is None or start < done:
            continue
        end = number.end()
        # A number of the JSON itself: after a colon, comma or bracket, before a comma or a
        # closing bracket, and outside every string (an even count of quotes before it:
        # no quote is escaped in this text).
        if (
            start > 0
            and text[start - 1] in ":,["
            and end < len(text)
            and text[end] in ",]}"
            and text.count('"', 0, start) % 2 == 0
        ):
            out += (text[done:start], repr(float(number.group())))
            done = end
    out.append(text[done:])
    return EncodedJson("".join(out))


def _number_start(text: str, at: int) -> int:
    """Where the run of number characters holding position `at` starts."""
    while at > 0 and text[at - 1] in _NUMBER_CHARS:
        at -= 1
    return at


def _python_number(match: re.Match[str]) -> str:
    token = match.group()
    if token[0] == '"' or not any(c in token for c in ".eE"):
        return token  # a string, or an int (pydantic writes ints as Python does)
    return repr(float(token))


def _encode(value: Any) -> Any:
    """One level of `jsonable`, for the JSON encoder's `default` hook."""
    convert = _CONVERTERS.get(type(value))
    if convert is None:
        convert = _CONVERTERS[type(value)] = _converter(type(value))
    return convert(value)


# type -> how `_encode` turns its values into what the encoder knows. The hook is called
# for every row and every part of one (50,000 times for a review report of 3,600 rows at
# 10k models), and walking a dataclass's fields each time cost most of the encoding.
_CONVERTERS: dict[type[Any], Callable[[Any], Any]] = {}


def _converter(cls: type[Any]) -> Callable[[Any], Any]:
    if cls is Traffic:  # its fields, and its window's length and completeness
        fields = _fields(cls)
        return lambda value: {**fields(value), "days": value.days, "complete": value.complete}
    if dataclasses.is_dataclass(cls):
        return _fields(cls)
    if issubclass(cls, dt.date):
        return _isoformat
    raise TypeError(f"not JSON serialisable: {cls.__name__}")


def _fields(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    """A dataclass's values by field name (`_keyed`)."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    values = operator.attrgetter(*names) if len(names) > 1 else _one(names)

    def fields(value: Any) -> dict[str, Any]:
        got = values(value)
        if dict in map(type, got):  # rare: a dict field may have keys that are not text
            got = tuple(map(_keyed, got))
        return dict(zip(names, got, strict=True))

    return fields


def _one(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """`attrgetter` for one field or none, giving a tuple as it does for more."""
    return lambda value: tuple(getattr(value, name) for name in names)


def _isoformat(value: dt.date) -> str:
    return value.isoformat()


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
