"""GitHub Actions workflow commands: each finding becomes an annotation on its line."""

from __future__ import annotations

from modelinv.findings import Finding, Result, Severity
from modelinv.reporters.text import summary
from modelinv.support.unsafe_text import visible


def _data(text: str) -> str:
    """Workflow-command data: hidden characters (ESC, newlines, bidi) shown as escapes,
    then GitHub's own escapes for what is left."""
    text = visible(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    level = "error" if finding.severity is Severity.ERROR else "warning"
    loc = finding.location
    props = [f"file={_property(loc.path)}", f"line={loc.line}", f"col={loc.column}"]
    if loc.end_line is not None and loc.end_column is not None:
        props += [f"endLine={loc.end_line}", f"endColumn={loc.end_column}"]
    props.append(f"title={_property(f'{finding.code} {finding.name}')}")
    message = finding.message + (f" ({finding.hint})" if finding.hint else "")
    return f"::{level} {','.join(props)}::{_data(message)}"


def render(result: Result) -> str:
    return "".join(f"{annotation(f)}\n" for f in result.findings) + summary(result) + "\n"
