"""Where each node of a YAML document is: offsets into the text, quoting and flow style.

ruamel.yaml's round-trip composer (YAML 1.2) is asked first. It rejects a few inputs that
libyaml and the validator accept (a tab right after `key:`), so PyYAML's libyaml composer
is the fallback; both only locate nodes here, nothing is typed, and every edit is checked
by re-loading it with the validator's own loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ruamel.yaml import YAML

try:
    from yaml import CSafeLoader
    from yaml import compose as libyaml_compose
except ImportError:  # PyYAML without libyaml: ruamel.yaml serves alone
    CSafeLoader = None  # type: ignore[assignment,misc]


class ParseError(Exception):
    """The text cannot be parsed; the message is one line."""


@dataclass(frozen=True, slots=True)
class Node:
    kind: Literal["scalar", "mapping", "sequence"]
    start: int  # character offsets into the text
    end: int
    column: int  # 0-based column of the start
    style: str | None = None  # a scalar's: None plain, ', ", |, >
    flow: bool = False  # a collection written in [..] or {..}
    value: str = ""  # a scalar's text
    items: tuple[Node, ...] = ()  # a sequence's
    pairs: tuple[tuple[Node, Node], ...] = ()  # a mapping's (key, value)

    @property
    def empty(self) -> bool:
        """`key:` with no value: a plain scalar of no text (marked at the next token)."""
        return self.kind == "scalar" and not self.style and self.start == self.end


def compose(text: str) -> Node | None:
    try:
        return _convert(YAML(typ="rt").compose(text))
    except Exception as exc:  # the parser raises several types (see GUIDE section 4)
        first = exc
    if CSafeLoader is not None:
        try:
            return _convert(libyaml_compose(text, Loader=CSafeLoader))
        except Exception:
            pass
    raise ParseError(" ".join(str(first).split())) from None


def _convert(node: Any) -> Node | None:
    if node is None:
        return None
    name = type(node).__name__
    start, end = node.start_mark.index, node.end_mark.index
    column = node.start_mark.column
    if name == "ScalarNode":
        return Node("scalar", start, end, column, style=node.style or None, value=node.value)
    flow = bool(node.flow_style)
    if name == "MappingNode":
        pairs = tuple((_need(k), _need(v)) for k, v in node.value)
        return Node("mapping", start, end, column, flow=flow, pairs=pairs)
    return Node("sequence", start, end, column, flow=flow, items=tuple(map(_need, node.value)))


def _need(node: Any) -> Node:
    converted = _convert(node)
    assert converted is not None
    return converted
