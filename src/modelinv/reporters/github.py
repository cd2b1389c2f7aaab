"""GitHub Actions workflow commands: each finding becomes an annotation on its line."""

from __future__ import annotations

from modelinv.findings import Finding, Result, Severity
from modelinv.reporters.text import summary
from modelinv.support.workflow_commands import command


def annotation(finding: Finding) -> str:
    level = "error" if finding.severity is Severity.ERROR else "warning"
    loc = finding.location
    props: list[tuple[str, str | int]] = [
        ("file", loc.path),
        ("line", loc.line),
        ("col", loc.column),
    ]
    if loc.end_line is not None and loc.end_column is not None:
        props += [("endLine", loc.end_line), ("endColumn", loc.end_column)]
    props.append(("title", f"{finding.code} {finding.name}"))
    message = finding.message + (f" ({finding.hint})" if finding.hint else "")
    return command(level, props, message)


def render(result: Result) -> str:
    return "".join(f"{annotation(f)}\n" for f in result.findings) + summary(result) + "\n"
