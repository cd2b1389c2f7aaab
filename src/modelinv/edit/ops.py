"""An edit as data: set, rename or remove values at key paths, applied to a file's bytes.

The bytes keep their UTF-8 byte order mark, if any; the text between is edited by
`yaml_edit`, one operation at a time (each re-reads positions from the edited text).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from modelinv.edit.scalars import Value
from modelinv.edit.yaml_edit import EditError, Path, remove_key, rename_key, set_value

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Set:
    path: Path
    value: Value


@dataclass(frozen=True, slots=True)
class Remove:
    path: Path


@dataclass(frozen=True, slots=True)
class Rename:
    """The key at `path` becomes `new` in place (same line, same comment), its value kept;
    nothing happens when the key is absent or `new` is already a sibling."""

    path: Path
    new: str


Op = Set | Remove | Rename


def apply(data: bytes, ops: Sequence[Op]) -> bytes:
    bom = BOM if data.startswith(BOM) else b""
    try:
        text = data[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise EditError("the file is not UTF-8") from None
    for op in ops:
        if isinstance(op, Set):
            text = set_value(text, op.path, op.value)
        elif isinstance(op, Rename):
            text = rename_key(text, op.path, op.new)
        else:
            text = remove_key(text, op.path)
    return bom + text.encode("utf-8")


def expected(old: Any, new: Any, ops: Sequence[Op]) -> Any:
    """`old` with `ops` applied, taking set values in the form `new` holds them (a date the
    file quotes loads as text), so it can be compared with `new` as a whole.

    Raises EditError when a value that is set (and not changed again by a later operation)
    did not land as meant.
    """
    result = copy.deepcopy(old)
    last = {op.path: op for op in ops}
    for op in ops:
        *parents, key = op.path
        here = result
        for step in parents:
            here = here.setdefault(step, {})
        if isinstance(op, Remove):
            here.pop(key, None)
            continue
        if isinstance(op, Rename):
            if key in here and op.new not in here:
                here[op.new] = here.pop(key)
            continue
        found = _get(new, op.path)
        if last[op.path] is op and _plain(found) != _plain(op.value):
            raise EditError(f"{'.'.join(op.path)} reads back as {found!r}, not {op.value}")
        here[key] = found
    return result


def _get(data: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
