"""Markdown building blocks: safe table cells, tables, numbers, the basis line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from modelinv.reports.common import Basis
from modelinv.reports.common import money as plain_money
from modelinv.reports.usage import Traffic

_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n|\u2028|\u2029)\s*")


def cell(value: object) -> str:
    """Text safe inside a table cell: one line, `|` escaped, no raw HTML."""
    text = _BREAKS.sub(" ", str(value)).strip()
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def code(value: str) -> str:
    """Text in code style, safe in a table cell (code spans show `<` and `\\` as is)."""
    text = _BREAKS.sub(" ", value).strip().replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Cells must already be safe (see `cell`)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def count(value: int) -> str:
    return f"{value:,}"


def plural(value: int, noun: str, nouns: str | None = None) -> str:
    """`1 model`, `2 models` (`nouns` for irregular plurals)."""
    return f"{value:,} {noun if value == 1 else nouns or noun + 's'}"


def money(amount: float, currency: str) -> str:
    return plain_money(amount, cell(currency))


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def requests(traffic: Traffic) -> str:
    if traffic.requests is None:
        return "unknown"
    if traffic.complete:
        return count(traffic.requests)
    return f"{count(traffic.requests)} (data for {traffic.days_known} of {traffic.days} days)"


def basis_lines(basis: Basis) -> list[str]:
    if basis.usage is None:
        usage = "no usage data (traffic unknown)"
    elif basis.usage_from is None:
        usage = f"usage data {code(basis.usage)} (no rows up to today: traffic unknown)"
    else:
        usage = f"usage data {code(basis.usage)} ({basis.usage_from} to {basis.usage_to})"
    lines = [f"As of {basis.today} · catalog {code(basis.catalog)} · {usage}"]
    if basis.skipped:
        files = ", ".join(code(path) for path in basis.skipped)
        lines += [
            "",
            f"> **{plural(len(basis.skipped), 'file')} failed validation and "
            f"{'is' if len(basis.skipped) == 1 else 'are'} left out:** {files} "
            "(run `modelinv validate`).",
        ]
    return lines
