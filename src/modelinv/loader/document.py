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
    findings: list[Finding] = field(default_factory=list)
    # No value can hold a control, bidi or invisible character (see unsafe_text).
    plainly_safe: bool = False
    # The decoded text, for rules that point inside a value (e.g. SEC001); no copy is made.
    source: str = ""
    # Where plain scalars became dates, when known (the fast path; its keys are all text):
    # data as JSON sees it is then made by copying only the way to each
    # (`support.json_data.dates_as_text`). None: unknown.
    dates: tuple[Pointer, ...] | None = None
    # Where each value and each mapping key is, by pointer: a span, or (from the libyaml
    # fast path, `nodes.py`) the node itself, whose marks become a span only when asked.
    # Nearly every file is asked for a dozen positions of the hundreds it has, so building
    # every span up front cost more than a twentieth of checking a file.
    _values: dict[Pointer, Any] = field(default_factory=dict)
    _keys: dict[Pointer, Any] = field(default_factory=dict)
    _nodes: bool = False  # the tables may hold nodes

    @property
    def values(self) -> dict[Pointer, Span]:
        """Every value's span (the whole table: `value_span` reads one)."""
        self._spans_only()
        return self._values

    @property
    def keys(self) -> dict[Pointer, Span]:
        """Every mapping key's span."""
        self._spans_only()
        return self._keys

    def set_nodes(self, values: dict[Pointer, Any], keys: dict[Pointer, Any]) -> None:
        """Take tables whose entries may be nodes with `start_mark` and `end_mark`."""
        self._values, self._keys, self._nodes = values, keys, True

    def _spans_only(self) -> None:
        if self._nodes:
            for table in (self._values, self._keys):
                for pointer, found in table.items():
                    table[pointer] = _as_span(found)
            self._nodes = False

    @property
    def ok(self) -> bool:
        return not self.findings and isinstance(self.data, dict)

    def value_span(self, pointer: Pointer) -> Span | None:
        """The span of the value at `pointer`, if there is one there."""
        found = self._values.get(pointer)
        return None if found is None else _as_span(found)

    def span(self, pointer: Pointer, *, key: bool = False) -> Span:
        """The span of the value (or key) at `pointer`; a missing one falls back to its parent."""
        values, keys = self._values, self._keys
        table = keys if key else values
        probe = pointer
        while probe:
            found = table.get(probe)
            if found is None:
                found = values.get(probe)
            if found is None:
                found = keys.get(probe)
            if found is not None:
                return _as_span(found)
            probe = probe[:-1]
        found = values.get(())
        return (1, 1, 1, 1) if found is None else _as_span(found)

    def locate_mark(self, event: Any) -> Location:
        """Where a parser event starts (marks are 0-based)."""
        mark = event.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def locate(self, pointer: Pointer, *, key: bool = False) -> Location:
        line, col, end_line, end_col = self.span(pointer, key=key)
        return Location(self.path, line, col, end_line, end_col)


def _as_span(found: Any) -> Span:
    """A table entry as a span: a span already, or a node whose marks make one."""
    if found.__class__ is tuple:
        return found
    start, end = found.start_mark, found.end_mark
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
