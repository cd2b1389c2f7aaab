"""What an edit command produces: a change to one file, or the reasons it refuses."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class Refused(Exception):
    """The command will not change anything; every reason is one line for the user."""

    def __init__(self, display: str, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.display = display
        self.reasons = reasons


class LinkRefused(Refused):
    """The file would be written through a symbolic link (a linked folder of the catalog):
    a configuration problem of the checkout, not of the entity (the CLI exits 2)."""


@dataclass(frozen=True, slots=True)
class Change:
    """New bytes for one file, checked; `before` is what they were computed from (None for
    a new file), so the write can refuse when the file changed in the meantime."""

    path: Path
    display: str
    before: bytes | None
    after: bytes
    summary: str
    notes: tuple[str, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return self.before != self.after
