"""YAML output for the exports other tools read: block style, keys in the order given.

A small emitter for plain data (dicts, lists, strings, numbers, booleans, None) rather than
PyYAML's representer, which spends ~30 µs per node and made a 10,000-model export take
tens of seconds. A string is written plain only when it is unmistakably a string to both
YAML 1.1 and 1.2 readers (no `no`, `1.10`, `2024-01-01`, `: `, leading symbols); anything
else is a double-quoted JSON string, which YAML reads unchanged.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./@()+-]*(?: [A-Za-z0-9_./@()+-]+)*")
# Words YAML 1.1 (still read by Go and PyYAML) turns into booleans or null.
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}


def scalar(value: Any) -> str:
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
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _SPECIAL:
        return text
    return json.dumps(text, ensure_ascii=False)


def _lines(value: Any, indent: str, out: list[str]) -> None:
    """Append the block lines of a dict or list value (not of a scalar)."""
    if isinstance(value, dict):
        for key, item in value.items():
            _entry(f"{indent}{scalar(key)}:", item, indent, out)
    else:
        for item in value:
            _entry(f"{indent}-", item, indent, out, listed=True)


def _entry(head: str, item: Any, indent: str, out: list[str], *, listed: bool = False) -> None:
    inner = indent + "  "
    if isinstance(item, dict | list) and not item:
        out.append(f"{head} {'{}' if isinstance(item, dict) else '[]'}")
    elif isinstance(item, dict) and listed:
        # "- key: value" then the other keys aligned under the first one
        first = len(out)
        _lines(item, inner, out)
        out[first] = f"{head} {out[first][len(inner) :]}"
    elif isinstance(item, dict | list):
        out.append(head)
        _lines(item, inner if isinstance(item, dict) or listed else indent, out)
    else:
        out.append(f"{head} {scalar(item)}")


def dump_documents(documents: Iterable[Any], header: str = "") -> bytes:
    out: list[str] = []
    for document in documents:
        out.append("---")
        _lines(document, "", out)
    return (header + "\n".join(out) + "\n").encode("utf-8")
