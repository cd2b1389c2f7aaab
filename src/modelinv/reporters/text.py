"""`path:line:col: CODE message (hint)`, sorted, then one summary line."""

from __future__ import annotations

from modelinv.findings import Finding, Result, Severity
from modelinv.support.unsafe_text import visible


def summary(result: Result) -> str:
    files = len({f.location.path for f in result.findings})
    checked = f"{result.files_checked} file{'s' if result.files_checked != 1 else ''} checked"
    if result.waived:
        checked += f", {_plural(result.waived, 'finding')} waived"
    if not result.findings:
        return f"No problems found ({checked})."
    return (
        f"Found {_plural(result.errors, 'error')} and {_plural(result.warnings, 'warning')} "
        f"in {_plural(files, 'file')} ({checked})."
    )


def render(result: Result) -> str:
    """One finding a line (`line`), then the summary."""
    out = list(map(line, result.findings))
    out.append(summary(result))
    out.append("")
    return "\n".join(out)


def line(finding: Finding) -> str:
    """`path:line:col: CODE message (hint)`, and ` [warning]` for a warning. File names and
    quoted values may come from a hostile pull request, so control, bidi and other hidden
    characters are shown as escapes."""
    loc = finding.location
    text = f"{loc.path}:{loc.line}:{loc.column}: {finding.code} {finding.message}"
    if finding.hint:
        text += f" ({finding.hint})"
    if finding.severity is Severity.WARNING:
        text += " [warning]"
    return text if text.isascii() and text.isprintable() else visible(text)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"
