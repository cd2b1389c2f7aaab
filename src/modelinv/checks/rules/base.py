"""What every rule is: a stable code, a kebab-case name, a severity and its documentation."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from modelinv.findings import Finding, Location, Severity


class Stage(enum.StrEnum):
    """Where a rule's findings come from; decides how much of the catalog it sees."""

    YAML = "yaml"  # the loader, one file's bytes
    SCHEMA = "schema"  # pydantic validation of one file
    ENTITY = "entity"  # one valid entity
    CATALOG = "catalog"  # the whole loaded catalog
    TRANSITION = "transition"  # the catalog against its version at a git ref (--base)
    WAIVERS = "waivers"  # every other stage's findings against the catalog's waivers


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    stage: Stage
    summary: str
    doc: str = ""

    def at(
        self,
        location: Location,
        message: str,
        *,
        hint: str | None = None,
        related: tuple[Location, ...] = (),
    ) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=message,
            location=location,
            hint=hint,
            related=related,
        )


def rule(
    code: str, name: str, stage: Stage, doc: str | None, *, severity: Severity = Severity.ERROR
) -> Rule:
    """Build a rule whose documentation is its module docstring; the first line is the summary."""
    text = (doc or "").strip()
    summary = text.splitlines()[0] if text else name
    return Rule(code, name, severity, stage, summary, text)
