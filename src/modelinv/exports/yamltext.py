"""YAML output for the exports other tools read: block style, keys in the order given.

A small emitter for plain data (dicts, lists, strings, numbers, booleans, None) rather than
PyYAML's representer, which spends ~30 µs per node and made a 10,000-model export take
tens of seconds. A string is written plain only when it is unmistakably a string to both
YAML 1.1 and 1.2 readers (no `no`, `1.10`, `2024-01-01`, `: `, leading symbols); anything
else is a double-quoted JSON string, which YAML reads unchanged once the characters JSON
leaves raw but YAML may not take as themselves are escaped too (`_UNSAFE`).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

from modelinv.support.batches import batched
from modelinv.support.text import utf8

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./@()+-]*(?: [A-Za-z0-9_./@()+-]+)*")
# Words YAML 1.1 (still read by Go and PyYAML) turns into booleans or null.
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}
# What `json.dumps(..., ensure_ascii=False)` leaves raw but a YAML reader may not take as
# itself: characters outside YAML's printable set (DEL, C1 controls, lone surrogates,
# U+FFFE, U+FFFF: the reader refuses the whole file), YAML 1.1's line breaks (NEL, U+2028,
# U+2029: folded into a space or kept as a break) and U+FEFF (a byte order mark). Written
# as `\uXXXX` escapes, which both YAML versions read back as the character.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def scalar(value: Any) -> str:
    if type(value) is str:  # most values: checked first
        return _text(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value} as YAML")
        text = repr(value)
        # YAML 1.1 (PyYAML) reads an exponent without a dot, `5e-05`, as a string.
        return text.replace("e", ".0e") if "e" in text and "." not in text else text
    return _text(str(value))


def _text(text: str) -> str:
    if _PLAIN.fullmatch(text) and text.lower() not in _SPECIAL:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNSAFE.sub(_escape, quoted) if _UNSAFE.search(quoted) else quoted


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


# Keys recur in every document (a 10,000-model export writes ~750,000 of them, a few
# hundred distinct): each is judged once.
_key = functools.lru_cache(maxsize=4096)(scalar)


def _lines(value: Any, indent: str, out: list[str]) -> None:
    """Append the block lines of a dict or list value (not of a scalar)."""
    if isinstance(value, dict):
        for key, item in value.items():
            _entry(f"{indent}{_key(key)}:", item, indent, out)
    else:
        for item in value:
            _entry(f"{indent}-", item, indent, out, listed=True)


def _entry(head: str, item: Any, indent: str, out: list[str], *, listed: bool = False) -> None:
    if not isinstance(item, _BLOCKS):
        out.append(f"{head} {scalar(item)}")
        return
    inner = indent + "  "
    if not item:
        out.append(f"{head} {'{}' if isinstance(item, dict) else '[]'}")
    elif isinstance(item, dict) and listed:
        # "- key: value" then the other keys aligned under the first one
        first = len(out)
        _lines(item, inner, out)
        out[first] = f"{head} {out[first][len(inner) :]}"
    else:
        out.append(head)
        _lines(item, inner if isinstance(item, dict) or listed else indent, out)


_BLOCKS = (dict, list)


def dump_documents(documents: Iterable[Any], header: str = "") -> bytes:
    return b"".join(document_pieces(documents, header))


def document_pieces(
    documents: Iterable[Any], header: str = "", batch: int = 256
) -> Iterator[bytes]:
    """`dump_documents`' text in pieces of `batch` documents, each written as it comes."""
    if header:
        yield utf8(header)
    written = False
    for some in batched(documents, batch):
        out: list[str] = []
        for document in some:
            out.append("---")
            _lines(document, "", out)
        yield utf8("\n".join(out) + "\n")
        written = True
    if not written:  # no document at all: an empty line, as ever
        yield b"\n"


def listed_document_pieces(
    fields: dict[str, Any], key: str, items: Iterable[Any], header: str = "", batch: int = 256
) -> Iterator[bytes]:
    """`dump_documents([{**fields, key: list(items)}], header)` in pieces: the one document
    of a source file whose last field is a long list, its items written as they come."""
    head: list[str] = ["---"]
    _lines(fields, "", head)
    opened = False
    for some in batched(items, batch):
        if not opened:
            head.append(f"{_key(key)}:")
            yield utf8(header + "\n".join(head) + "\n")
            opened = True
        out: list[str] = []
        for item in some:
            _entry("-", item, "", out, listed=True)
        yield utf8("\n".join(out) + "\n")
    if not opened:
        head.append(f"{_key(key)}: []")
        yield utf8(header + "\n".join(head) + "\n")
