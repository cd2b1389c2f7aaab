"""YAML text for a new scalar value, in the quoting style of the value it replaces."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import yaml

from modelinv.loader.resolve import resolve_plain

Value = str | dt.date

# Plain text that means itself in block and flow context alike: no flow indicators, no
# `: ` or trailing `:`, no ` #`, no leading or trailing space. Letters and digits of any
# script (`José Ñúñez`, `数据团队`): a name need not be quoted for being non-English; marks,
# format and control characters are not among them, so such text stays quoted.
_PLAIN = re.compile(r"[^\W_](?:\w|[ .@()/+'-]|:(?! ))*(?<![ :])")
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# YAML 1.1's reading of plain text (PyYAML's, and that of many tools that read the catalog
# besides modelinv): `yes`, `on`, `1_000`, `1:20` are not text there, though they are in
# YAML 1.2, which modelinv reads. Text written plain must be text to both.
_RESOLVE_11: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = (
    yaml.resolver.Resolver().resolve
)
_TEXT_TAG = "tag:yaml.org,2002:str"


def key_text(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise ValueError(f"not a plain key: {key!r}")
    return key


def plain_ok(text: str) -> bool:
    """True when `text` can be written unquoted and still loads as the same text, in YAML
    1.2 and in YAML 1.1."""
    return (
        bool(_PLAIN.fullmatch(text))
        and resolve_plain(text) == text
        and _RESOLVE_11(yaml.ScalarNode, text, (True, False)) == _TEXT_TAG
    )


def double_quoted(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and char not in "\u2028\u2029\ufeff":
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def single_quoted(text: str) -> str | None:
    if not all(c.isprintable() for c in text):
        return None
    return "'" + text.replace("'", "''") + "'"


def scalar_text(value: Value, style: str | None = None) -> str:
    """`value` as YAML; `style` is the replaced scalar's (None plain, `'`, `"`, `|`, `>`)."""
    text = value.isoformat() if isinstance(value, dt.date) else value
    if style == "'":
        quoted = single_quoted(text)
        if quoted is not None:
            return quoted
    if style in (None, "") and (isinstance(value, dt.date) or plain_ok(text)):
        return text
    return double_quoted(text)
