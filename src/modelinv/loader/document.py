"""A parsed YAML file: plain data, where each value came from, and what went wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modelinv.findings import Finding, Location

Pointer = tuple[str | int, ...]
# 1-based (line, column, end_line, end_column) of a node in the file.
Span = tuple[int, int, int, int]


@dataclass(slots=True)
class Document:
    path: str
    data: Any = None
    values: dict[Pointer, Span] = field(default_factory=dict)
    keys: dict[Pointer, Span] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # No value can hold a control, bidi or invisible character (see unsafe_text).
    plainly_safe: bool = False
    # The decoded text, for rules that point inside a value (e.g. SEC001); no copy is made.
    source: str = ""

    @property
    def ok(self) -> bool:
        return not self.findings and isinstance(self.data, dict)

    def span(self, pointer: Pointer, *, key: bool = False) -> Span:
        """The span of the value (or key) at `pointer`; a missing one falls back to its parent."""
        table = self.keys if key else self.values
        probe = pointer
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1, 1, 1))

    def locate_mark(self, event: Any) -> Location:
        """Where a parser event starts (marks are 0-based)."""
        mark = event.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def locate(self, pointer: Pointer, *, key: bool = False) -> Location:
        line, col, end_line, end_col = self.span(pointer, key=key)
        return Location(self.path, line, col, end_line, end_col)
