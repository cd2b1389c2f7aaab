"""Change one value of a YAML document in place.

ruamel.yaml's round-trip composer (YAML 1.2) says *where* a value is; the new text is
spliced into the original, so every other byte (comments, key order, quoting,
indentation, flow style, line endings) stays as it was. Dumping the whole document would
rewrite indentation and line endings.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from modelinv.edit.scalars import Value, key_text, scalar_text

Path = tuple[str, ...]
_DEFAULT_STEP = 2


class EditError(Exception):
    """The edit cannot be made; the message is one line for the user."""


def set_value(text: str, path: Path, value: Value) -> str:
    """`text` with the scalar at `path` set to `value`; missing mappings are created."""
    mapping, step = _root(text), _DEFAULT_STEP
    parent_column: int | None = None
    for depth, key in enumerate(path):
        found = _lookup(mapping, key)
        if parent_column is not None and mapping.value and not mapping.flow_style:
            step = mapping.value[0][0].start_mark.column - parent_column
        if found is None:
            return _insert(text, mapping, path[depth:], value, max(step, 1))
        key_node, node = found
        if depth == len(path) - 1:
            if not isinstance(node, ScalarNode):
                raise EditError(f"{_dotted(path)} holds a {_what(node)}, not a single value")
            return _replace_scalar(text, key_node, node, value)
        if not isinstance(node, MappingNode):
            raise EditError(f"{_dotted(path[: depth + 1])} is a {_what(node)}, not a mapping")
        mapping, parent_column = node, key_node.start_mark.column
    raise EditError("empty path")


def remove_key(text: str, path: Path) -> str:
    """`text` without the key at `path` (and its value); unchanged when it is absent."""
    mapping = _root(text)
    for key in path[:-1]:
        found = _lookup(mapping, key)
        if found is None or not isinstance(found[1], MappingNode):
            return text
        mapping = found[1]
    items = mapping.value
    index = next((i for i, (k, _) in enumerate(items) if _key(k) == path[-1]), None)
    if index is None:
        return text
    if mapping.flow_style:
        return _remove_flow(text, items, index)
    if len(items) == 1:
        raise EditError(f"cannot remove {_dotted(path)}: it is the only key of its mapping")
    key_node, value_node = items[index]
    start = _line_start(text, key_node.start_mark.index)
    if text[start : key_node.start_mark.index].strip():
        raise EditError(f"cannot remove {_dotted(path)}: it shares its line with other text")
    return text[:start] + text[_after_line(text, _leaf_end(text, value_node, key_node)) :]


def _root(text: str) -> MappingNode:
    try:
        node = YAML(typ="rt").compose(text)
    except Exception as exc:  # the parser raises several types (see GUIDE section 4)
        raise EditError(f"cannot parse the file: {' '.join(str(exc).split())}") from None
    if not isinstance(node, MappingNode):
        raise EditError("the file does not hold a mapping")
    return node


def _key(node: Node) -> Any:
    return node.value if isinstance(node, ScalarNode) else None


def _lookup(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
    for key_node, value_node in mapping.value:
        if _key(key_node) == key:
            return key_node, value_node
    return None


def _replace_scalar(text: str, key: Node, node: ScalarNode, value: Value) -> str:
    start, end = node.start_mark.index, node.end_mark.index
    new = scalar_text(value, node.style)
    if _empty(node):
        # `key:` with no value: the empty scalar is marked at the next token.
        start = end = _leaf_end(text, node, key)
        new = " " + new
    elif node.style in ("|", ">"):
        # A block scalar's span runs to the next line start: keep its last line break and
        # any blank lines after the content.
        end = start + len(text[start:end].rstrip(" \r\n"))
    return text[:start] + new + text[end:]


def _insert(text: str, mapping: MappingNode, keys: Path, value: Value, step: int) -> str:
    if mapping.flow_style:
        entry = _flow_entry(keys, value)
        if not mapping.value:
            at = mapping.start_mark.index + 1
            return text[:at] + entry + text[at:]
        at = _leaf_end(text, mapping.value[-1][1], mapping.value[-1][0])
        return text[:at] + ", " + entry + text[at:]
    indent = mapping.value[0][0].start_mark.column
    at = _after_line(text, _leaf_end(text, mapping.value[-1][1], mapping.value[-1][0]))
    eol = _line_ending(text, at)
    lines = _block_lines(keys, value, indent, step)
    if at == len(text) and not text.endswith(("\n", "\r")):
        return text + eol + eol.join(lines)
    return text[:at] + "".join(line + eol for line in lines) + text[at:]


def _block_lines(keys: Path, value: Value, indent: int, step: int) -> list[str]:
    pad = " " * indent
    if len(keys) == 1:
        return [f"{pad}{key_text(keys[0])}: {scalar_text(value)}"]
    return [f"{pad}{key_text(keys[0])}:", *_block_lines(keys[1:], value, indent + step, step)]


def _flow_entry(keys: Path, value: Value) -> str:
    if len(keys) == 1:
        return f"{key_text(keys[0])}: {scalar_text(value)}"
    return f"{key_text(keys[0])}: {{{_flow_entry(keys[1:], value)}}}"


def _remove_flow(text: str, items: list[tuple[Node, Node]], index: int) -> str:
    key_node, value_node = items[index]
    if index + 1 < len(items):
        start, end = key_node.start_mark.index, items[index + 1][0].start_mark.index
    elif index > 0:
        start = _leaf_end(text, items[index - 1][1], items[index - 1][0])
        end = _leaf_end(text, value_node, key_node)
    else:
        start, end = key_node.start_mark.index, _leaf_end(text, value_node, key_node)
    return text[:start] + text[end:]


def _leaf_end(text: str, node: Node, key: Node | None = None) -> int:
    """Where a value's own text ends: a block collection's end mark lies past trailing
    comments, so follow its last item down; an empty value ends at its key's colon."""
    if _empty(node) and key is not None:
        return text.index(":", key.end_mark.index) + 1
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False) or not node.value:
        return int(node.end_mark.index)
    last = node.value[-1]
    return _leaf_end(text, last[1], last[0]) if isinstance(last, tuple) else _leaf_end(text, last)


def _empty(node: Node) -> bool:
    return (
        isinstance(node, ScalarNode)
        and not node.style
        and node.start_mark.index == node.end_mark.index
    )


def _line_start(text: str, at: int) -> int:
    return max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1


def _after_line(text: str, at: int) -> int:
    """The start of the line after the one holding `at` (or `at` if it starts a line)."""
    if at == 0 or text[at - 1] in "\r\n":
        return at
    breaks = [i for i in (text.find("\n", at), text.find("\r", at)) if i >= 0]
    if not breaks:
        return len(text)
    i = min(breaks)
    return i + 2 if text.startswith("\r\n", i) else i + 1


def _line_ending(text: str, at: int) -> str:
    """The line break of the line before `at`, else the file's first one, else LF."""
    if text[:at].endswith("\r\n"):
        return "\r\n"
    if text[:at].endswith(("\n", "\r")):
        return text[at - 1]
    breaks = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
    if not breaks:
        return "\n"
    i = min(breaks)
    return "\r\n" if text.startswith("\r\n", i) else text[i]


def _dotted(path: Path) -> str:
    return ".".join(path)


def _what(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    return "list" if not isinstance(node, ScalarNode) else "single value"
