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


# Building many findings at once (the cache serves ~15,000 at 10,000 files, ~80,000 at
# 50,000): a frozen dataclass's __init__ sets each field through object.__setattr__,
# which costs about as much as the rest of decoding a finding. These set the slots
# directly (~40% less per finding); tests/test_findings.py checks that they build exactly
# what the constructors build, field for field. A field added to either class fails the
# unpacking below at import, so it cannot be forgotten here.
(
    _set_path,
    _set_line,
    _set_column,
    _set_end_line,
    _set_end_column,
) = (Location.__dict__[name].__set__ for name in Location.__slots__)
(
    _set_code,
    _set_name,
    _set_severity,
    _set_message,
    _set_location,
    _set_hint,
    _set_related,
) = (Finding.__dict__[name].__set__ for name in Finding.__slots__)


def location_of(
    path: str, line: int, column: int, end_line: int | None, end_column: int | None
) -> Location:
    """`Location(path, line, column, end_line, end_column)`, built faster."""
    loc = object.__new__(Location)
    _set_path(loc, path)
    _set_line(loc, line)
    _set_column(loc, column)
    _set_end_line(loc, end_line)
    _set_end_column(loc, end_column)
    return loc


def finding_of(
    code: str,
    name: str,
    severity: Severity,
    message: str,
    location: Location,
    hint: str | None,
    related: tuple[Location, ...],
) -> Finding:
    """`Finding(code, name, severity, message, location, hint, related)`, built faster."""
    finding = object.__new__(Finding)
    _set_code(finding, code)
    _set_name(finding, name)
    _set_severity(finding, severity)
    _set_message(finding, message)
    _set_location(finding, location)
    _set_hint(finding, hint)
    _set_related(finding, related)
    return finding


def _first_of_key(
    item: tuple[tuple[tuple[str, int, int, str, str], object, object], Finding],
) -> tuple[str, int, int, str, str]:
    return item[0][0]


def first_error(findings: Iterable[Finding]) -> Finding | None:
    """The error nearest the top of its file, of one file's findings."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    return min(errors, key=lambda f: (f.location.line, f.location.column), default=None)
