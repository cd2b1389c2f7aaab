"""A discovery saved as JSON (`discover --format json > FILE`) read back, for the site."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelinv.discovery.compare import CATEGORIES
from modelinv.discovery.observation import SourceError
from modelinv.discovery.render import JSON_VERSION

MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SavedItem:
    category: str
    model: str
    message: str
    evidence: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SavedDiscovery:
    path: str
    sources: tuple[str, ...]
    items: tuple[SavedItem, ...]

    def of(self, category: str) -> list[SavedItem]:
        return [i for i in self.items if i.category == category]

    def count(self, category: str) -> int:
        return len(self.of(category))


def read_discovery(path: Path) -> SavedDiscovery:
    """The discovery in `path`; SourceError (one line) when it is not one."""
    try:
        raw = path.read_bytes()[: MAX_BYTES + 1]
        data: Any = json.loads(raw)
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror}") from None
    except ValueError as exc:
        raise SourceError(f"{path}: not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != JSON_VERSION:
        raise SourceError(
            f"{path}: not a discovery (expected the JSON of `modelinv discover --format json`, "
            f"version {JSON_VERSION})"
        )
    items = []
    for number, item in enumerate(data.get("items") or [], start=1):
        try:
            category = str(item["category"])
            if category not in CATEGORIES:
                raise ValueError(category)
            items.append(
                SavedItem(
                    category,
                    str(item["model"]),
                    str(item["message"]),
                    tuple(str(e) for e in item["evidence"]),
                    tuple(str(s) for s in item.get("sources", [])),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise SourceError(f"{path}: item {number} is not a discovery item") from None
    return SavedDiscovery(str(path), tuple(map(str, data.get("sources") or ())), tuple(items))
