"""The fast path: libyaml composes the node tree in C, and one short walk turns it into the
same data and source map the event composer (`compose.py`) builds.

Most catalog files use nothing but plain mappings, lists and scalars. For them, letting
libyaml build the nodes (with their line marks) costs about a third of sending every event
into Python. Anything the event composer has a finding or a special case for (anchors,
aliases, tags, merge keys, tabs, duplicate keys, deep nesting, several documents, a
non-mapping root, an empty value whose position depends on the event before it) is
either ruled out by a byte scan before parsing or detected during the walk, and the file
then goes through the event path instead. So the two paths never disagree:
`tests/loader/test_nodes.py` checks that on every YAML file of the repository.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from modelinv.loader.compose import MAX_DEPTH, key_identity
from modelinv.loader.document import Document, Pointer
from modelinv.loader.resolve import MAYBE_NOT_TEXT, resolve_plain

try:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]  # the stubs omit it
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode
except ImportError:  # PyYAML built without libyaml: the event path serves alone
    CParser = None  # type: ignore[misc,assignment]

# Bytes that may start something only the event path handles: anchors, aliases, tags, tabs
# and merge keys; then compact nested lists (`- - -`, where nesting costs two bytes a level)
# and deep indentation. Such bytes inside ordinary text merely send the file the slow way.
# (Separate `in` tests are memchr scans, several times faster than one alternation.)
_SPECIAL = (b"&", b"*", b"!", b"\t", b"<<", b"\n" + b" " * 96)
_COMPACT_NESTING = re.compile(rb"- +-(?=[ \r\n]|\Z)")
# More flow brackets than this could nest past MAX_DEPTH before the walk sees it.
_MAX_BRACKETS = MAX_DEPTH


class _Fallback(Exception):
    """The file needs the event path."""


if CParser is not None:

    class _NodeParser(CParser):
        """libyaml's composer with the resolver reduced to nothing: scalars are typed by
        `resolve_plain`, like on the event path, and explicit tags never reach here."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            return ""

        def descend_resolver(self, parent: Any, index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None


def compose_fast(data: bytes, doc: Document) -> bool:
    """Fill `doc` from `data` through libyaml's composer; False (and `doc` untouched) when
    the file must go through the event path."""
    if CParser is None or any(s in data for s in _SPECIAL) or _COMPACT_NESTING.search(data):
        return False
    if data.count(b"[") + data.count(b"{") > _MAX_BRACKETS:
        return False
    parser = _NodeParser(data)
    try:
        root = parser.get_single_node()
    except Exception:
        return False  # the event path reports it, worded by the reference parser
    finally:
        parser.dispose()
    if type(root) is not MappingNode:
        return False
    values: dict[Pointer, Any] = {}
    keys: dict[Pointer, Any] = {}
    walk = _Walk(values, keys)
    try:
        result = walk.mapping(root, (), 0)
    except _Fallback:
        return False
    doc.data = result
    doc.set_nodes(values, keys)
    doc.dates = tuple(walk.dates)
    return True


class _Walk:
    """Data from nodes; the tables get the nodes themselves (their marks are the spans,
    read only for the few positions anyone asks for: see `Document`), except for an empty
    value, whose span the event path pins after what came before it."""

    __slots__ = ("dates", "keys", "previous", "values")

    def __init__(self, values: dict[Pointer, Any], keys: dict[Pointer, Any]) -> None:
        self.values = values
        self.keys = keys
        self.dates: list[Pointer] = []  # where plain scalars became dates
        # What the event stream emitted last (its end mark is where an empty value sits);
        # None right after a collection starts, whose start event's end is not kept.
        self.previous: Any = None

    def scalar_span(self, node: Any) -> Any:
        """The node itself, or for an empty plain value the span the event path gives it."""
        if node.value == "" and not node.style:
            previous = self.previous
            if previous is None:
                raise _Fallback
            end = previous.end_mark
            self.previous = node
            return (end.line + 1, end.column + 1) * 2
        self.previous = node
        return node

    def typed(self, text: str, pointer: Pointer) -> Any:
        """A plain scalar's value, noting where dates are (see `Document.dates`)."""
        value = resolve_plain(text)
        if value.__class__ is dt.date:
            self.dates.append(pointer)
        return value

    def value(self, node: Any, pointer: Pointer, depth: int) -> Any:
        kind = type(node)
        if kind is ScalarNode:
            self.values[pointer] = self.scalar_span(node)
            return self.typed(node.value, pointer) if not node.style else node.value
        if kind is MappingNode:
            return self.mapping(node, pointer, depth)
        if kind is SequenceNode:
            return self.sequence(node, pointer, depth)
        raise _Fallback

    def mapping(self, node: Any, pointer: Pointer, depth: int) -> dict[str, Any]:
        if depth >= MAX_DEPTH:
            raise _Fallback
        self.previous = None
        result: dict[str, Any] = {}
        keys, values = self.keys, self.values
        # The common case inline (a key and a non-empty plain or quoted scalar value): this
        # loop runs once per line of every catalog file.
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _Fallback
            key = key_node.value
            if key in result:
                raise _Fallback  # a duplicate key: the event path reports it
            maybe_not_text = (not key or key[0] in MAYBE_NOT_TEXT) and not key_node.style
            if maybe_not_text and key_identity(key).__class__ is not str:
                raise _Fallback  # `~`, `1`, `true`: the event path compares YAML values
            at = (*pointer, key)
            # Never an empty plain scalar (that key is null, refused above): its own marks.
            keys[at] = key_node
            text = value_node.value
            if value_node.__class__ is ScalarNode and (text or value_node.style):
                values[at] = value_node
                stays_text = value_node.style or text[0] not in MAYBE_NOT_TEXT
                result[key] = text if stays_text else self.typed(text, at)
                self.previous = value_node
            else:
                self.previous = key_node
                result[key] = self.value(value_node, at, depth + 1)
        values[pointer] = node
        self.previous = node
        return result

    def sequence(self, node: Any, pointer: Pointer, depth: int) -> list[Any]:
        if depth >= MAX_DEPTH:
            raise _Fallback
        self.previous = None
        result: list[Any] = []
        values = self.values
        # Plain or quoted non-empty scalar items inline, as in `mapping`.
        for index, item in enumerate(node.value):
            text = item.value
            if item.__class__ is ScalarNode and (text or item.style):
                values[(*pointer, index)] = item
                stays_text = item.style or text[0] not in MAYBE_NOT_TEXT
                result.append(text if stays_text else self.typed(text, (*pointer, index)))
                self.previous = item
            else:
                result.append(self.value(item, (*pointer, index), depth + 1))
        values[pointer] = node
        self.previous = node
        return result
