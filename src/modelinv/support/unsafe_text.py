"""Find control, bidirectional and invisible characters in strings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

Pointer = tuple[str | int, ...]

# Embeddings, overrides and isolates reorder text ("Trojan Source"); the plain direction
# marks (U+200E, U+200F, U+061C) are normal in right-to-left prose and stay allowed there.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def bad_char(text: str, *, strict: bool) -> str | None:
    """The first unsafe character: controls and bidi anywhere, any format char when strict."""
    if text.isascii():
        # The common case, kept out of the per-character loop.
        found = _ASCII_CONTROL.search(text)
        return found.group() if found else None
    for char in text:
        if char.isascii() and (char.isprintable() or char in _ALLOWED_CONTROLS):
            continue
        category = unicodedata.category(char)
        if char in _BIDI or (category == "Cc" and char not in _ALLOWED_CONTROLS):
            return char
        if category == "Cs":  # a lone surrogate (from an escape such as "\ud800")
            return char
        if strict and category in ("Cf", "Zs", "Co", "Cn") and char != " ":
            return char
    return None


def plainly_safe(source: str) -> bool:
    """True when no value of a YAML text can hold an unsafe character: ASCII without
    controls or backslashes (a double-quoted escape such as "\u200b" makes one)."""
    return source.isascii() and "\\" not in source and not _ASCII_CONTROL.search(source)


# What a terminal, a CI log or a reader could take for something else: controls (C0 with
# tab and newline, DEL, C1 such as U+009B, a one-character "ESC ["), bidi and other format
# characters, line and paragraph separators, lone surrogates (undecodable file names),
# private-use and unassigned code points, and spaces other than the ASCII one.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})


def hidden(char: str) -> bool:
    """True for a character that must not reach a terminal or a log as itself."""
    if char.isascii():
        return not char.isprintable()
    return char in _BIDI or unicodedata.category(char) in _HIDDEN_CATEGORIES


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str) -> str:
    """`text` on one line with every hidden character (newlines, tabs and escape sequences
    included) shown as a `\\uXXXX` escape: for messages and every text output."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_escape(c) if hidden(c) else c for c in text)


def json_visible(dumped: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with the hidden characters
    json leaves raw (DEL and every non-ASCII one) written as `\\uXXXX` escapes: the same
    data, safe to print. Such characters only occur inside strings, so this stays valid."""
    if dumped.isascii() and "\x7f" not in dumped:
        return dumped
    return "".join(
        _json_escape(c) if c == "\x7f" or (not c.isascii() and hidden(c)) else c for c in dumped
    )


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


# Characters unicodedata has no name for, named as the standard's aliases do.
_UNNAMED = {"\x85": "NEXT LINE (NEL)", "\x7f": "DELETE"}


def describe(char: str) -> str:
    category = unicodedata.category(char)
    fallback = {"Cc": "control character", "Cs": "lone surrogate"}.get(category, "character")
    return f"U+{ord(char):04X} {_UNNAMED.get(char) or unicodedata.name(char, fallback)}"


def scan(
    data: Any, strict: Callable[[Pointer], bool], pointer: Pointer = ()
) -> Iterator[tuple[Pointer, str, bool]]:
    """(pointer, char, in_key) for each unsafe string; keys and `strict` values get the
    strict check (ids and references), free text only the control and bidi one."""
    if isinstance(data, dict):
        for key, value in data.items():
            found = bad_char(key, strict=True)
            if found:
                yield (*pointer, key), found, True
            yield from scan(value, strict, (*pointer, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from scan(value, strict, (*pointer, index))
    elif isinstance(data, str):
        # ASCII text is judged the same either way: ask `strict` only when it matters.
        found = bad_char(data, strict=not data.isascii() and strict(pointer))
        if found:
            yield pointer, found, False


# Characters a CODEOWNERS pattern cannot hold safely: `#` starts a comment, `*?[]` are
# globs that would match other files, `\` escapes, `!` negates (GitHub supports neither
# escaping `#` nor negation, so such a name cannot be written as a literal path there).
_CODEOWNERS_SPECIAL = frozenset("#*?[]\\!")
_LINE_BREAKING = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def unsafe_path_char(path: str) -> str | None:
    """The first character of a catalog path that would let it break out of a line (tab,
    newline, any control), hide (bidi, zero-width, odd spaces) or act as a pattern in
    CODEOWNERS; None when every character is safe. Plain spaces are allowed (escaped)."""
    if path.isascii() and path.isprintable() and _CODEOWNERS_SPECIAL.isdisjoint(path):
        return None  # the common case, in one pass of C: nothing below can object
    for char in path:
        if char in _CODEOWNERS_SPECIAL or char in _LINE_BREAKING:
            return char
        if not char.isascii() and unicodedata.category(char) in ("Zl", "Zp"):
            return char
    return bad_char(path, strict=True)
