"""Markdown building blocks: safe table cells, tables, numbers, the basis line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from modelinv.reports.common import Basis
from modelinv.reports.common import money as plain_money
from modelinv.reports.usage import Traffic
from modelinv.support.unsafe_text import visible
from modelinv.support.wording import days_text

_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n|\u2028|\u2029|\x85)\s*")
# Characters that start Markdown syntax inline (emphasis, code, links, images, tables,
# strikethrough, escapes): shown as themselves, escaped.
_PUNCTUATION = frozenset("\\`*_[]!|~")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# What starts a URL autolink in GitHub's Markdown (`https://...`, `www.`); an escaped `:` or
# `.` keeps the text but not the link. (A bare e-mail address still becomes a mailto: link.)
_AUTOLINK = re.compile(r"(?i)(?<=www)\.|:(?=/)")


def cell(value: object) -> str:
    """The one escaper of every Markdown output: any text as inline Markdown that renders
    as exactly that text, on one line. No raw HTML (`<`, `>`, `&` as entities), no link,
    image, emphasis, code or table break (their punctuation backslash-escaped), no URL
    autolink; line breaks become spaces and control, bidi and invisible characters show as
    `\\uXXXX`. Safe in a table cell, a list item, a heading or a paragraph."""
    text = visible(_BREAKS.sub(" ", str(value)).strip())
    return _AUTOLINK.sub(_escaped, text.translate(_CELL_ESCAPES))


# `cell`'s escapes as one table for `str.translate` (in C: a character at a time in Python
# was most of the review report's Markdown, a dozen cells for each of 10,000 models).
_CELL_ESCAPES = str.maketrans({**{char: f"\\{char}" for char in _PUNCTUATION}, **_ENTITIES})


def _escaped(found: re.Match[str]) -> str:
    return "\\" + found.group()


def code(value: str) -> str:
    """Text in code style, on one line, safe in a table cell: the fence is longer than any
    run of backticks inside, so the text cannot close it (code spans show `<` as is)."""
    text = visible(_BREAKS.sub(" ", value).strip()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if longest or text.startswith(" ") or text.endswith(" ") else text
    return f"{fence}{padded}{fence}"


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
    """`part` of `whole` as a whole percentage, 100% only when it is all of it and 0% only
    when none: 199 of 200 models meeting their targets is 99%, not a rounded 100%."""
    if not whole:
        return "n/a"
    value = round(100 * part / whole)
    if part < whole:
        value = min(value, 99)
    if part > 0:
        value = max(value, 1)
    return f"{value}%"


def requests(traffic: Traffic) -> str:
    if traffic.requests is None:
        return "unknown"
    if traffic.complete:
        return count(traffic.requests)
    return f"{count(traffic.requests)} (data for {traffic.days_known} of {days_text(traffic.days)})"


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
