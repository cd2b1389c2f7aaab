"""Loaded YAML data as JSON sees it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any


def plain(value: Any) -> Any:
    """`value` as JSON-compatible data: dates (which plain YAML scalars load as) as ISO
    text, keys as text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def dates_as_text(data: Any, dates: Iterable[tuple[str | int, ...]]) -> Any:
    """`plain(data)` for data whose keys are all text and whose only dates are at the
    pointers `dates`: only the containers on the way to a date are copied (`data` itself is
    never changed), so an entity costs a few copies instead of a walk over every value."""
    root: Any = None
    copied: dict[tuple[str | int, ...], Any] = {}
    for pointer in dates:
        if root is None:
            root = copied[()] = _copy(data)
        node = root
        for depth in range(1, len(pointer)):
            here = pointer[:depth]
            child = copied.get(here)
            if child is None:
                child = copied[here] = _copy(node[pointer[depth - 1]])
                node[pointer[depth - 1]] = child
            node = child
        node[pointer[-1]] = node[pointer[-1]].isoformat()
    return data if root is None else root


def _copy(container: Any) -> Any:
    return dict(container) if isinstance(container, dict) else list(container)
