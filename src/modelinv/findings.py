"""The one vocabulary for problems, shared by every layer and every output format."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a file; line and column are 1-based, columns count characters."""

    path: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    hint: str | None = None
    related: tuple[Location, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)


@dataclass(frozen=True, slots=True)
class Result:
    """What a validation run found; pure data, printed only by the CLI."""

    findings: tuple[Finding, ...]
    files_checked: int
    entities: dict[str, int] = field(default_factory=dict)
    waived: int = 0  # findings set aside by active waivers

    @classmethod
    def of(
        cls,
        findings: Iterable[Finding],
        files_checked: int,
        entities: dict[str, int],
        waived: int = 0,
    ) -> Result:
        unique = {(f.sort_key(), f.hint, f.related): f for f in findings}
        # Sorted by the sort key already computed (the sort is stable, as before).
        ordered = tuple(f for _, f in sorted(unique.items(), key=_first_of_key))
        return cls(ordered, files_checked, entities, waived)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    def failed(self, *, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def _first_of_key(
    item: tuple[tuple[tuple[str, int, int, str, str], object, object], Finding],
) -> tuple[str, int, int, str, str]:
    return item[0][0]
