"""The one interface every discovery source implements."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from modelinv.discovery.observation import Observation


class Source(Protocol):
    """A place models run or are registered. `observe` raises `SourceError` (one line) when
    the place cannot be read; it never prints."""

    name: str

    def observe(self) -> Iterable[Observation]: ...

    def covers(self, platform: str) -> bool:
        """Whether this source sees the catalog's deployments on `platform` (for orphans)."""
        ...
