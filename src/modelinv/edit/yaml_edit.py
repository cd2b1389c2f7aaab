"""Change one value of a YAML document in place.

The composer (`nodes`) says *where* a value is; the new text is spliced into the original,
so every other byte (comments, key order, quoting, indentation, flow style, line endings)
stays as it was. Dumping the whole document would rewrite indentation and line endings.
"""

from __future__ import annotations

from modelinv.edit.nodes import Node, ParseError, compose
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
        if parent_column is not None and mapping.pairs and not mapping.flow:
            step = mapping.pairs[0][0].column - parent_column
        found = _lookup(mapping, key)
        if found is None:
            return _insert(text, mapping, path[depth:], value, max(step, 1))
        key_node, node = found
        if depth == len(path) - 1:
            if node.kind != "scalar":
                raise EditError(f"{_dotted(path)} holds a {_what(node)}, not a single value")
            return _replace_scalar(text, key_node, node, value)
        if node.kind != "mapping":
            raise EditError(f"{_dotted(path[: depth + 1])} is a {_what(node)}, not a mapping")
        mapping, parent_column = node, key_node.column
    raise EditError("empty path")


def rename_key(text: str, path: Path, new: str) -> str:
    """`text` with the key at `path` renamed to `new` where it stands, its value and any
    comment on its line kept; unchanged when the key is absent or `new` is already there
    (a later `set_value` / `remove_key` then does the work)."""
    mapping = _parent(text, path)
    if mapping is None:
        return text
    found = _lookup(mapping, path[-1])
    if found is None or _lookup(mapping, new) is not None:
        return text
    key_node = found[0]
    return text[: key_node.start] + key_text(new) + text[key_node.end :]


def remove_key(text: str, path: Path) -> str:
    """`text` without the key at `path` (and its value); unchanged when it is absent."""
    mapping = _parent(text, path)
    if mapping is None:
        return text
    pairs = mapping.pairs
    index = next((i for i, (k, _) in enumerate(pairs) if _key(k) == path[-1]), None)
    if index is None:
        return text
    if mapping.flow:
        return _remove_flow(text, pairs, index)
    if len(pairs) == 1:
        raise EditError(f"cannot remove {_dotted(path)}: it is the only key of its mapping")
    key_node, value_node = pairs[index]
    start = _line_start(text, key_node.start)
    if text[start : key_node.start].strip():
        raise EditError(f"cannot remove {_dotted(path)}: it shares its line with other text")
    return text[:start] + text[_after_line(text, _leaf_end(text, value_node, key_node)) :]


def _parent(text: str, path: Path) -> Node | None:
    """The mapping holding the key at `path`; None when a mapping on the way is absent."""
    mapping = _root(text)
    for key in path[:-1]:
        found = _lookup(mapping, key)
        if found is None or found[1].kind != "mapping":
            return None
        mapping = found[1]
    return mapping


def _root(text: str) -> Node:
    try:
        node = compose(text)
    except ParseError as exc:
        raise EditError(f"cannot parse the file: {exc}") from None
    if node is None or node.kind != "mapping":
        raise EditError("the file does not hold a mapping")
    return node


def _key(node: Node) -> str | None:
    return node.value if node.kind == "scalar" else None


def _lookup(mapping: Node, key: str) -> tuple[Node, Node] | None:
    for key_node, value_node in mapping.pairs:
        if _key(key_node) == key:
            return key_node, value_node
    return None


def _replace_scalar(text: str, key: Node, node: Node, value: Value) -> str:
    start, end = node.start, node.end
    new = scalar_text(value, node.style)
    if node.empty:
        start = end = _leaf_end(text, node, key)
        new = " " + new
    elif node.style in ("|", ">"):
        # A block scalar's span runs to the next line start: keep its last line break and
        # any blank lines after the content.
        end = start + len(text[start:end].rstrip(" \r\n"))
    return text[:start] + new + text[end:]


def _insert(text: str, mapping: Node, keys: Path, value: Value, step: int) -> str:
    if mapping.flow:
        entry = _flow_entry(keys, value)
        if not mapping.pairs:
            at = mapping.start + 1
            return text[:at] + entry + text[at:]
        at = _leaf_end(text, mapping.pairs[-1][1], mapping.pairs[-1][0])
        return text[:at] + ", " + entry + text[at:]
    indent = mapping.pairs[0][0].column
    at = _after_line(text, _leaf_end(text, mapping.pairs[-1][1], mapping.pairs[-1][0]))
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


def _remove_flow(text: str, pairs: tuple[tuple[Node, Node], ...], index: int) -> str:
    key_node, value_node = pairs[index]
    if index + 1 < len(pairs):
        start, end = key_node.start, pairs[index + 1][0].start
    elif index > 0:
        start = _leaf_end(text, pairs[index - 1][1], pairs[index - 1][0])
        end = _leaf_end(text, value_node, key_node)
    else:
        start, end = key_node.start, _leaf_end(text, value_node, key_node)
    return text[:start] + text[end:]


def _leaf_end(text: str, node: Node, key: Node | None = None) -> int:
    """Where a value's own text ends: a block collection's end mark lies past trailing
    comments, so follow its last item down; an empty value ends at its key's colon."""
    if node.empty and key is not None:
        return text.index(":", key.end) + 1
    if node.kind == "scalar" or node.flow:
        return node.end
    if node.pairs:
        return _leaf_end(text, node.pairs[-1][1], node.pairs[-1][0])
    if node.items:
        return _leaf_end(text, node.items[-1])
    return node.end


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
    if text.startswith("\r\n", at - 2) and at >= 2:
        return "\r\n"
    if at > 0 and text[at - 1] in "\r\n":
        return text[at - 1]
    breaks = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
    if not breaks:
        return "\n"
    i = min(breaks)
    return "\r\n" if text.startswith("\r\n", i) else text[i]


def _dotted(path: Path) -> str:
    return ".".join(path)


def _what(node: Node) -> str:
    return {"mapping": "mapping", "sequence": "list"}.get(node.kind, "single value")
