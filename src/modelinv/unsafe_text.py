"""Find control, bidirectional and invisible characters in strings."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from modelinv.loader.document import Pointer

_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def bad_char(text: str, *, strict: bool) -> str | None:
    """The first unsafe character: controls and bidi anywhere, any format char when strict."""
    for char in text:
        if char.isascii() and (char.isprintable() or char in _ALLOWED_CONTROLS):
            continue
        category = unicodedata.category(char)
        if char in _BIDI or (category == "Cc" and char not in _ALLOWED_CONTROLS):
            return char
        if strict and category in ("Cf", "Zs", "Co", "Cn") and char != " ":
            return char
    return None


def describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'character')}"


def scan(data: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, str, bool]]:
    """(pointer, char, in_key) for each unsafe string; keys and id-like values are strict."""
    if isinstance(data, dict):
        for key, value in data.items():
            found = bad_char(key, strict=True)
            if found:
                yield (*pointer, key), found, True
            yield from scan(value, (*pointer, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from scan(value, (*pointer, index))
    elif isinstance(data, str):
        found = bad_char(data, strict=_id_like(data))
        if found:
            yield pointer, found, False


def _id_like(text: str) -> bool:
    # ids and references are short and space-free: every invisible character there is suspect
    return len(text) <= 140 and " " not in text
